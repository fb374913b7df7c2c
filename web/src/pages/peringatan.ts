import { api, ApiError, qs } from '../api';
import { clear, h } from '../dom';
import { SOURCE_LABEL, duration, formatWib, number } from '../format';
import { link } from '../router';
import { can, dicts, labelOf } from '../state';
import { message, select } from '../components';
import type { AlertEvent, AlertRule, Dictionaries } from '../types';

const STATES: [string, string][] = [
  ['open', 'Terbuka'],
  ['acknowledged', 'Diakui'],
  ['resolved', 'Selesai'],
];
const STATE_LABEL: Record<string, string> = Object.fromEntries(STATES);
const METRIC_LABEL: Record<string, string> = { negative_count: 'jumlah pos negatif', negative_share: 'porsi negatif', volume: 'volume pos' };
const SENSITIVITY_LABEL: Record<string, string> = { low: 'rendah', medium: 'sedang', high: 'tinggi' };
const GROUP_LABEL: Record<string, string> = { none: 'tanpa pecahan', topic: 'per topik', region: 'per wilayah', region_topic: 'per wilayah × topik' };

interface Channel {
  name: string;
  kind: string;
}

export async function renderPeringatan(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const d = await dicts();
  const state = STATES.some(([k]) => k === params.get('state')) ? params.get('state')! : 'open';
  const [events, rules, channels] = await Promise.all([
    api<AlertEvent[]>(`/api/alerts/events${qs({ state, limit: 50 })}`),
    api<AlertRule[]>('/api/alerts/rules'),
    api<Channel[]>('/api/alerts/channels'),
  ]);
  const eventsBox = h('section', { class: 'list' });
  const rulesBox = h('section', { class: 'card' });
  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Peringatan')),
    h('p', { class: 'muted' }, 'Lonjakan yang tidak biasa dibanding jam yang sama pada 7 hari sebelumnya. Akui bila sedang ditangani, tandai selesai bila sudah.'),
    h('nav', { class: 'tabs', 'aria-label': 'Status peringatan' }, STATES.map(([k, label]) => h('a', { href: `#/peringatan?state=${k}`, class: k === state ? 'active' : '' }, label))),
    eventsBox,
    rulesBox,
  );
  if (events.length === 0) eventsBox.append(message('info', `Tidak ada peringatan berstatus ${STATE_LABEL[state]!.toLowerCase()}.`));
  for (const event of events) eventsBox.append(eventCard(event, d));
  renderRules(rulesBox, rules, channels, d);
}

/** Shares as percentages, counts as numbers: what the analyst reads in the card. */
function metricValue(metric: string, v: number): string {
  return metric === 'negative_share' ? `${(v * 100).toFixed(1)}%` : number(Math.round(v * 10) / 10);
}

function groupText(event: AlertEvent, d: Dictionaries): string {
  const parts = [event.group.region ? labelOf(d, 'region', event.group.region) : '', event.group.topic ? labelOf(d, 'topic', event.group.topic) : ''].filter(Boolean);
  return parts.length ? ` — ${parts.join(' · ')}` : '';
}

/** The in-app search for the spike: the evidence's search link, as a hash route of this app. */
function searchLink(event: AlertEvent): string {
  const params: Record<string, string> = {};
  try {
    new URL(event.evidence.searchUrl).searchParams.forEach((v, k) => (params[k] = v));
  } catch {
    params.from = event.windowFrom;
    params.to = event.windowTo;
  }
  return link('pencarian', params);
}

