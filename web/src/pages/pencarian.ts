import { api, ApiError, qs } from '../api';
import { chart } from '../charts';
import { clear, h } from '../dom';
import { SENTIMENT_COLOR, SENTIMENT_LABEL, SOURCE_LABEL, number, shortDay } from '../format';
import { go } from '../router';
import { can, dicts, labelOf } from '../state';
import { message, postCard, select } from '../components';
import type { ApiPost, ApiSearchResult, Dictionaries, SavedSearch, Stats } from '../types';

export const FILTER_KEYS = ['q', 'from', 'to', 'sentiment', 'topic', 'region', 'source', 'lang', 'sort'] as const;
type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

export function readFilters(params: URLSearchParams): Filters {
  const f: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  return f;
}

/** The search form (shared with Koreksi): query box with inline errors, and the filters. */
export function searchForm(d: Dictionaries, f: Filters, page: string): { form: HTMLFormElement; error: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { name: 'q', type: 'search', value: f.q ?? '', placeholder: 'mis. banjir DAN (palembang ATAU "ogan ilir") -hoaks', 'aria-label': 'Kueri', autocomplete: 'off' });
  const error = h('div', { class: 'query-error-box', 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      class: 'search-form card',
      role: 'search',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const data = new FormData(form);
        const next: Record<string, string> = {};
        for (const [k, v] of data.entries()) if (typeof v === 'string' && v.trim()) next[k] = v.trim();
        go(page, next);
      },
    },
    h('div', { class: 'query-row' }, input, h('button', { type: 'submit' }, 'Cari')),
    error,
    h(
      'div',
      { class: 'filters' },
      h('label', {}, 'Dari', h('input', { type: 'date', name: 'from', value: f.from?.slice(0, 10) ?? '' })),
      h('label', {}, 'Sampai', h('input', { type: 'date', name: 'to', value: f.to?.slice(0, 10) ?? '' })),
      h('label', {}, 'Sentimen', select('sentiment', [['', 'Semua'], ['negatif', 'Negatif'], ['netral', 'Netral'], ['positif', 'Positif']], normaliseSentiment(f.sentiment))),
      h('label', {}, 'Topik', select('topic', [['', 'Semua'], ...d.topics.map((t): [string, string] => [t.id, t.label])], f.topic ?? '')),
      h('label', {}, 'Wilayah', select('region', [['', 'Semua'], ...d.regions.map((r): [string, string] => [r.id, r.name])], f.region ?? '')),
      h('label', {}, 'Sumber', select('source', [['', 'Semua'], ...d.sources.map((s): [string, string] => [s, SOURCE_LABEL[s] ?? s])], f.source ?? '')),
      h('label', {}, 'Bahasa', select('lang', [['', 'Semua'], ['id', 'Indonesia'], ['en', 'Inggris']], f.lang ?? '')),
      h('label', {}, 'Urutan', select('sort', [['newest', 'Terbaru'], ['oldest', 'Terlama'], ['relevance', 'Relevansi'], ['engagement', 'Keterlibatan']], f.sort ?? 'newest')),
    ),
    h('details', { class: 'help' }, h('summary', {}, 'Bahasa kueri'), h('p', {}, 'Kata: banjir · frasa: "jalan rusak" · DAN / ATAU / TIDAK (atau AND, OR, NOT, -kata) · kurung () · awalan: bajir* · kolom: sentimen:negatif topik:banjir wilayah:oi sumber:x penulis:@akun · tanggal:2026-11-01..2026-11-07')),
  );
  return { form, error, input };
}

function normaliseSentiment(s: string | undefined): string {
  if (!s) return '';
  const map: Record<string, string> = { positive: 'positif', negative: 'negatif', neutral: 'netral' };
  return map[s] ?? s;
}

