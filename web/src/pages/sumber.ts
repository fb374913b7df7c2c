import { api, ApiError } from '../api';
import { h } from '../dom';
import { SOURCE_LABEL, formatWib, number } from '../format';
import { message } from '../components';

interface SourceView {
  id: string;
  kind: string;
  name: string | null;
  enabled: boolean;
  note: string | null;
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  postsCollected: number;
  credentials: { env: string; configured: boolean }[];
}

export async function renderSumber(main: HTMLElement): Promise<void> {
  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Sumber')));
  let data: { sources: SourceView[] };
  try {
    data = await api<{ sources: SourceView[] }>('/api/sources');
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return void main.append(message('info', 'Status sumber belum tersedia di server ini (modul kolektor belum memasang /api/sources).'));
    if (err instanceof ApiError && err.status === 403) return void main.append(message('info', 'Status sumber hanya untuk analis dan admin.'));
    throw err;
  }
  const when = (v: string | null) => (v ? formatWib(v) : '–');
  main.append(
    h(
      'div',
      { class: 'table-wrap card' },
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Sumber'), h('th', {}, 'Jenis'), h('th', {}, 'Status'), h('th', {}, 'Terakhir berhasil'), h('th', { class: 'num' }, 'Pos'), h('th', {}, 'Galat terakhir'))),
        h(
          'tbody',
          {},
          data.sources.map((s) => {
            const missing = s.credentials.filter((c) => !c.configured).map((c) => c.env);
            const state = !s.enabled ? 'nonaktif' : missing.length ? `kunci belum diisi: ${missing.join(', ')}` : s.consecutiveFailures > 0 ? `gagal ${s.consecutiveFailures}×` : s.lastSuccessAt ? 'sehat' : 'belum berjalan';
            return h(
              'tr',
              { class: s.consecutiveFailures > 0 ? 'flagged' : '' },
              h('td', {}, s.name ?? s.id, s.note ? h('div', { class: 'muted small' }, s.note) : null),
              h('td', {}, SOURCE_LABEL[s.kind] ?? s.kind),
              h('td', {}, state),
              h('td', {}, when(s.lastSuccessAt)),
              h('td', { class: 'num' }, number(s.postsCollected)),
              h('td', { class: 'small' }, s.lastError ?? ''),
            );
          }),
        ),
      ),
    ),
  );
}
