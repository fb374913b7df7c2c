import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type PDFDocument from 'pdfkit';
import { formatWib } from '../../lib/time';
import { COLORS, drawSentimentChart } from './chart';
import type { ReportContent } from './content';
import { pct } from './gather';
import {
  formatChange,
  formatCount,
  formatDayRange,
  formatPct,
  formatPoints,
  pdfSafe,
  SENTIMENT_ID,
  sourceLabel,
  truncate,
} from './text';

type Doc = InstanceType<typeof PDFDocument>;

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const FOOTER_SPACE = 36;

/**
 * The leadership PDF (A4, 2–4 pages, Bahasa Indonesia). pdfkit's standard Helvetica covers the
 * Latin script Indonesian uses; post text goes through `pdfSafe` first so emoji cannot break it.
 */
export async function writeReportPdf(file: string, content: ReportContent): Promise<void> {
  // NOTE: pdfkit (and fontkit under it) loads ~20 MB; loaded only now, after the posts have been
  // streamed into the XLSX, so it does not add to that phase's peak memory.
  const { default: PDFKit } = await import('pdfkit');
  const doc: Doc = new PDFKit({ size: 'A4', margin: MARGIN, bufferPages: true, info: pdfInfo(content) });
  const out = createWriteStream(file);
  doc.pipe(out);
  renderReport(doc, content);
  addFooters(doc, content);
  doc.end();
  await finished(out);
}

function pdfInfo(content: ReportContent): PDFKit.DocumentInfo {
  return {
    Title: `Laporan Mingguan Dengar ${content.data.range.week}`,
    Author: 'Dengar — Humas Pemprov Sumatera Selatan',
    Subject: 'Percakapan publik Sumatera Selatan',
    CreationDate: new Date(content.generatedAt),
  };
}

function renderReport(doc: Doc, c: ReportContent): void {
  header(doc, c);
  headlineCards(doc, c);
  summaryParagraph(doc, c);
  sectionTitle(doc, 'Tren sentimen harian');
  const chartTop = doc.y;
  drawSentimentChart(doc, c.data.days, { x: MARGIN, y: chartTop, width: CONTENT_WIDTH, height: 210 });
  doc.x = MARGIN;
  doc.y = chartTop + 216;
  sentimentLine(doc, c);
  topicBars(doc, c);

  doc.addPage();
  topIssues(doc, c);

  doc.addPage();
  regionTable(doc, c);
  alertsSection(doc, c);
  inboxSection(doc, c);
  methodNote(doc, c);
}

function header(doc: Doc, c: ReportContent): void {
  const r = c.data.range;
  doc.rect(0, 0, PAGE.width, 92).fill(COLORS.brand);
  doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(19).text('Laporan Mingguan Percakapan Publik', MARGIN, 26, { width: CONTENT_WIDTH });
  doc.font('Helvetica').fontSize(10.5).fillColor('#d6e4ef');
  doc.text(`Provinsi Sumatera Selatan  •  Minggu ke-${r.number} ${r.year} (${formatDayRange(r.monday, r.sunday)}, WIB)`, MARGIN, 52, { width: CONTENT_WIDTH });
  doc.fontSize(8.5).text(`Disusun otomatis oleh Dengar, ${formatWib(c.generatedAt)}`, MARGIN, 68, { width: CONTENT_WIDTH });
  doc.fillColor(COLORS.ink);
  doc.x = MARGIN;
  doc.y = 110;
}

function sectionTitle(doc: Doc, title: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.6);
  const y = doc.y;
  doc.rect(MARGIN, y + 1, 3, 13).fill(COLORS.brand);
  doc.fillColor(COLORS.brand).font('Helvetica-Bold').fontSize(12.5).text(title, MARGIN + 9, y, { width: CONTENT_WIDTH - 9 });
  doc.x = MARGIN;
  doc.moveDown(0.35);
  doc.fillColor(COLORS.ink).font('Helvetica').fontSize(9.5);
}

