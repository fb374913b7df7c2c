import type PDFDocument from 'pdfkit';
import type { HistogramBucket } from '../../schemas';
import { formatCount, formatDayShort } from './text';

type Doc = InstanceType<typeof PDFDocument>;

export const COLORS = {
  ink: '#1f2937',
  muted: '#6b7280',
  rule: '#d1d5db',
  grid: '#e5e7eb',
  brand: '#0f3d5e',
  brandLight: '#e8f0f6',
  positive: '#2e8b57',
  neutral: '#9ca3af',
  negative: '#c0392b',
  panel: '#f5f7fa',
} as const;

/** A round axis maximum (1, 2, 2.5, 5 × 10^k) at or above `max`, and its step for `ticks` gridlines. */
export function niceScale(max: number, ticks = 4): { top: number; step: number } {
  if (max <= 0) return { top: ticks, step: 1 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const rounded = Number.isInteger(step) ? step : Math.ceil(step);
  return { top: rounded * ticks, step: rounded };
}

/**
 * Daily stacked bars (negative at the base, then neutral, then positive) with gridlines, a y-axis
 * in posts and the day under each bar — drawn with pdfkit's vector primitives, so it stays sharp
 * when printed.
 */
export function drawSentimentChart(doc: Doc, days: HistogramBucket[], box: { x: number; y: number; width: number; height: number }): void {
  const legendHeight = 18;
  const axisWidth = 38;
  const labelHeight = 16;
  const plot = { x: box.x + axisWidth, y: box.y + legendHeight + 6, width: box.width - axisWidth, height: box.height - legendHeight - labelHeight - 10 };
  const max = Math.max(0, ...days.map((d) => d.total));
  const { top, step } = niceScale(max);

  // Legend
  let lx = box.x + axisWidth;
  doc.font('Helvetica').fontSize(8);
  for (const [label, color] of [['Negatif', COLORS.negative], ['Netral', COLORS.neutral], ['Positif', COLORS.positive]] as const) {
    doc.rect(lx, box.y + 4, 9, 9).fill(color);
    doc.fillColor(COLORS.ink).text(label, lx + 13, box.y + 4.5, { lineBreak: false });
    lx += 13 + doc.widthOfString(label) + 16;
  }

  // Gridlines and y labels
  for (let v = 0; v <= top; v += step) {
    const y = plot.y + plot.height - (v / top) * plot.height;
    doc.moveTo(plot.x, y).lineTo(plot.x + plot.width, y).lineWidth(0.5).strokeColor(v === 0 ? COLORS.rule : COLORS.grid).stroke();
    doc.fillColor(COLORS.muted).fontSize(7.5).text(formatCount(v), box.x, y - 3.5, { width: axisWidth - 6, align: 'right', lineBreak: false });
  }

  const slot = plot.width / Math.max(1, days.length);
  const barWidth = Math.min(44, slot * 0.58);
  days.forEach((d, i) => {
    const cx = plot.x + slot * i + slot / 2;
    let base = plot.y + plot.height;
    for (const [value, color] of [[d.negative, COLORS.negative], [d.neutral, COLORS.neutral], [d.positive, COLORS.positive]] as const) {
      if (value <= 0) continue;
      const h = (value / top) * plot.height;
      doc.rect(cx - barWidth / 2, base - h, barWidth, h).fill(color);
      base -= h;
    }
    // Total above the bar, day below it.
    doc.fillColor(COLORS.ink).font('Helvetica-Bold').fontSize(7.5);
    doc.text(formatCount(d.total), cx - slot / 2, base - 11, { width: slot, align: 'center', lineBreak: false });
    doc.font('Helvetica').fillColor(COLORS.muted).fontSize(8);
    doc.text(formatDayShort(d.key), cx - slot / 2, plot.y + plot.height + 5, { width: slot, align: 'center', lineBreak: false });
  });
}
