import type { ControlDb } from '../control/sqlite-db';
import { PostLabel, type LabelStore } from './label-store';

type Row = { seq: number; post_id: string; sentiment: string | null; topics: string | null; machine_sentiment: string; machine_topics: string; user_id: string; username: string; at: string };

const toLabel = (r: Row): PostLabel =>
  PostLabel.parse({
    seq: r.seq,
    postId: r.post_id,
    sentiment: r.sentiment,
    topics: r.topics === null ? null : JSON.parse(r.topics),
    machineSentiment: r.machine_sentiment,
    machineTopics: JSON.parse(r.machine_topics),
    userId: r.user_id,
    username: r.username,
    at: r.at,
  });

export function createSqliteLabelStore(db: ControlDb, now: () => Date = () => new Date()): LabelStore {
  const insert = db.prepare('INSERT INTO post_labels (post_id, sentiment, topics, machine_sentiment, machine_topics, user_id, username, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const bySeq = db.prepare<[number], Row>('SELECT * FROM post_labels WHERE seq = ?');
  const history = db.prepare<[string], Row>('SELECT * FROM post_labels WHERE post_id = ? ORDER BY seq');
  const list = db.prepare<[number, number], Row>('SELECT * FROM post_labels WHERE seq > ? ORDER BY seq LIMIT ?');
  return {
    async addLabel(input) {
      const { lastInsertRowid } = insert.run(
        input.postId,
        input.sentiment,
        input.topics === null ? null : JSON.stringify(input.topics),
        input.machineSentiment,
        JSON.stringify(input.machineTopics),
        input.userId,
        input.username,
        input.at ?? now().toISOString(),
      );
      return toLabel(bySeq.get(Number(lastInsertRowid))!);
    },
    async latest(postIds) {
      const out = new Map<string, PostLabel>();
      // Chunks keep the statement under SQLite's bound-parameter limit.
      for (let i = 0; i < postIds.length; i += 500) {
        const chunk = postIds.slice(i, i + 500);
        const marks = chunk.map(() => '?').join(',');
        const rows = db
          .prepare<string[], Row>(
            `SELECT l.* FROM post_labels l JOIN (SELECT post_id, max(seq) AS seq FROM post_labels WHERE post_id IN (${marks}) GROUP BY post_id) m ON m.seq = l.seq`,
          )
          .all(...chunk);
        for (const r of rows) out.set(r.post_id, toLabel(r));
      }
      return out;
    },
    async history(postId) {
      return history.all(postId).map(toLabel);
    },
    async listLabels(opts = {}) {
      return list.all(opts.afterSeq ?? 0, opts.limit ?? 10_000).map(toLabel);
    },
  };
}