interface Card {
  label: string;
  value: string;
  detail: string;
  /** Colour of the detail line: red when it got worse, green when better, grey otherwise. */
  tone: 'bad' | 'good' | 'plain';
}

function headlineCards(doc: Doc, c: ReportContent): void {
  const cur = c.data.current;
  const prior = c.data.prior;
  const volumeChange = formatChange(cur.total, prior.total);
  const negChange = formatPoints(cur.negativePct, prior.negativePct);
  const cards: Card[] = [
    {
      label: 'Volume percakapan',
      value: formatCount(cur.total),
      detail: volumeChange ? `${volumeChange} vs minggu lalu (${formatCount(prior.total)})` : `minggu lalu: ${formatCount(prior.total)} pos`,
      tone: 'plain',
    },
    {
      label: 'Sentimen negatif',
      value: formatPct(cur.negativePct),
      detail: negChange ? `${negChange} vs minggu lalu (${formatPct(prior.negativePct)})` : 'minggu lalu: tidak ada data',
      tone: cur.negativePct !== null && prior.negativePct !== null ? (cur.negativePct > prior.negativePct ? 'bad' : 'good') : 'plain',
    },
    {
      label: 'Topik teratas',
      value: cur.topTopic ? cur.topTopic.label : 'Tidak ada',
      detail: cur.topTopic
        ? `${formatCount(cur.topTopic.total)} pos; minggu lalu: ${prior.topTopic ? `${prior.topTopic.label}` : '–'}`
        : 'belum ada pos bertopik',
      tone: 'plain',
    },
    {
      label: 'Wilayah paling negatif',
      value: cur.mostNegativeRegion ? cur.mostNegativeRegion.label : 'Tidak ada',
      detail: cur.mostNegativeRegion
        ? `${formatPct(cur.mostNegativeRegion.negativePct)} negatif dari ${formatCount(cur.mostNegativeRegion.total)} pos; minggu lalu: ${prior.mostNegativeRegion?.label ?? '–'}`
        : 'tidak ada pos negatif berwilayah',
      tone: cur.mostNegativeRegion ? 'bad' : 'plain',
    },
  ];
  const gap = 10;
  const w = (CONTENT_WIDTH - gap * 3) / 4;
  const h = 96;
  const top = doc.y;
  cards.forEach((card, i) => {
    const x = MARGIN + i * (w + gap);
    const inner = w - 18;
    doc.roundedRect(x, top, w, h, 4).fill(COLORS.panel);
    doc.rect(x, top, w, 3).fill(COLORS.brand);
    doc.fillColor(COLORS.muted).font('Helvetica').fontSize(7.5).text(card.label.toUpperCase(), x + 9, top + 11, { width: inner, lineBreak: false, ellipsis: true });
    // Numbers are big; names (a topic, a kabupaten) get a smaller size so two lines fit.
    const isName = !/^[\d.,%–-]+$/.test(card.value);
    doc.fillColor(COLORS.ink).font('Helvetica-Bold').fontSize(isName ? 11.5 : 20);
    const value = pdfSafe(card.value);
    doc.text(value, x + 9, top + 24, { width: inner, height: isName ? 30 : 24, ellipsis: true });
    const valueBottom = top + 24 + Math.min(doc.heightOfString(value, { width: inner }), isName ? 30 : 24);
    const color = card.tone === 'bad' ? COLORS.negative : card.tone === 'good' ? COLORS.positive : COLORS.muted;
    doc.fillColor(color).font('Helvetica').fontSize(7.5).text(pdfSafe(card.detail), x + 9, Math.max(valueBottom + 4, top + 52), { width: inner, height: h - 8 - Math.max(valueBottom + 4 - top, 52), ellipsis: true });
  });
  doc.fillColor(COLORS.ink);
  doc.x = MARGIN;
  doc.y = top + h + 8;
}

