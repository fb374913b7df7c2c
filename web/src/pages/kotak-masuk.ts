import { api, ApiError, qs } from '../api';
import { clear, h } from '../dom';
import { STATUS_LABEL, duration, formatWib, number } from '../format';
import { go } from '../router';
import { can, dicts, session } from '../state';
import { message, postCard, select } from '../components';
import type { ApiPost, Dictionaries, InboxItem } from '../types';

interface InboxList {
  total: number;
  page: number;
  size: number;
  entries: { item: InboxItem; post: ApiPost | null; suggestedDinas: string | null }[];
  summary: { counts: { baru: number; ditangani: number; selesai: number }; medianFirstResponseMs: number | null; oldestOpenCreatedAt: string | null };
  dinas: string[];
  added: number;
}

const TABS: [string, string][] = [
  ['terbuka', 'Terbuka'],
  ['baru', 'Baru'],
  ['ditangani', 'Ditangani'],
  ['selesai', 'Selesai'],
  ['semua', 'Semua'],
];
const RULE_LABEL: Record<string, string> = { 'akun-kantor': 'menyebut akun kantor', pertanyaan: 'pertanyaan', keluhan: 'keluhan' };

export async function renderKotakMasuk(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const d = await dicts();
  const status = TABS.some(([k]) => k === params.get('status')) ? params.get('status')! : 'terbuka';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const data = await api<InboxList>(`/api/inbox${qs({ status, page, size: 20 })}`);
  const s = data.summary;
  const now = Date.now();

  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Kotak Masuk'), can('analyst') ? h('button', { type: 'button', onclick: async () => (await api('/api/inbox/sync', { method: 'POST' }), go('kotak-masuk', { status })) }, 'Periksa pos baru') : null),
    h('p', { class: 'muted' }, 'Pos yang menyebut akun kantor, bertanya, atau mengeluh (aturan diatur admin). Tanggapi, teruskan ke dinas, lalu tandai selesai.'),
    h(
      'section',
      { class: 'kpis' },
      h('div', { class: 'kpi' }, h('span', { class: 'kpi-value' }, number(s.counts.baru)), h('span', { class: 'kpi-label' }, 'baru')),
      h('div', { class: 'kpi' }, h('span', { class: 'kpi-value' }, number(s.counts.ditangani)), h('span', { class: 'kpi-label' }, 'ditangani')),
      h('div', { class: 'kpi' }, h('span', { class: 'kpi-value' }, number(s.counts.selesai)), h('span', { class: 'kpi-label' }, 'selesai')),
      h('div', { class: 'kpi' }, h('span', { class: 'kpi-value' }, s.medianFirstResponseMs === null ? '–' : duration(s.medianFirstResponseMs)), h('span', { class: 'kpi-label' }, 'median respons pertama')),
      h('div', { class: 'kpi' }, h('span', { class: 'kpi-value' }, s.oldestOpenCreatedAt ? duration(now - Date.parse(s.oldestOpenCreatedAt)) : '–'), h('span', { class: 'kpi-label' }, 'umur butir terbuka tertua')),
    ),
    h('nav', { class: 'tabs', 'aria-label': 'Status' }, TABS.map(([k, label]) => h('a', { href: `#/kotak-masuk?status=${k}`, class: k === status ? 'active' : '' }, label))),
    h('datalist', { id: 'dinas-list' }, data.dinas.map((x) => h('option', { value: x }))),
  );

  const list = h('div', { class: 'list' });
  main.append(list);
  if (data.entries.length === 0) list.append(message('info', 'Tidak ada butir dengan status ini.'));
  for (const entry of data.entries) list.append(inboxEntry(entry, d, now));
  const pages = Math.ceil(data.total / data.size);
  if (pages > 1) {
    main.append(
      h(
        'nav',
        { class: 'pager' },
        page > 1 ? h('a', { href: `#/kotak-masuk?status=${status}&page=${page - 1}` }, '← Sebelumnya') : null,
        h('span', {}, `Halaman ${page} dari ${pages}`),
        page < pages ? h('a', { href: `#/kotak-masuk?status=${status}&page=${page + 1}` }, 'Berikutnya →') : null,
      ),
    );
  }
}

function inboxEntry(entry: InboxList['entries'][number], d: Dictionaries, now: number): HTMLElement {
  const { item, post } = entry;
  const age = item.status === 'selesai' && item.closedAt ? `selesai ${formatWib(item.closedAt)}` : `terbuka ${duration(now - Date.parse(item.postCreatedAt))}`;
  const response = item.firstResponseAt ? `respons pertama setelah ${duration(Date.parse(item.firstResponseAt) - Date.parse(item.postCreatedAt))}` : 'belum ditanggapi';
  const meta = h(
    'p',
    { class: 'inbox-meta' },
    h('span', { class: `status status-${item.status}` }, STATUS_LABEL[item.status] ?? item.status),
    ` ${age} · ${response}`,
    item.matched.length ? ` · ${item.matched.map((m) => RULE_LABEL[m] ?? m).join(', ')}` : '',
    item.updatedBy ? ` · diubah ${item.updatedBy}` : '',
  );
  const box = h('section', { class: 'inbox-item card', 'data-post': item.postId }, meta, post ? postCard(post, d) : message('info', 'Pos ini sudah tidak ada di penyimpanan (mungkin terhapus oleh retensi).'));
  if (!can('analyst')) {
    box.append(h('p', { class: 'muted' }, `Penanggung jawab: ${item.assignee ?? '–'} · Dinas: ${item.dinas ?? entry.suggestedDinas ?? '–'}${item.notes ? ` · Catatan: ${item.notes}` : ''}`));
    return box;
  }
  const status = select('status', [['baru', 'Baru'], ['ditangani', 'Ditangani'], ['selesai', 'Selesai']], item.status, { 'aria-label': 'Status' });
  const assignee = h('input', { name: 'assignee', value: item.assignee ?? '', placeholder: session.me?.user.username ?? '', 'aria-label': 'Penanggung jawab' });
  const dinas = h('input', { name: 'dinas', value: item.dinas ?? '', placeholder: entry.suggestedDinas ?? 'Dinas', list: 'dinas-list', 'aria-label': 'Dinas' });
  const notes = h('textarea', { name: 'notes', rows: '2', placeholder: 'Catatan (balasan, tindak lanjut)', 'aria-label': 'Catatan' }, item.notes);
  const feedback = h('span', { 'aria-live': 'polite' });
  box.append(
    h(
      'form',
      {
        class: 'inbox-form',
        onsubmit: async (e: Event) => {
          e.preventDefault();
          clear(feedback);
          try {
            const updated = await api<InboxItem>(`/api/inbox/${item.postId}`, {
              method: 'PATCH',
              body: { status: status.value, assignee: assignee.value.trim() || null, dinas: dinas.value.trim() || null, notes: notes.value },
            });
            feedback.append(message('ok', `Tersimpan: ${updated.status}.`));
            meta.replaceWith(h('p', { class: 'inbox-meta' }, h('span', { class: `status status-${updated.status}` }, STATUS_LABEL[updated.status] ?? updated.status), ` diubah ${updated.updatedBy ?? ''}`));
          } catch (err) {
            feedback.append(message('error', err instanceof ApiError ? err.message : 'Gagal menyimpan.'));
          }
        },
      },
      h('label', {}, 'Status', status),
      h('label', {}, 'Penanggung jawab', assignee),
      h('label', {}, 'Dinas', dinas),
      h('label', { class: 'grow' }, 'Catatan', notes),
      h('button', { type: 'submit' }, 'Simpan'),
      feedback,
    ),
  );
  return box;
}
