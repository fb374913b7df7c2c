import { api, ApiError, qs } from '../api';
import { clear, h } from '../dom';
import { dicts } from '../state';
import { message, postCard, select } from '../components';
import type { ApiPost, ApiSearchResult, Dictionaries } from '../types';
import { readFilters, searchForm, showQueryError } from './pencarian';

/** Koreksi: find posts, fix their sentiment and topics. Every correction is kept (who, when) and feeds training. */
export async function renderKoreksi(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const d = await dicts();
  const f = readFilters(params);
  const { form, error } = searchForm(d, f, 'koreksi');
  main.append(h('div', { class: 'page-head' }, h('h1', {}, 'Koreksi label')), h('p', { class: 'muted' }, 'Cari pos, lalu perbaiki sentimen dan topiknya. Koreksi dicatat (siapa, kapan) dan dipakai untuk melatih ulang model.'), form);
  const list = h('div', { class: 'list' });
  main.append(list);
  let result: ApiSearchResult;
  try {
    result = await api<ApiSearchResult>(`/api/search${qs({ ...f, size: 20 })}`);
  } catch (err) {
    if (err instanceof ApiError && err.body.code === 'DENGAR_ERR_QUERY_SYNTAX') return showQueryError(error, f.q ?? '', err);
    throw err;
  }
  if (result.hits.length === 0) list.append(message('info', 'Tidak ada pos yang cocok.'));
  for (const post of result.hits) list.append(relabelCard(post, d));
}

function relabelCard(post: ApiPost, d: Dictionaries): HTMLElement {
  const wrap = h('div', { class: 'relabel' });
  const draw = (p: ApiPost) => {
    clear(wrap);
    const sentiment = select('sentiment', [['positive', 'Positif'], ['neutral', 'Netral'], ['negative', 'Negatif']], p.sentiment.label, { 'aria-label': 'Sentimen benar' });
    const topics = h(
      'fieldset',
      { class: 'topics' },
      h('legend', {}, 'Topik'),
      d.topics.map((t) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'topic', value: t.id, checked: p.topics.includes(t.id) }), t.label)),
    );
    const feedback = h('span', { 'aria-live': 'polite' });
    const form = h(
      'form',
      {
        class: 'relabel-form',
        onsubmit: async (e: Event) => {
          e.preventDefault();
          clear(feedback);
          const chosen = [...topics.querySelectorAll<HTMLInputElement>('input[name=topic]:checked')].map((i) => i.value);
          try {
            const updated = await api<ApiPost>(`/api/posts/${p.id}/label`, { method: 'POST', body: { sentiment: sentiment.value, topics: chosen } });
            draw(updated);
            wrap.append(message('ok', `Koreksi tersimpan oleh ${updated.correction?.by ?? 'Anda'}.`));
          } catch (err) {
            feedback.append(message('error', err instanceof ApiError ? err.message : 'Gagal menyimpan koreksi.'));
          }
        },
      },
      h('label', {}, 'Sentimen benar', sentiment),
      h('details', {}, h('summary', {}, `Topik (${p.topics.length})`), topics),
      h('button', { type: 'submit' }, 'Simpan koreksi'),
      feedback,
    );
    wrap.append(postCard(p, d), form);
  };
  draw(post);
  return wrap;
}