/** Page 1's lower half: the week's biggest topics as horizontal bars split by sentiment. */
function topicBars(doc: Doc, c: ReportContent): void {
  const rowH = 17;
  const available = PAGE.height - MARGIN - FOOTER_SPACE - doc.y - 50;
  const rows = c.data.topics.slice(0, Math.max(0, Math.min(8, Math.floor(available / rowH))));
  if (rows.length === 0) return;
  sectionTitle(doc, 'Topik yang paling banyak dibicarakan');
  const labelW = 150;
  const numbersW = 110;
  const barX = MARGIN + labelW;
  const barMax = CONTENT_WIDTH - labelW - numbersW - 10;
  const max = Math.max(...rows.map((r) => r.total));
  let y = doc.y + 2;
  for (const r of rows) {
    doc.fillColor(COLORS.ink).font('Helvetica').fontSize(8.5).text(pdfSafe(r.label), MARGIN, y + 2, { width: labelW - 8, lineBreak: false, ellipsis: true });
    let x = barX;
    for (const [value, color] of [[r.negative, COLORS.negative], [r.neutral, COLORS.neutral], [r.positive, COLORS.positive]] as const) {
      const w = (value / max) * barMax;
      if (w > 0) doc.rect(x, y + 2, w, 10).fill(color);
      x += w;
    }
    doc.fillColor(COLORS.muted).fontSize(8).text(`${formatCount(r.total)} pos • ${formatPct(pct(r.negative, r.total))} neg.`, MARGIN + CONTENT_WIDTH - numbersW, y + 2.5, { width: numbersW, align: 'right', lineBreak: false });
    y += rowH;
  }
  doc.x = MARGIN;
  doc.y = y + 2;
  doc.fillColor(COLORS.ink);
}

function summaryParagraph(doc: Doc, c: ReportContent): void {
  const cur = c.data.current;
  const prior = c.data.prior;
  const parts: string[] = [];
  if (cur.total === 0) {
    parts.push('Tidak ada pos yang terkumpul pada minggu ini; periksa apakah kolektor berjalan.');
  } else {
    const change = formatChange(cur.total, prior.total);
    parts.push(
      `Dengar mencatat ${formatCount(cur.total)} pos tentang Sumatera Selatan${change ? ` (${change} dibanding minggu sebelumnya)` : ''}, ` +
        `dengan ${formatPct(cur.negativePct)} bernada negatif dan ${formatPct(pct(cur.positive, cur.total))} positif.`,
    );
    if (cur.topTopic) parts.push(`Topik yang paling banyak dibicarakan adalah ${cur.topTopic.label} (${formatCount(cur.topTopic.total)} pos).`);
    if (cur.mostNegativeRegion) {
      parts.push(
        `${cur.mostNegativeRegion.label} menjadi wilayah dengan porsi sentimen negatif tertinggi (${formatPct(cur.mostNegativeRegion.negativePct)} dari ${formatCount(cur.mostNegativeRegion.total)} pos).`,
      );
    }
    const peak = [...c.data.days].sort((a, b) => b.total - a.total)[0];
    if (peak && peak.total > 0) parts.push(`Puncak percakapan terjadi pada ${dayName(peak.key)} dengan ${formatCount(peak.total)} pos.`);
  }
  doc.font('Helvetica').fontSize(10).fillColor(COLORS.ink).text(pdfSafe(parts.join(' ')), MARGIN, doc.y + 4, { width: CONTENT_WIDTH, lineGap: 2.5, align: 'justify' });
}

