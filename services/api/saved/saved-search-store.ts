import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ControlDb } from '../control/sqlite-db';

/** The search form's fields as the user left them (strings, as in the URL); validated again when run. */
export const SavedSearchParams = z.object({
  q: z.string().max(1000).default(''),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  sentiment: z.string().max(16).optional(),
  topic: z.string().max(64).optional(),
  region: z.string().max(64).optional(),
  source: z.string().max(32).optional(),
  lang: z.string().max(16).optional(),
  sort: z.string().max(16).optional(),
});
export type SavedSearchParams = z.infer<typeof SavedSearchParams>;

export const SavedSearch = z.object({ id: z.string(), name: z.string(), params: SavedSearchParams, createdAt: z.string() });
export type SavedSearch = z.infer<typeof SavedSearch>;

/** Saved searches, private to the user who saved them. */
export interface SavedSearchStore {
  list(userId: string): Promise<SavedSearch[]>;
  create(userId: string, name: string, params: SavedSearchParams): Promise<SavedSearch>;
  remove(userId: string, id: string): Promise<boolean>;
}

type Row = { id: string; name: string; params: string; created_at: string };
const toSaved = (r: Row): SavedSearch => SavedSearch.parse({ id: r.id, name: r.name, params: JSON.parse(r.params), createdAt: r.created_at });

export function createSqliteSavedSearchStore(db: ControlDb, now: () => Date = () => new Date()): SavedSearchStore {
  const list = db.prepare<[string], Row>('SELECT id, name, params, created_at FROM saved_searches WHERE user_id = ? ORDER BY created_at DESC');
  const insert = db.prepare('INSERT INTO saved_searches (id, user_id, name, params, created_at) VALUES (?, ?, ?, ?, ?)');
  const remove = db.prepare<[string, string]>('DELETE FROM saved_searches WHERE id = ? AND user_id = ?');
  return {
    async list(userId) {
      return list.all(userId).map(toSaved);
    },
    async create(userId, name, params) {
      const row: Row = { id: randomUUID(), name, params: JSON.stringify(params), created_at: now().toISOString() };
      insert.run(row.id, userId, row.name, row.params, row.created_at);
      return toSaved(row);
    },
    async remove(userId, id) {
      return remove.run(id, userId).changes > 0;
    },
  };
}
