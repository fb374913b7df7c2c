import { api, ApiError, qs } from '../api';
import { chart } from '../charts';
import { h } from '../dom';
import { SENTIMENT_COLOR, SENTIMENT_LABEL, formatWib, number, shortDay, wibDaysAgo, wibToday } from '../format';
import { go } from '../router';
import { dicts, shortLabel } from '../state';
import { message, postCard } from '../components';
import type { ApiSearchResult, Stats } from '../types';

const PERIODS = [7, 30, 90] as const;

export async function renderBeranda(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const days = PERIODS.find((p) => String(p) === params.get('hari')) ?? 30;
  const d = await dicts();
  const from = wibDaysAgo(days - 1);
  const to = wibToday();
  const stats = await api<Stats>(`/api/stats${qs({ from, to, interval: 'day', top: 18 })}`);

  main.append(
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, 'Beranda'),
      h(
        'div',
        { class: 'segmented', role: 'group', 'aria-label': 'Periode' },
        PERIODS.map((p) => h('button', { type: 'button', class: p === days ? 'on' : '', onclick: () => go('beranda', { hari: String(p) }) }, `${p} hari`)),
      ),
    ),
    h('p', { class: 'muted' }, `${number(stats.total)} pos dalam ${days} hari terakhir (WIB, ${shortDay(from)} – ${shortDay(to)}). Klik grafik untuk membuka pencariannya.`),
  );

  const sentimentTotals = Object.fromEntries(stats.bySentiment.map((b) => [b.key, b.count]));
  main.append(
    h(
      'section',
      { class: 'kpis' },
      (['negative', 'neutral', 'positive'] as const).map((s) =>
        h(
          'a',
          { class: `kpi kpi-${s}`, href: `#/pencarian${qs({ sentiment: SENTIMENT_LABEL[s], from, to })}` },
          h('span', { class: 'kpi-value' }, number(sentimentTotals[s] ?? 0)),
          h('span', { class: 'kpi-label' }, `${SENTIMENT_LABEL[s]} (${stats.total ? Math.round(((sentimentTotals[s] ?? 0) / stats.total) * 100) : 0}%)`),
        ),
      ),
    ),
  );

  // Volume and sentiment per WIB day: stacked bars, one click opens that day's posts.
  const trendCanvas = h('canvas', { 'aria-label': 'Tren volume dan sentimen harian' });
  const topicCanvas = h('canvas', { 'aria-label': 'Pangsa per topik' });
  const regionCanvas = h('canvas', { 'aria-label': 'Pangsa per kabupaten/kota' });
  const negatives = h('div', { class: 'list' });
  const alerts = h('div', {});
  main.append(
    h('section', { class: 'card wide' }, h('h2', {}, 'Volume & sentimen per hari'), h('div', { class: 'chart chart-tall' }, trendCanvas)),
    h(
      'div',
      { class: 'grid2' },
      h('section', { class: 'card' }, h('h2', {}, 'Per topik'), h('div', { class: 'chart' }, topicCanvas)),
      h('section', { class: 'card' }, h('h2', {}, 'Per kabupaten/kota'), h('div', { class: 'chart' }, regionCanvas)),
    ),
    h('div', { class: 'grid2' }, h('section', { class: 'card' }, h('h2', {}, 'Pos negatif paling ramai hari ini'), negatives), h('section', { class: 'card' }, h('h2', {}, 'Peringatan aktif'), alerts)),
  );

  const labels = stats.histogram.map((b) => shortDay(b.key));
  chart(
    trendCanvas,
    {
      type: 'bar',
      data: {
        labels,
        datasets: (['negative', 'neutral', 'positive'] as const).map((s) => ({
          label: SENTIMENT_LABEL[s]!,
          data: stats.histogram.map((b) => b[s]),
          backgroundColor: SENTIMENT_COLOR[s],
          stack: 'v',
        })),
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } }, plugins: { legend: { position: 'bottom' } } },
    },
    (i, ds) => {
      const day = stats.histogram[i]!.key.slice(0, 10);
      const s = (['negative', 'neutral', 'positive'] as const)[ds];
      go('pencarian', { from: day, to: day, sentiment: s ? SENTIMENT_LABEL[s] : undefined });
    },
  );

  const hbar = (canvas: HTMLCanvasElement, buckets: { key: string; count: number }[], kind: 'topic' | 'region', color: string) => {
    // One row per bucket, every label shown: the box grows with the number of bars.
    canvas.parentElement!.style.height = `${Math.max(200, buckets.length * 24 + 50)}px`;
    return chart(
      canvas,
      {
        type: 'bar',
        data: { labels: buckets.map((b) => shortLabel(d, kind, b.key)), datasets: [{ label: 'Pos', data: buckets.map((b) => b.count), backgroundColor: color }] },
        options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true }, y: { ticks: { autoSkip: false } } } },
      },
      (i) => go('pencarian', { [kind]: buckets[i]!.key, from, to }),
    );
  };
  hbar(topicCanvas, stats.byTopic, 'topic', '#2563eb');
  hbar(regionCanvas, stats.byRegion, 'region', '#0f766e');

  // Today's most engaged negative posts; an empty day says so and shows the last 7 days instead.
  let neg = await api<ApiSearchResult>(`/api/search${qs({ sentiment: 'negatif', sort: 'engagement', from: to, to, size: 5 })}`);
  if (neg.total === 0) {
    negatives.append(message('info', 'Belum ada pos negatif hari ini; menampilkan 7 hari terakhir.'));
    neg = await api<ApiSearchResult>(`/api/search${qs({ sentiment: 'negatif', sort: 'engagement', from: wibDaysAgo(6), to, size: 5 })}`);
  }
  for (const p of neg.hits) negatives.append(postCard(p, d));
  if (neg.hits.length === 0) negatives.append(h('p', { class: 'muted' }, 'Tidak ada pos negatif.'));

  await renderAlerts(alerts);
}

/** Open alert events from the alerter; until its routes are mounted this says honestly that alerts are not active. */
async function renderAlerts(box: HTMLElement): Promise<void> {
  try {
    const events = await api<{ id: string; ruleName: string; windowTo: string; createdAt: string; group?: unknown }[]>(`/api/alerts/events${qs({ state: 'open', limit: 10 })}`);
    if (events.length === 0) return void box.append(h('p', { class: 'muted' }, 'Tidak ada peringatan aktif.'));
    box.append(h('ul', { class: 'alerts' }, events.map((e) => h('li', {}, h('strong', {}, e.ruleName), ` · ${formatWib(e.createdAt)}`))));
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) box.append(message('info', 'Peringatan belum aktif: modul peringatan (alerter) belum dipasang di server ini.'));
    else box.append(message('error', 'Peringatan tidak dapat dimuat.'));
  }
}
