import { api, ApiError, qs } from '../api';
import { clear, h } from '../dom';
import { bytes, formatWib, lastIsoWeek, number } from '../format';
import { can } from '../state';
import { message } from '../components';
import type { ReportView } from '../types';

const REPORT_STATUS: Record<string, string> = { generating: 'Sedang dibuat', ready: 'Selesai', failed: 'Gagal' };
const DELIVERY_STATUS: Record<string, string> = { pending: 'menunggu', retrying: 'mencoba ulang', sent: 'terkirim', failed: 'gagal', skipped: 'dilewati' };
const TRIGGER: Record<string, string> = { schedule: 'jadwal', cli: 'CLI', api: 'web' };
// The server answers 202 at once; the PDF and XLSX take seconds, so the page asks again until done.
const POLL_MS = 1500;

export async function renderLaporan(main: HTMLElement): Promise<void> {
  const history = h('section', { class: 'card' });
  main.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Laporan')),
    h('p', { class: 'muted' }, 'Laporan mingguan (Senin–Minggu, WIB) dalam PDF dan XLSX. Jadwal otomatis mengirimnya lewat surel; di sini laporan bisa dibuat ulang atau dikirim lagi.'),
  );
  if (can('analyst')) main.append(generateForm(history));
  main.append(history);
  await renderHistory(history);
}

function generateForm(history: HTMLElement): HTMLElement {
  // Chromium shows a week picker; elsewhere the pattern keeps the text to YYYY-Www.
  const week = h('input', { type: 'week', name: 'week', value: lastIsoWeek(), required: true, pattern: '\\d{4}-W\\d{2}', 'aria-label': 'Minggu' });
  const deliver = h('input', { type: 'checkbox', name: 'deliver' });
  const submit = h('button', { type: 'submit' }, 'Buat laporan');
  const progress = h('div', { class: 'report-progress', 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      class: 'inline-form card',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clear(progress);
        submit.disabled = true;
        try {
          const { report } = await api<{ report: ReportView }>('/api/reports/weekly', { method: 'POST', body: { week: week.value.trim(), deliver: deliver.checked } });
          progress.append(message('info', `Laporan ${report.week} sedang dibuat…`));
          await renderHistory(history);
          const done = await pollUntilDone(report.id, form);
          if (!done) return;
          clear(progress);
          progress.append(done.status === 'ready' ? message('ok', `Laporan ${done.week} selesai.`) : message('error', `Laporan ${done.week} gagal: ${done.error ?? 'sebab tidak diketahui'}.`));
          await renderHistory(history);
        } catch (err) {
          clear(progress);
          progress.append(message('error', err instanceof ApiError ? err.message : 'Gagal membuat laporan.'));
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('label', {}, 'Minggu (ISO)', week),
    h('label', { class: 'check' }, deliver, 'kirim surel ke penerima'),
    submit,
    progress,
  );
  return h('section', {}, h('h2', {}, 'Buat laporan'), form);
}

/** Asks for the run until it is no longer `generating`; gives up quietly if the page was left. */
async function pollUntilDone(id: string, anchor: HTMLElement): Promise<ReportView | null> {
  for (;;) {
    const { report } = await api<{ report: ReportView }>(`/api/reports/${encodeURIComponent(id)}`);
    if (report.status !== 'generating') return report;
    if (!anchor.isConnected) return null;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function renderHistory(box: HTMLElement): Promise<void> {
  const { reports } = await api<{ reports: ReportView[] }>(`/api/reports${qs({ limit: 30 })}`);
  clear(box);
  box.append(h('h2', {}, 'Riwayat laporan'));
  if (reports.length === 0) {
    box.append(message('info', 'Belum ada laporan. Laporan pertama dibuat otomatis Senin pagi, atau buat sekarang di atas.'));
    return;
  }
  box.append(
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'reports' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Minggu'), h('th', {}, 'Status'), h('th', {}, 'Dibuat'), h('th', { class: 'num' }, 'Pos'), h('th', {}, 'Unduh'), h('th', {}, 'Pengiriman'))),
        h('tbody', {}, reports.map((r) => reportRow(r, box))),
      ),
    ),
  );
}

function reportRow(r: ReportView, box: HTMLElement): HTMLElement {
  const by = r.requestedBy ? ` oleh ${r.requestedBy}` : '';
  return h(
    'tr',
    { 'data-report': r.id, 'data-status': r.status },
    h('td', {}, h('strong', {}, r.week), h('div', { class: 'muted small' }, weekDays(r.from, r.to))),
    h('td', {}, h('span', { class: `status report-${r.status}` }, REPORT_STATUS[r.status] ?? r.status), r.error ? h('div', { class: 'small correction' }, r.error) : null),
    h('td', {}, formatWib(r.createdAt), h('div', { class: 'muted small' }, `${TRIGGER[r.trigger] ?? r.trigger}${by}`)),
    h('td', { class: 'num' }, r.totals ? `${number(r.totals.posts)} (${number(r.totals.negative)} negatif)` : '–'),
    h('td', { class: 'actions' }, r.files.map((f) => h('a', { class: 'button secondary', href: f.url, download: f.name, title: `${f.name} (${bytes(f.bytes)})` }, f.kind.toUpperCase()))),
    h('td', {}, r.deliveries.length ? r.deliveries.map((d) => deliveryLine(r, d, box)) : h('span', { class: 'muted' }, 'tidak dikirim')),
  );
}

function deliveryLine(r: ReportView, d: ReportView['deliveries'][number], box: HTMLElement): HTMLElement {
  const when = d.sentAt ? ` ${formatWib(d.sentAt)}` : d.nextAttemptAt && d.status === 'retrying' ? `, lagi ${formatWib(d.nextAttemptAt)}` : '';
  const feedback = h('span', { 'aria-live': 'polite' });
  const retry =
    d.status === 'failed' && can('analyst')
      ? h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: async (e: Event) => {
              (e.currentTarget as HTMLButtonElement).disabled = true;
              try {
                await api(`/api/reports/${encodeURIComponent(r.id)}/deliver`, { method: 'POST' });
                await renderHistory(box);
              } catch (err) {
                feedback.append(message('error', err instanceof ApiError ? err.message : 'Gagal mengirim ulang.'));
              }
            },
          },
          'Kirim ulang',
        )
      : null;
  return h(
    'div',
    { class: 'delivery' },
    h('span', { class: `status delivery-${d.status}` }, DELIVERY_STATUS[d.status] ?? d.status),
    ` surel ke ${d.recipients.length ? d.recipients.join(', ') : '–'}${when} · ${d.attempts}× percobaan`,
    d.lastError ? h('div', { class: 'small correction' }, d.lastError) : null,
    d.note ? h('div', { class: 'small muted' }, d.note) : null,
    retry,
    feedback,
  );
}

/** "Senin 16 Nov – Minggu 22 Nov 2026": the week's days in WIB (`to` is the exclusive Monday 00:00). */
function weekDays(from: string, to: string): string {
  const day = (iso: string, year: boolean) =>
    new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', weekday: 'long', day: 'numeric', month: 'short', ...(year ? { year: 'numeric' } : {}) }).format(new Date(iso));
  return `${day(from, false)} – ${day(new Date(Date.parse(to) - 1).toISOString(), true)}`;
}
