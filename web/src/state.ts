import { api } from './api';
import type { Dictionaries, Me, Role } from './types';

/** What every page may read: who is logged in, and the dictionaries (loaded once). */
export const session: { me: Me | null } = { me: null };

export function can(role: Role): boolean {
  const order: Role[] = ['viewer', 'analyst', 'admin'];
  return session.me !== null && order.indexOf(session.me.user.role) >= order.indexOf(role);
}

let dictionaries: Promise<Dictionaries> | null = null;
export function dicts(): Promise<Dictionaries> {
  dictionaries ??= api<Dictionaries>('/api/dictionaries');
  return dictionaries;
}

export async function topicName(id: string): Promise<string> {
  return (await dicts()).topics.find((t) => t.id === id)?.label ?? id;
}

export function labelOf(d: Dictionaries, kind: 'topic' | 'region', id: string): string {
  if (kind === 'topic') return d.topics.find((t) => t.id === id)?.label ?? id;
  return d.regions.find((r) => r.id === id)?.name ?? id;
}

/** Region names short enough for a chart axis on a phone ("Kab. Musi Banyuasin"). */
export function shortLabel(d: Dictionaries, kind: 'topic' | 'region', id: string): string {
  return labelOf(d, kind, id).replace(/^Kabupaten /, 'Kab. ');
}