/** Show a query error where it happened: the message, and the query with a caret under the position. */
export function showQueryError(box: HTMLElement, q: string, err: ApiError): void {
  clear(box);
  const pos = err.body.position;
  box.append(
    h(
      'div',
      { class: 'msg msg-error query-error', role: 'alert' },
      h('p', {}, err.body.message),
      typeof pos === 'number' ? h('pre', {}, q, '\n', `${' '.repeat(Math.min(pos, q.length))}^`) : null,
    ),
  );
}

export async function renderPencarian(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const d = await dicts();
  const f = readFilters(params);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const { form, error } = searchForm(d, f, 'pencarian');
  const savedBox = h('div', { class: 'saved' });
  const results = h('div', { class: 'results' });
  const facets = h('aside', { class: 'facets card', 'aria-label': 'Facet' });
  const trend = h('section', { class: 'card' });
  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Pencarian')), savedBox, form);
  void renderSaved(savedBox, f);

  const searchQs = { ...f, sentiment: normaliseSentiment(f.sentiment), page, size: 20 };
  let result: ApiSearchResult;
  let highlight: { value: string; prefix: boolean }[] = [];
  try {
    [result, { highlight }] = await Promise.all([
      api<ApiSearchResult>(`/api/search${qs(searchQs)}`),
      api<{ highlight: { value: string; prefix: boolean }[] }>(`/api/query/parse${qs({ q: f.q ?? '' })}`),
    ]);
  } catch (err) {
    if (err instanceof ApiError && err.status === 400) {
      if (err.body.code === 'DENGAR_ERR_QUERY_SYNTAX') showQueryError(error, f.q ?? '', err);
      else error.append(message('error', err.message));
      return;
    }
    throw err;
  }

  const exportQs = (format: string) => `/api/export${qs({ ...f, sentiment: normaliseSentiment(f.sentiment), format })}`;
  main.append(
    h(
      'div',
      { class: 'toolbar' },
      h('strong', { class: 'total' }, `${number(result.total)} pos`),
      saveButton(f, savedBox),
      can('analyst')
        ? h('span', { class: 'exports' }, 'Ekspor: ', h('a', { class: 'button', href: exportQs('csv'), download: '' }, 'CSV'), ' ', h('a', { class: 'button', href: exportQs('xlsx'), download: '' }, 'XLSX'))
        : null,
    ),
    trend,
    h('div', { class: 'search-body' }, facets, results),
  );

  renderFacets(facets, result, d, f);
  for (const post of result.hits) results.append(postCard(post, d, { terms: highlight, actions: copiesLink(post, result) }));
  if (result.hits.length === 0) results.append(message('info', 'Tidak ada pos yang cocok. Coba longgarkan filter atau periksa ejaan.'));
  results.append(pager(result, f, page));
  await renderTrend(trend, f);
}

function saveButton(f: Filters, savedBox: HTMLElement): HTMLElement {
  const name = h('input', { placeholder: 'Nama pencarian', 'aria-label': 'Nama pencarian', maxlength: '80' });
  const wrap = h(
    'form',
    {
      class: 'inline',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        if (!name.value.trim()) return name.focus();
        await api('/api/saved-searches', { method: 'POST', body: { name: name.value.trim(), params: f } });
        name.value = '';
        await renderSaved(savedBox, f);
      },
    },
    name,
    h('button', { type: 'submit' }, 'Simpan pencarian'),
  );
  return wrap;
}

async function renderSaved(box: HTMLElement, current: Filters): Promise<void> {
  const saved = await api<SavedSearch[]>('/api/saved-searches').catch(() => []);
  clear(box);
  if (saved.length === 0) return;
  box.append(
    h('span', { class: 'muted' }, 'Tersimpan: '),
    ...saved.map((s) =>
      h(
        'span',
        { class: 'chip saved-chip' },
        h('a', { href: `#/pencarian${qs(s.params)}`, title: JSON.stringify(s.params) }, s.name),
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            'aria-label': `Hapus ${s.name}`,
            onclick: async () => {
              await api(`/api/saved-searches/${s.id}`, { method: 'DELETE' });
              await renderSaved(box, current);
            },
          },
          '×',
        ),
      ),
    ),
  );
}

