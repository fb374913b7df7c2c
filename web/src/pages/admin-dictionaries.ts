/**
 * "Kamus topik & wilayah" on the admin page: one dictionary at a time as JSON in a textarea. Saving
 * sends it whole (PUT /api/dictionaries/:kind); a refusal lists each field with its reason.
 */
import { api, ApiError } from '../api';
import { message, select } from '../components';
import { clear, h } from '../dom';
import { formatWib } from '../format';

interface DictionaryDocument {
  kind: string;
  version: string;
  source: 'file' | 'stored';
  updatedBy: string | null;
  updatedAt: string | null;
  data: unknown;
}

const KINDS: [string, string][] = [
  ['topics', 'Topik'],
  ['regions', 'Wilayah (17 kabupaten/kota)'],
  ['officials', 'Pejabat & instansi'],
];

export async function renderDictionaryEditor(box: HTMLElement): Promise<void> {
  const kind = select('kind', KINDS, 'topics', { 'aria-label': 'Kamus yang disunting' });
  const status = h('p', { class: 'muted small', 'aria-live': 'polite' });
  const area = h('textarea', { rows: '24', spellcheck: 'false', style: 'width: 100%; font-family: monospace; font-size: .85rem', 'aria-label': 'Isi kamus (JSON)' });
  const feedback = h('div', { 'aria-live': 'polite' });
  const url = () => `/api/dictionaries/${kind.value}`;

  const show = (doc: DictionaryDocument) => {
    area.value = JSON.stringify(doc.data, null, 2);
    const origin = doc.source === 'file' ? 'berkas bawaan (config/dictionaries)' : `diubah oleh ${doc.updatedBy} pada ${formatWib(doc.updatedAt!)}`;
    status.textContent = `Versi ${doc.version} — ${origin}.`;
  };
  const failed = (err: unknown) => {
    if (!(err instanceof ApiError)) return message('error', 'Gagal menghubungi server.');
    const fields = err.body.fields ?? [];
    if (fields.length === 0) return message('error', err.message);
    return message('error', 'Kamus tidak disimpan:', h('ul', {}, fields.map((f) => h('li', {}, h('code', {}, f.field), ` — ${f.message}`))));
  };
  const act = async (fn: () => Promise<DictionaryDocument>, ok: string) => {
    clear(feedback);
    try {
      show(await fn());
      feedback.append(message('ok', ok));
    } catch (err) {
      feedback.append(failed(err));
    }
  };
  const load = () => act(() => api<DictionaryDocument>(url()), 'Kamus dimuat.');

  const save = () => {
    let body: unknown;
    try {
      body = JSON.parse(area.value);
    } catch (err) {
      clear(feedback);
      feedback.append(message('error', jsonErrorText(area.value, err)));
      return;
    }
    void act(() => api<DictionaryDocument>(url(), { method: 'PUT', body }), 'Tersimpan. Pengaya memakainya dalam satu interval (DENGAR_DICTIONARY_POLL_SECONDS); muat ulang halaman untuk label baru.');
  };
  const reset = () => {
    if (confirm('Kembalikan kamus ini ke berkas bawaan? Perubahan yang tersimpan hilang.')) {
      void act(() => api<DictionaryDocument>(`${url()}/reset`, { method: 'POST' }), 'Dikembalikan ke berkas bawaan.');
    }
  };
  kind.addEventListener('change', () => void load());

  box.append(
    h('h2', {}, 'Kamus topik & wilayah'),
    h(
      'p',
      { class: 'muted small' },
      'Kata kunci dicocokkan per kata utuh; akhiran * = awalan. Id dipakai pos dan kueri (topik:banjir): jangan ganti id yang sudah dipakai. Pos lama ditandai ulang dengan dengar reenrich --since.',
    ),
    h('div', { class: 'inline-form' }, h('label', {}, 'Kamus', kind)),
    status,
    area,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', onclick: save }, 'Simpan kamus'),
      h('button', { type: 'button', class: 'secondary', onclick: () => void load() }, 'Muat ulang'),
      h('button', { type: 'button', class: 'danger', onclick: reset }, 'Kembalikan ke bawaan'),
    ),
    feedback,
  );
  await load();
}

/**
 * The browser's JSON.parse message is English and differs between engines ("at position 42",
 * "(line 3 column 5)"): show where it broke in Indonesian instead.
 */
function jsonErrorText(text: string, err: unknown): string {
  const raw = err instanceof Error ? err.message : '';
  const lineCol = /line (\d+) column (\d+)/.exec(raw);
  const position = /position (\d+)/.exec(raw);
  let where = '';
  if (lineCol) where = ` di baris ${lineCol[1]}, kolom ${lineCol[2]}`;
  else if (position) {
    const before = text.slice(0, Number(position[1])).split('\n');
    where = ` di baris ${before.length}, kolom ${(before.at(-1)?.length ?? 0) + 1}`;
  }
  return `JSON tidak valid${where} — periksa koma, kurung, dan tanda kutip.`;
}