const DAY_NAMES = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
function dayName(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return `${DAY_NAMES[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

function sentimentLine(doc: Doc, c: ReportContent): void {
  const cur = c.data.current;
  const total = cur.positive + cur.neutral + cur.negative;
  const text =
    `Sepanjang minggu: ${formatCount(cur.positive)} positif (${formatPct(pct(cur.positive, total))}), ` +
    `${formatCount(cur.neutral)} netral (${formatPct(pct(cur.neutral, total))}), ` +
    `${formatCount(cur.negative)} negatif (${formatPct(pct(cur.negative, total))}). Hari dan jam menurut WIB.`;
  doc.font('Helvetica').fontSize(8.5).fillColor(COLORS.muted).text(text, MARGIN, doc.y, { width: CONTENT_WIDTH });
  doc.fillColor(COLORS.ink);
}

function topIssues(doc: Doc, c: ReportContent): void {
  sectionTitle(doc, 'Isu utama minggu ini');
  if (c.data.topIssues.length === 0) {
    doc.text('Belum ada pos yang bertopik pada minggu ini.', { width: CONTENT_WIDTH });
    return;
  }
  doc.font('Helvetica').fontSize(8.5).fillColor(COLORS.muted);
  doc.text('Topik dengan volume terbesar; contoh pos dipilih dari keterlibatan tertinggi (pos negatif didahulukan).', { width: CONTENT_WIDTH });
  doc.moveDown(0.4);
  c.data.topIssues.forEach((issue, i) => {
    ensureSpace(doc, 120);
    const change = formatChange(issue.total, issue.previousTotal);
    const y = doc.y;
    doc.fillColor(COLORS.ink).font('Helvetica-Bold').fontSize(11).text(`${i + 1}. ${pdfSafe(issue.label)}`, MARGIN, y, { width: CONTENT_WIDTH * 0.55 });
    doc.font('Helvetica').fontSize(8.5).fillColor(COLORS.muted);
    const stats = `${formatCount(issue.total)} pos  •  ${formatPct(pct(issue.negative, issue.total))} negatif  •  ${change ? `${change} vs minggu lalu` : `minggu lalu: ${formatCount(issue.previousTotal)}`}`;
    doc.text(stats, MARGIN + CONTENT_WIDTH * 0.45, y + 2, { width: CONTENT_WIDTH * 0.55, align: 'right' });
    doc.y = Math.max(doc.y, y + 16);
    for (const ex of issue.examples) examplePost(doc, c, ex);
    doc.moveDown(0.5);
  });
}

function examplePost(doc: Doc, c: ReportContent, ex: ReportContent['data']['topIssues'][number]['examples'][number]): void {
  const author = c.authorLabel(ex.source, ex.author);
  const meta = [SENTIMENT_ID[ex.sentiment] ?? ex.sentiment, sourceLabel(ex.source), author, formatWib(ex.createdAt), ex.engagement > 0 ? `${formatCount(ex.engagement)} interaksi` : null]
    .filter(Boolean)
    .join('  •  ');
  const body = truncate(pdfSafe(ex.text), 300) || '(teks tidak dapat ditampilkan)';
  const innerWidth = CONTENT_WIDTH - 22;
  doc.font('Helvetica').fontSize(9);
  const bodyHeight = doc.heightOfString(body, { width: innerWidth, lineGap: 1.5 });
  const h = bodyHeight + 24;
  ensureSpace(doc, h + 6);
  const top = doc.y + 2;
  const color = ex.sentiment === 'negative' ? COLORS.negative : ex.sentiment === 'positive' ? COLORS.positive : COLORS.neutral;
  doc.rect(MARGIN + 6, top, CONTENT_WIDTH - 6, h).fill(COLORS.panel);
  doc.rect(MARGIN + 6, top, 2.5, h).fill(color);
  doc.fillColor(COLORS.muted).font('Helvetica').fontSize(7.5).text(pdfSafe(meta), MARGIN + 16, top + 6, { width: innerWidth, lineBreak: false, ellipsis: true });
  doc.fillColor(COLORS.ink).font('Helvetica').fontSize(9).text(body, MARGIN + 16, top + 18, { width: innerWidth, lineGap: 1.5 });
  doc.x = MARGIN;
  doc.y = top + h + 4;
}

function regionTable(doc: Doc, c: ReportContent): void {
  sectionTitle(doc, 'Kabupaten/kota: volume dan sentimen negatif');
  const cols = [
    { title: 'Kabupaten/kota', width: 175, align: 'left' as const },
    { title: 'Volume', width: 60, align: 'right' as const },
    { title: 'Negatif', width: 55, align: 'right' as const },
    { title: '% negatif', width: 60, align: 'right' as const },
    { title: '', width: CONTENT_WIDTH - 350, align: 'left' as const },
  ];
  const rowH = 15;
  let y = doc.y + 2;
  doc.rect(MARGIN, y, CONTENT_WIDTH, rowH + 2).fill(COLORS.brandLight);
  let x = MARGIN;
  doc.fillColor(COLORS.brand).font('Helvetica-Bold').fontSize(8.5);
  for (const col of cols) {
    doc.text(col.title, x + 5, y + 4.5, { width: col.width - 10, align: col.align, lineBreak: false });
    x += col.width;
  }
  y += rowH + 2;
  const maxPct = 100;
  c.data.regions.forEach((r, i) => {
    if (i % 2 === 1) doc.rect(MARGIN, y, CONTENT_WIDTH, rowH).fill('#fafafa');
    const negPct = pct(r.negative, r.total);
    const cells = [pdfSafe(r.label), formatCount(r.total), formatCount(r.negative), formatPct(negPct)];
    x = MARGIN;
    doc.fillColor(COLORS.ink).font('Helvetica').fontSize(8.5);
    cells.forEach((cell, j) => {
      doc.text(cell, x + 5, y + 4, { width: cols[j]!.width - 10, align: cols[j]!.align, lineBreak: false });
      x += cols[j]!.width;
    });
    if (negPct !== null) {
      const barMax = cols[4]!.width - 14;
      doc.rect(x + 7, y + 4, barMax, 7).fill(COLORS.grid);
      doc.rect(x + 7, y + 4, (negPct / maxPct) * barMax, 7).fill(COLORS.negative);
    }
    y += rowH;
  });
  doc.moveTo(MARGIN, y).lineTo(MARGIN + CONTENT_WIDTH, y).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
  doc.x = MARGIN;
  doc.y = y + 5;
  const tagged = c.data.regions.reduce((n, r) => n + r.total, 0);
  doc.font('Helvetica').fontSize(8).fillColor(COLORS.muted).text(
    `${formatCount(tagged)} penyebutan wilayah (satu pos dapat menyebut lebih dari satu wilayah; pos tanpa wilayah tidak dihitung). ` +
      `"Wilayah paling negatif" hanya dipilih dari wilayah dengan sedikitnya ${formatCount(c.data.minRegionPosts)} pos.`,
    { width: CONTENT_WIDTH },
  );
  doc.fillColor(COLORS.ink);
}

function alertsSection(doc: Doc, c: ReportContent): void {
  sectionTitle(doc, 'Peringatan minggu ini dan penanganannya');
  if (!c.alerts) {
    doc.text('Modul peringatan belum aktif: belum ada data peringatan yang dapat dilaporkan.', { width: CONTENT_WIDTH });
    return;
  }
  if (c.alerts.total === 0) {
    doc.text('Tidak ada peringatan yang terpicu pada minggu ini.', { width: CONTENT_WIDTH });
    return;
  }
  doc.text(`${formatCount(c.alerts.total)} peringatan terpicu.`, { width: CONTENT_WIDTH });
  for (const a of c.alerts.alerts.slice(0, 8)) {
    ensureSpace(doc, 30);
    const handled = [a.status, a.handledBy ? `oleh ${a.handledBy}` : null, a.note].filter(Boolean).join(', ');
    doc.font('Helvetica-Bold').fontSize(9).text(pdfSafe(`${formatWib(a.at)} — ${a.rule}`), { width: CONTENT_WIDTH });
    doc.font('Helvetica').fontSize(9).text(pdfSafe(`${a.summary}. Penanganan: ${handled}.`), { width: CONTENT_WIDTH, indent: 10 });
  }
  if (c.alerts.alerts.length > 8) doc.text(`… dan ${formatCount(c.alerts.alerts.length - 8)} lainnya (lihat lembar Peringatan di XLSX).`);
}

function inboxSection(doc: Doc, c: ReportContent): void {
  sectionTitle(doc, 'Kotak masuk dan tanggapan');
  if (!c.inbox) {
    doc.text('Data kotak masuk belum tersedia: modul kotak masuk belum aktif.', { width: CONTENT_WIDTH });
    return;
  }
  const median = c.inbox.medianFirstResponseMinutes;
  const medianText = median === null ? '–' : median >= 120 ? `${(median / 60).toFixed(1).replace('.', ',')} jam` : `${Math.round(median)} menit`;
  doc.text(
    `Diterima ${formatCount(c.inbox.received)} pesan, ${formatCount(c.inbox.answered)} dijawab (${formatPct(pct(c.inbox.answered, c.inbox.received))}). ` +
      `Median waktu tanggapan pertama: ${medianText}.`,
    { width: CONTENT_WIDTH },
  );
}

function methodNote(doc: Doc, c: ReportContent): void {
  sectionTitle(doc, 'Catatan metode');
  const m = c.method;
  const sources = m.sources.length === 0 ? 'tidak ada' : m.sources.map((s) => `${sourceLabel(s.key)} (${formatCount(s.count)})`).join(', ');
  const versions = m.modelVersions.map((v) => v.key);
  const lines = [
    `Periode: Senin ${c.data.range.monday} 00.00 WIB sampai Senin berikutnya 00.00 WIB (minggu ISO ${c.data.range.week}); pembanding: ${c.data.previous.week}.`,
    `Sumber yang tercakup (${formatCount(m.sources.length)}): ${sources}.`,
    `Sentimen ditentukan otomatis per pos oleh model ${versions.length ? versions.join(', ') : '–'}; ${accuracyText(c)}`,
    'Topik dan wilayah ditandai otomatis dari kata kunci; satu pos dapat memiliki beberapa topik atau wilayah. Angka dihitung langsung dari penyimpanan Dengar dan sama dengan dasbor untuk rentang yang sama.',
  ];
  doc.font('Helvetica').fontSize(8.5).fillColor(COLORS.ink);
  for (const line of lines) {
    ensureSpace(doc, 24);
    doc.text(pdfSafe(`•  ${line}`), { width: CONTENT_WIDTH, lineGap: 1.5 });
    doc.moveDown(0.2);
  }
}

function accuracyText(c: ReportContent): string {
  const metrics = c.method.metrics;
  const versions = c.method.modelVersions.map((v) => v.key);
  if (!metrics) return 'akurasi terukur belum tersedia (berkas model tidak ditemukan).';
  const measured = `akurasi ${formatPct(metrics.accuracy * 100)} dan macro-F1 ${formatPct(metrics.macroF1 * 100)} pada ${formatCount(metrics.n)} kalimat uji (data dev SmSA)`;
  if (versions.includes(metrics.modelVersion)) return `${versions.length > 1 ? `model ${metrics.modelVersion}: ` : ''}${measured}.`;
  return `akurasi terukur hanya tersedia untuk model ${metrics.modelVersion} (${measured}); versi yang menilai pos minggu ini belum diukur.`;
}

function ensureSpace(doc: Doc, needed: number): void {
  if (doc.y + needed > PAGE.height - MARGIN - FOOTER_SPACE) {
    doc.addPage();
    doc.x = MARGIN;
    doc.y = MARGIN;
  }
}

function addFooters(doc: Doc, c: ReportContent): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // TRICKY: text below the bottom margin would make pdfkit add a page; lift the margin while drawing.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = PAGE.height - MARGIN + 10;
    doc.moveTo(MARGIN, y - 6).lineTo(PAGE.width - MARGIN, y - 6).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
    doc.font('Helvetica').fontSize(7.5).fillColor(COLORS.muted);
    doc.text(`Dengar • Laporan mingguan ${c.data.range.week} • Terbatas untuk pimpinan Pemprov Sumsel`, MARGIN, y, { width: CONTENT_WIDTH, lineBreak: false });
    doc.text(`Halaman ${i + 1} dari ${range.count}`, MARGIN, y, { width: CONTENT_WIDTH, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
