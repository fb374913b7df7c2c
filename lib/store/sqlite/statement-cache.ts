import type Database from 'better-sqlite3';
import type { SqlParam } from './compile';

/** Prepared statements keyed by SQL text; query shapes repeat, user values are parameters. */
export class StatementCache {
  private readonly cache = new Map<string, Database.Statement<SqlParam[]>>();

  constructor(
    private readonly db: Database.Database,
    private readonly limit = 256,
  ) {}

  get(sql: string): Database.Statement<SqlParam[]> {
    let stmt = this.cache.get(sql);
    if (stmt) {
      this.cache.delete(sql); // re-insert: Map order is the LRU order
    } else {
      stmt = this.db.prepare<SqlParam[]>(sql);
      if (this.cache.size >= this.limit) this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(sql, stmt);
    return stmt;
  }

  clear(): void {
    this.cache.clear();
  }
}
