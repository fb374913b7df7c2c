import { h, highlighted } from './dom';
import { SENTIMENT_LABEL, SOURCE_LABEL, formatWib, number } from './format';
import type { ApiPost, Dictionaries } from './types';
import { labelOf } from './state';

export function sentimentBadge(post: ApiPost): HTMLElement {
  const label = post.sentiment.label;
  return h('span', { class: `badge badge-${label}` }, SENTIMENT_LABEL[label] ?? label);
}

/** Why the machine said what it said: the terms that moved the score, and any human correction. */
export function explanation(post: ApiPost): HTMLElement {
  const terms = [...post.sentiment.terms].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  const c = post.correction;
  return h(
    'div',
    { class: 'explain', role: 'region', 'aria-label': 'Penjelasan sentimen' },
    h('p', {}, h('strong', {}, 'Mengapa '), sentimentBadge(post), h('strong', {}, '?'), ` Skor mesin ${post.sentiment.score.toFixed(2)} (model ${post.modelVersion}).`),
    terms.length
      ? h(
          'ul',
          { class: 'terms' },
          terms.map((t) => h('li', { class: t.weight < 0 ? 'neg' : t.weight > 0 ? 'pos' : '' }, h('code', {}, t.term), ` ${t.weight > 0 ? '+' : ''}${t.weight.toFixed(2)}`)),
        )
      : h('p', { class: 'muted' }, 'Tidak ada kata penentu: teks dinilai netral.'),
    c
      ? h(
          'p',
          { class: 'correction' },
          `Dikoreksi oleh ${c.by}, ${formatWib(c.at)}. Mesin semula: ${SENTIMENT_LABEL[c.machineSentiment] ?? c.machineSentiment}${c.machineTopics.length ? `; topik ${c.machineTopics.join(', ')}` : ''}.`,
        )
      : null,
  );
}

export function postCard(post: ApiPost, d: Dictionaries, opts: { terms?: { value: string; prefix: boolean }[]; actions?: HTMLElement[] } = {}): HTMLElement {
  const explain = explanation(post);
  explain.hidden = true;
  const badge = h(
    'button',
    {
      type: 'button',
      class: `badge badge-${post.sentiment.label} badge-button`,
      title: 'Lihat alasan sentimen',
      'aria-expanded': 'false',
      onclick: (e: Event) => {
        explain.hidden = !explain.hidden;
        (e.currentTarget as HTMLElement).setAttribute('aria-expanded', String(!explain.hidden));
      },
    },
    SENTIMENT_LABEL[post.sentiment.label] ?? post.sentiment.label,
    post.correction ? ' ✎' : '',
  );
  const author = post.author?.handle ? `@${post.author.handle.replace(/^@/, '')}` : post.author?.name ?? 'anonim';
  const e = post.engagement ?? {};
  const terms = opts.terms ?? [];
  return h(
    'article',
    { class: 'post', 'data-id': post.id },
    h(
      'header',
      {},
      badge,
      h('span', { class: 'source' }, SOURCE_LABEL[post.source] ?? post.source),
      h('span', { class: 'author' }, author),
      h('time', { datetime: post.createdAt }, formatWib(post.createdAt)),
    ),
    post.title ? h('h3', {}, ...highlighted(post.title, terms)) : null,
    h('p', { class: 'text' }, ...highlighted(post.text, terms)),
    h(
      'footer',
      {},
      post.topics.map((t) => h('a', { class: 'chip', href: `#/pencarian?topic=${encodeURIComponent(t)}` }, labelOf(d, 'topic', t))),
      post.regions.map((r) => h('a', { class: 'chip chip-region', href: `#/pencarian?region=${encodeURIComponent(r)}` }, labelOf(d, 'region', r))),
      h('span', { class: 'engagement' }, `suka ${number(e.likes ?? 0)} · bagikan ${number(e.shares ?? 0)} · balasan ${number(e.replies ?? 0)}`),
      post.url ? h('a', { href: post.url, target: '_blank', rel: 'noopener noreferrer' }, 'sumber ↗') : null,
      post.correction ? h('span', { class: 'muted' }, `dikoreksi ${post.correction.by}`) : null,
      ...(opts.actions ?? []),
    ),
    explain,
  );
}

export function message(kind: 'info' | 'error' | 'ok', text: string | Node, ...rest: (string | Node)[]): HTMLElement {
  return h('div', { class: `msg msg-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text, ...rest);
}

export function loading(): HTMLElement {
  return h('p', { class: 'muted' }, 'Memuat…');
}

export function select(name: string, options: [string, string][], value: string | null, attrs: Record<string, string> = {}): HTMLSelectElement {
  return h('select', { name, ...attrs }, options.map(([v, label]) => h('option', { value: v, ...(v === (value ?? '') ? { selected: true } : {}) }, label)));
}
