import type Database from 'better-sqlite3';
import type { EnrichedPost } from '../../../schemas';
import { DengarError, ERROR_CODES } from '../../errors';
import type { SqlParam } from './compile';
import type { Combo } from './facets';
import type { ComboScope } from './rollup';
import { comboKey, toComboRow, type ComboRow } from './row';

/** The `facet_combos` rows one connection knows: ids for writing posts, combos for reading facets. */
export interface ComboCatalog {
  /** The combo id of a post, creating the row if new (writable connections only). */
  idOf(post: EnrichedPost): number;
  get(id: number): Combo;
  where(cs: ComboScope, probe?: boolean): { sql: string; params: SqlParam[] };
  /** Drop cached ids after a rolled-back write: rows created in it are gone. */
  forget(): void;
}

export function createComboCatalog(db: Database.Database, readonly: boolean): ComboCatalog {
  const insertCombo = readonly
    ? null
    : db.prepare<[ComboRow]>(
        `INSERT INTO facet_combos (sentiment, source, lang, topics, regions)
         VALUES (@sentiment, @source, @lang, @topics, @regions) ON CONFLICT DO NOTHING`,
      );
  const findCombo = db.prepare<[ComboRow], { id: number }>(
    `SELECT id FROM facet_combos
     WHERE sentiment = @sentiment AND source = @source AND lang = @lang AND topics = @topics AND regions = @regions`,
  );
  const newCombos = db.prepare<[number], ComboRow & { id: number }>(
    'SELECT id, sentiment, source, lang, topics, regions FROM facet_combos WHERE id > ? ORDER BY id',
  );
  /** Combo ids by key (writes) and combos by id (reads); rows are never changed, so neither goes stale. */
  const comboIds = new Map<string, number>();
  const combos = new Map<number, Combo>();

  /** The combo id of a post, creating the row if new. Runs outside the per-post savepoint (see writeBatch). */
  function comboIdOf(post: EnrichedPost): number {
    const row = toComboRow(post);
    const key = comboKey(row);
    let id = comboIds.get(key);
    if (id === undefined) {
      if (!insertCombo) throw new DengarError(ERROR_CODES.STORE_REJECTED, 'Penyimpanan SQLite dibuka hanya-baca');
      insertCombo.run(row);
      id = findCombo.get(row)!.id;
      comboIds.set(key, id);
    }
    return id;
  }

  let lastCombo = 0;
  /** Read the combos added since the last look (by this or another process); ids only grow. */
  function syncCombos(): void {
    for (const { id, ...row } of newCombos.all(lastCombo)) {
      combos.set(id, { ...row, topics: JSON.parse(row.topics) as string[], regions: JSON.parse(row.regions) as string[] });
      lastCombo = id;
    }
  }

  function comboOf(id: number): Combo {
    let combo = combos.get(id);
    if (!combo) {
      syncCombos();
      combo = combos.get(id);
      if (!combo) throw new DengarError(ERROR_CODES.INTERNAL, `Kombinasi facet ${id} tidak ada di berkas data`);
    }
    return combo;
  }

  /**
   * A combo scope as SQL over `posts p`: the ids of the combos it admits, and its dates. `probe` writes
   * `+p.combo` so SQLite walks an index in the wanted order and tests each row, for scopes that hold
   * enough posts to fill a page quickly that way.
   */
  function comboWhere(cs: ComboScope, probe = false): { sql: string; params: SqlParam[] } {
    syncCombos();
    const ids = [...combos].filter(([, c]) => cs.matches(c)).map(([id]) => id);
    const conds = [`${probe ? '+' : ''}p.combo IN (SELECT value FROM json_each(?))`];
    const params: SqlParam[] = [JSON.stringify(ids)];
    if (cs.from !== undefined) {
      conds.push('p.created_at >= ?');
      params.push(cs.from);
    }
    if (cs.to !== undefined) {
      conds.push('p.created_at < ?');
      params.push(cs.to);
    }
    return { sql: conds.join(' AND '), params };
  }

  return {
    idOf: comboIdOf,
    get: comboOf,
    where: comboWhere,
    forget: () => comboIds.clear(),
  };
}
