import type { ControlDb } from '../control/sqlite-db';
import { DEFAULT_INBOX_SETTINGS, InboxItem, InboxSettings, type InboxPatch, type InboxStatus } from './inbox-schemas';

export interface InboxSummary {
  counts: Record<InboxStatus, number>;
  /** Median time from the post to the first response (status left `baru`), over answered items. */
  medianFirstResponseMs: number | null;
  /** The post time of the oldest item not yet `selesai`. */
  oldestOpenCreatedAt: string | null;
}

export type InboxFilter = { status?: InboxStatus | 'terbuka'; assignee?: string; page: number; size: number };

/** The listening inbox: its rules, and one item per matching post with status, assignee, dinas and notes. */
export interface InboxStore {
  getSettings(): Promise<InboxSettings>;
  saveSettings(settings: InboxSettings): Promise<void>;
  /** Insert new items (existing post ids are left as they are); returns how many were new. */
  addItems(items: { postId: string; postCreatedAt: string; matched: string[] }[]): Promise<number>;
  list(filter: InboxFilter): Promise<{ items: InboxItem[]; total: number }>;
  get(postId: string): Promise<InboxItem | null>;
  update(postId: string, patch: InboxPatch, by: string): Promise<InboxItem | null>;
  summary(): Promise<InboxSummary>;
}

/** An item as a patch leaves it; the same rules in every store. */
export function applyInboxPatch(current: InboxItem, patch: InboxPatch, by: string, at: string): InboxItem {
  const status = patch.status ?? current.status;
  return {
    ...current,
    status,
    assignee: patch.assignee !== undefined ? patch.assignee || null : current.assignee,
    dinas: patch.dinas !== undefined ? patch.dinas || null : current.dinas,
    notes: patch.notes ?? current.notes,
    // The first response is the first time someone moves the item on from `baru`.
    firstResponseAt: current.firstResponseAt ?? (status !== 'baru' ? at : null),
    closedAt: status === 'selesai' ? (current.closedAt ?? at) : null,
    updatedAt: at,
    updatedBy: by,
  };
}

/** Median wait from post to first response over answered items; null when none was answered. */
export function medianFirstResponse(answered: { postCreatedAt: string; firstResponseAt: string }[]): number | null {
  const waits = answered.map((r) => Date.parse(r.firstResponseAt) - Date.parse(r.postCreatedAt)).sort((a, b) => a - b);
  if (waits.length === 0) return null;
  const mid = Math.floor(waits.length / 2);
  return waits.length % 2 ? waits[mid]! : (waits[mid - 1]! + waits[mid]!) / 2;
}

type Row = {
  post_id: string;
  post_created_at: string;
  matched: string;
  status: string;
  assignee: string | null;
  dinas: string | null;
  notes: string;
  detected_at: string;
  first_response_at: string | null;
  closed_at: string | null;
  updated_at: string;
  updated_by: string | null;
};

const toItem = (r: Row): InboxItem =>
  InboxItem.parse({
    postId: r.post_id,
    postCreatedAt: r.post_created_at,
    matched: JSON.parse(r.matched),
    status: r.status,
    assignee: r.assignee,
    dinas: r.dinas,
    notes: r.notes,
    detectedAt: r.detected_at,
    firstResponseAt: r.first_response_at,
    closedAt: r.closed_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  });

export function createSqliteInboxStore(db: ControlDb, now: () => Date = () => new Date()): InboxStore {
  const getSettings = db.prepare<[], { doc: string }>("SELECT doc FROM inbox_rules WHERE id = 'settings'");
  const putSettings = db.prepare(
    "INSERT INTO inbox_rules (id, doc, updated_at) VALUES ('settings', ?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at",
  );
  const insert = db.prepare(
    `INSERT OR IGNORE INTO inbox_items (post_id, post_created_at, matched, status, notes, detected_at, updated_at) VALUES (?, ?, ?, 'baru', '', ?, ?)`,
  );
  const byId = db.prepare<[string], Row>('SELECT * FROM inbox_items WHERE post_id = ?');
  const counts = db.prepare<[], { status: string; n: number }>('SELECT status, count(*) AS n FROM inbox_items GROUP BY status');
  const responses = db.prepare<[], { post_created_at: string; first_response_at: string }>(
    'SELECT post_created_at, first_response_at FROM inbox_items WHERE first_response_at IS NOT NULL',
  );
  const oldestOpen = db.prepare<[], { at: string | null }>("SELECT min(post_created_at) AS at FROM inbox_items WHERE status != 'selesai'");

  return {
    async getSettings() {
      const row = getSettings.get();
      return row ? InboxSettings.parse(JSON.parse(row.doc)) : DEFAULT_INBOX_SETTINGS;
    },
    async saveSettings(settings) {
      putSettings.run(JSON.stringify(InboxSettings.parse(settings)), now().toISOString());
    },
    async addItems(items) {
      const at = now().toISOString();
      return db.transaction(() => items.reduce((n, i) => n + insert.run(i.postId, i.postCreatedAt, JSON.stringify(i.matched), at, at).changes, 0))();
    },
    async list({ status, assignee, page, size }) {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (status === 'terbuka') where.push("status != 'selesai'");
      else if (status) (where.push('status = ?'), params.push(status));
      if (assignee) (where.push('assignee = ?'), params.push(assignee));
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = db.prepare<(string | number)[], { n: number }>(`SELECT count(*) AS n FROM inbox_items ${clause}`).get(...params)!.n;
      const rows = db
        .prepare<(string | number)[], Row>(`SELECT * FROM inbox_items ${clause} ORDER BY post_created_at DESC, post_id LIMIT ? OFFSET ?`)
        .all(...params, size, (page - 1) * size);
      return { items: rows.map(toItem), total };
    },
    async get(postId) {
      const row = byId.get(postId);
      return row ? toItem(row) : null;
    },
    async update(postId, patch, by) {
      const current = byId.get(postId);
      if (!current) return null;
      const next = applyInboxPatch(toItem(current), patch, by, now().toISOString());
      db.prepare(
        `UPDATE inbox_items SET status = ?, assignee = ?, dinas = ?, notes = ?, first_response_at = ?, closed_at = ?, updated_at = ?, updated_by = ? WHERE post_id = ?`,
      ).run(next.status, next.assignee, next.dinas, next.notes, next.firstResponseAt, next.closedAt, next.updatedAt, next.updatedBy, postId);
      return toItem(byId.get(postId)!);
    },
    async summary() {
      const c: Record<InboxStatus, number> = { baru: 0, ditangani: 0, selesai: 0 };
      for (const r of counts.all()) if (r.status in c) c[r.status as InboxStatus] = r.n;
      const median = medianFirstResponse(responses.all().map((r) => ({ postCreatedAt: r.post_created_at, firstResponseAt: r.first_response_at })));
      return { counts: c, medianFirstResponseMs: median, oldestOpenCreatedAt: oldestOpen.get()?.at ?? null };
    },
  };
}