function eventCard(event: AlertEvent, d: Dictionaries): HTMLElement {
  const e = event.evidence;
  const who = h(
    'p',
    { class: 'inbox-meta' },
    h('span', { class: `status alert-${event.state}` }, STATE_LABEL[event.state] ?? event.state),
    ` dibuat ${formatWib(event.createdAt)}`,
    event.acknowledgedBy && event.acknowledgedAt ? ` · diakui ${event.acknowledgedBy}, ${formatWib(event.acknowledgedAt)}` : '',
    event.resolvedBy && event.resolvedAt ? ` · diselesaikan ${event.resolvedBy}, ${formatWib(event.resolvedAt)}` : '',
    event.note ? ` · Catatan: ${event.note}` : '',
  );
  const card = h(
    'article',
    { class: 'card alert-event', 'data-event': event.id, 'data-state': event.state },
    h('h2', {}, event.ruleName, groupText(event, d)),
    who,
    h(
      'p',
      {},
      h('strong', {}, `${formatWib(event.windowFrom)} – ${formatWib(event.windowTo)}`),
      ` (${duration(Date.parse(event.windowTo) - Date.parse(event.windowFrom))}) · ${METRIC_LABEL[event.metric] ?? event.metric}: `,
      h('strong', { class: 'observed' }, metricValue(event.metric, e.observed)),
      ` teramati vs ${metricValue(event.metric, e.expected)} biasanya · skor ${e.score.toFixed(1)} (ambang ${e.threshold.toFixed(1)}) · ${number(e.windowNegative)} negatif dari ${number(e.windowTotal)} pos`,
    ),
    e.terms.length
      ? h('p', {}, h('span', { class: 'muted' }, 'Kata pendorong: '), e.terms.slice(0, 10).map((t) => h('span', { class: 'chip', title: `${t.window} di jendela, ${t.baseline} di pembanding` }, t.term)))
      : null,
    e.regions.length
      ? h('p', {}, h('span', { class: 'muted' }, 'Wilayah: '), e.regions.map((r) => h('a', { class: 'chip chip-region', href: link('pencarian', { region: r.key, from: event.windowFrom, to: event.windowTo }) }, `${labelOf(d, 'region', r.key)} (${number(r.count)})`)))
      : null,
    e.topPosts.length
      ? h(
          'ul',
          { class: 'top-posts' },
          e.topPosts.map((p) =>
            h('li', {}, h('span', { class: 'muted small' }, `${SOURCE_LABEL[p.source] ?? p.source} · ${formatWib(p.createdAt)} `), p.text, p.url ? [' ', h('a', { href: p.url, target: '_blank', rel: 'noopener noreferrer' }, 'sumber ↗')] : null),
          ),
        )
      : null,
    h('p', {}, h('a', { href: searchLink(event) }, 'Lihat pos lonjakan ini di Pencarian →')),
  );
  if (can('analyst') && event.state !== 'resolved') card.append(transitionForm(event, who));
  return card;
}

function transitionForm(event: AlertEvent, who: HTMLElement): HTMLElement {
  const note = h('input', { name: 'note', maxlength: '1000', placeholder: 'Catatan (opsional)', 'aria-label': 'Catatan' });
  const feedback = h('span', { 'aria-live': 'polite' });
  const act = async (path: 'acknowledge' | 'resolve') => {
    clear(feedback);
    try {
      const updated = await api<AlertEvent>(`/api/alerts/events/${encodeURIComponent(event.id)}/${path}`, { method: 'POST', body: note.value.trim() ? { note: note.value.trim() } : {} });
      const by = updated.state === 'resolved' ? `${updated.resolvedBy ?? ''}, ${updated.resolvedAt ? formatWib(updated.resolvedAt) : ''}` : `${updated.acknowledgedBy ?? ''}, ${updated.acknowledgedAt ? formatWib(updated.acknowledgedAt) : ''}`;
      feedback.append(message('ok', `${STATE_LABEL[updated.state]} oleh ${by}.`));
      who.replaceChildren(h('span', { class: `status alert-${updated.state}` }, STATE_LABEL[updated.state] ?? updated.state), ` oleh ${by}${updated.note ? ` · Catatan: ${updated.note}` : ''}`);
      form.querySelectorAll('button').forEach((b) => (b.disabled = updated.state === 'resolved' || (b.dataset.to === 'acknowledge' && updated.state === 'acknowledged')));
    } catch (err) {
      feedback.append(message('error', err instanceof ApiError ? err.message : 'Gagal mengubah status.'));
    }
  };
  const form = h(
    'form',
    { class: 'inline-form', onsubmit: (e: Event) => e.preventDefault() },
    h('label', { class: 'grow' }, 'Catatan', note),
    event.state === 'open' ? h('button', { type: 'button', 'data-to': 'acknowledge', onclick: () => void act('acknowledge') }, 'Akui') : null,
    h('button', { type: 'button', class: 'secondary', 'data-to': 'resolve', onclick: () => void act('resolve') }, 'Selesaikan'),
    feedback,
  );
  return form;
}

function scopeText(rule: AlertRule, d: Dictionaries): string {
  const parts = [
    rule.scope.query ? `kueri "${rule.scope.query}"` : '',
    rule.scope.topic ? `topik ${labelOf(d, 'topic', rule.scope.topic)}` : '',
    rule.scope.region ? `wilayah ${labelOf(d, 'region', rule.scope.region)}` : '',
    rule.scope.source ? `sumber ${SOURCE_LABEL[rule.scope.source] ?? rule.scope.source}` : '',
  ].filter(Boolean);
  return `${parts.length ? parts.join(', ') : 'semua pos'} · ${GROUP_LABEL[rule.groupBy] ?? rule.groupBy}`;
}

