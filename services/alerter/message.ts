import { regionLabel } from '../../lib/domain/regions';
import { TOPICS } from '../../lib/domain/topics';
import { formatWib } from '../../lib/time';
import type { AlertEvent } from '../../schemas/alert';

const number = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('id-ID', { style: 'percent', maximumFractionDigits: 0 });

export function topicLabel(id: string): string {
  return TOPICS.find((t) => t.id === id)?.label ?? id;
}

/** "Karhutla & kabut asap — Kota Palembang", or the rule name for an ungrouped rule. */
export function alertTitle(event: AlertEvent): string {
  const parts = [event.group.topic ? topicLabel(event.group.topic) : '', event.group.region ? regionLabel(event.group.region) : ''].filter(Boolean);
  return parts.length ? `Lonjakan negatif: ${parts.join(' — ')}` : event.ruleName;
}

/** One subject line for email and the first line of chat messages. */
export function alertSubject(event: AlertEvent): string {
  return `[Dengar] ${alertTitle(event)} (${formatWib(event.windowTo)})`;
}

/** The message people read in Telegram, email and webhook consumers: Bahasa Indonesia, times in WIB. */
export function alertText(event: AlertEvent): string {
  const e = event.evidence;
  const lines = [`⚠️ ${alertTitle(event)}`, `Aturan: ${event.ruleName}`, `Rentang: ${formatWib(event.windowFrom)} – ${formatWib(event.windowTo)}`];
  if (event.metric === 'negative_share') {
    lines.push(`Porsi negatif: ${percent.format(e.observed)} dari ${e.windowTotal} pos (biasanya ${percent.format(e.expected)})`);
  } else if (event.metric === 'volume') {
    lines.push(`Volume: ${e.observed} pos (biasanya sekitar ${number.format(e.expected)})`);
  } else {
    lines.push(`Pos negatif: ${e.observed} (biasanya sekitar ${number.format(e.expected)}), dari ${e.windowTotal} pos`);
  }
  lines.push(`Skor lonjakan: ${number.format(e.score)} (ambang ${number.format(e.threshold)})`);
  if (e.terms.length) lines.push(`Kata yang naik: ${e.terms.slice(0, 8).map((t) => t.term).join(', ')}`);
  if (e.regions.length) lines.push(`Wilayah: ${e.regions.map((r) => `${regionLabel(r.key)} (${r.count})`).join(', ')}`);
  if (e.topPosts.length) {
    lines.push('Pos teratas:');
    for (const p of e.topPosts.slice(0, 3)) lines.push(`• ${p.text}`);
  }
  lines.push(`Lihat di Dengar: ${e.searchUrl}`);
  return lines.join('\n');
}