function renderFacets(box: HTMLElement, result: ApiSearchResult, d: Dictionaries, f: Filters): void {
  const groups: [string, string, (k: string) => string][] = [
    ['sentiment', 'Sentimen', (k) => SENTIMENT_LABEL[k] ?? k],
    ['topic', 'Topik', (k) => labelOf(d, 'topic', k)],
    ['region', 'Wilayah', (k) => labelOf(d, 'region', k)],
    ['source', 'Sumber', (k) => SOURCE_LABEL[k] ?? k],
  ];
  for (const [field, title, label] of groups) {
    const buckets = result.facets[field] ?? [];
    if (buckets.length === 0) continue;
    box.append(
      h('h3', {}, title),
      h(
        'ul',
        {},
        buckets.slice(0, 12).map((b) => {
          const value = field === 'sentiment' ? SENTIMENT_LABEL[b.key] ?? b.key : b.key;
          return h('li', {}, h('a', { href: `#/pencarian${qs({ ...f, [field]: value })}` }, label(b.key)), h('span', { class: 'count' }, number(b.count)));
        }),
      ),
    );
  }
}

/** "N salinan serupa" on a post whose near-duplicate cluster has other members: opens the whole cluster. */
function copiesLink(post: ApiPost, result: ApiSearchResult): HTMLElement[] {
  const size = post.clusterId ? (result.clusterSizes?.[post.clusterId] ?? 1) : 1;
  if (size <= 1) return [];
  const others = size - 1;
  return [
    h(
      'a',
      { class: 'chip chip-copies', href: `#/pencarian${qs({ q: `klaster:${post.clusterId}` })}`, title: `${number(size)} pos dengan teks hampir sama (salinan, retweet, berita sindikasi)` },
      `${number(others)} salinan serupa`,
    ),
  ];
}

function pager(result: ApiSearchResult, f: Filters, page: number): HTMLElement {
  const pages = Math.min(1000, Math.ceil(result.total / result.size));
  if (pages <= 1) return h('span', {});
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Halaman' },
    page > 1 ? h('a', { href: `#/pencarian${qs({ ...f, page: page - 1 })}` }, '← Sebelumnya') : null,
    h('span', {}, `Halaman ${page} dari ${number(pages)}`),
    page < pages ? h('a', { href: `#/pencarian${qs({ ...f, page: page + 1 })}` }, 'Berikutnya →') : null,
  );
}

/** The query's own trend: the same query and filters, per WIB day (the last 30 days when no dates are set). */
async function renderTrend(box: HTMLElement, f: Filters): Promise<void> {
  const stats = await api<Stats>(`/api/stats${qs({ q: f.q, from: f.from, to: f.to, sentiment: normaliseSentiment(f.sentiment), topic: f.topic, region: f.region, source: f.source, lang: f.lang, days: 30, interval: 'day', top: 1 })}`);
  const canvas = h('canvas', { 'aria-label': 'Tren kueri' });
  box.append(h('h2', {}, 'Tren kueri ini (per hari, WIB)'), h('div', { class: 'chart' }, canvas));
  chart(
    canvas,
    {
      type: 'line',
      data: {
        labels: stats.histogram.map((b) => shortDay(b.key)),
        datasets: [
          { label: 'Semua', data: stats.histogram.map((b) => b.total), borderColor: '#2563eb', backgroundColor: 'rgba(37,99,235,0.1)', fill: true, tension: 0.25 },
          { label: 'Negatif', data: stats.histogram.map((b) => b.negative), borderColor: SENTIMENT_COLOR.negative, tension: 0.25 },
        ],
      },
      options: { plugins: { legend: { position: 'bottom' } }, scales: { y: { beginAtZero: true } } },
    },
    (i) => {
      const day = stats.histogram[i]!.key.slice(0, 10);
      go('pencarian', { ...f, from: day, to: day });
    },
  );
}

export type { ApiPost };