function renderRules(box: HTMLElement, rules: AlertRule[], channels: Channel[], d: Dictionaries): void {
  const refresh = async (note?: string) => {
    const next = await api<AlertRule[]>('/api/alerts/rules');
    clear(box);
    renderRules(box, next, channels, d);
    if (note) box.append(message('ok', note));
  };
  const feedback = h('div', { 'aria-live': 'polite' });
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    clear(feedback);
    try {
      await fn();
      await refresh(ok);
    } catch (err) {
      feedback.append(message('error', err instanceof ApiError ? err.message : 'Gagal.'));
    }
  };
  const analyst = can('analyst');
  box.append(
    h('h2', {}, 'Aturan peringatan'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'rules' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Nama'), h('th', {}, 'Status'), h('th', {}, 'Cakupan'), h('th', {}, 'Ukuran'), h('th', {}, 'Jendela'), h('th', {}, 'Kepekaan'), h('th', {}, 'Kanal'), analyst ? h('th', {}, 'Tindakan') : null)),
        h(
          'tbody',
          {},
          rules.map((r) =>
            h(
              'tr',
              { 'data-rule': r.id, class: r.enabled ? '' : 'muted' },
              h('td', {}, h('strong', {}, r.name), h('div', { class: 'muted small' }, `oleh ${r.updatedBy}, ${formatWib(r.updatedAt)}`)),
              h('td', {}, r.enabled ? 'aktif' : 'nonaktif'),
              h('td', {}, scopeText(r, d)),
              h('td', {}, METRIC_LABEL[r.metric] ?? r.metric, h('div', { class: 'muted small' }, `min. ${number(r.minVolume)} pos`)),
              h('td', {}, duration(r.windowMinutes * 60_000)),
              h('td', {}, SENSITIVITY_LABEL[r.sensitivity] ?? r.sensitivity),
              h('td', {}, r.channels.join(', ')),
              analyst
                ? h(
                    'td',
                    { class: 'actions' },
                    h('button', { type: 'button', class: 'secondary', onclick: () => act(() => api(`/api/alerts/rules/${encodeURIComponent(r.id)}`, { method: 'PATCH', body: { enabled: !r.enabled } }), `${r.name} ${r.enabled ? 'dinonaktifkan' : 'diaktifkan'}.`) }, r.enabled ? 'Nonaktifkan' : 'Aktifkan'),
                    h('button', { type: 'button', class: 'danger', onclick: () => confirm(`Hapus aturan ${r.name}?`) && act(() => api(`/api/alerts/rules/${encodeURIComponent(r.id)}`, { method: 'DELETE' }), `${r.name} dihapus.`) }, 'Hapus'),
                  )
                : null,
            ),
          ),
        ),
      ),
    ),
    feedback,
  );
  if (rules.length === 0) box.append(message('info', 'Belum ada aturan.'));
  if (analyst) box.append(ruleForm(channels, d, act));
}

function ruleForm(channels: Channel[], d: Dictionaries, act: (fn: () => Promise<unknown>, ok: string) => Promise<void>): HTMLElement {
  const name = h('input', { name: 'name', required: true, maxlength: '120', placeholder: 'mis. Keluhan banjir Palembang' });
  const query = h('input', { name: 'query', maxlength: '1000', placeholder: 'mis. banjir ATAU genangan' });
  const topic = select('topic', [['', 'Semua'], ...d.topics.map((t): [string, string] => [t.id, t.label])], '');
  const region = select('region', [['', 'Semua'], ...d.regions.map((r): [string, string] => [r.id, r.name])], '');
  const metric = select('metric', Object.entries(METRIC_LABEL), 'negative_count');
  const windowMinutes = select('windowMinutes', [['60', '1 jam'], ['180', '3 jam'], ['360', '6 jam'], ['1440', '24 jam']], '60');
  const sensitivity = select('sensitivity', Object.entries(SENSITIVITY_LABEL), 'medium');
  const boxes = channels.map((c) => ({ name: c.name, input: h('input', { type: 'checkbox', name: 'channels', value: c.name, checked: c.name === 'in_app' }) }));
  const form = h(
    'form',
    {
      class: 'inline-form rule-form',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const scope = { query: query.value.trim(), ...(topic.value ? { topic: topic.value } : {}), ...(region.value ? { region: region.value } : {}) };
        const body = {
          name: name.value.trim(),
          scope,
          metric: metric.value,
          windowMinutes: Number(windowMinutes.value),
          sensitivity: sensitivity.value,
          channels: boxes.filter((b) => b.input.checked).map((b) => b.name),
        };
        void act(() => api('/api/alerts/rules', { method: 'POST', body }), `Aturan ${body.name} dibuat.`);
      },
    },
    h('label', {}, 'Nama aturan', name),
    h('label', {}, 'Kueri', query),
    h('label', {}, 'Topik', topic),
    h('label', {}, 'Wilayah', region),
    h('label', {}, 'Ukuran', metric),
    h('label', {}, 'Jendela', windowMinutes),
    h('label', {}, 'Kepekaan', sensitivity),
    h('fieldset', { class: 'channels' }, h('legend', {}, 'Kanal'), boxes.map((b) => h('label', { class: 'check' }, b.input, b.name))),
    h('button', { type: 'submit' }, 'Simpan aturan'),
  );
  return h('div', {}, h('h3', {}, 'Aturan baru'), form);
}
