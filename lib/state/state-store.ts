import type { DeadLetter, DictionaryKind, SourceCheckpoint, StoredDictionary } from '../../schemas';

/**
 * Control-plane state that is not posts: collector checkpoints, the dead-letter record and the
 * dictionaries an admin edited (the shipped file applies to a kind with none stored).
 * Embedded mode keeps it in the SQLite file beside the posts; distributed mode must keep it where
 * any replica can reach it (see design.md).
 */
export interface StateStore {
  getCheckpoint(sourceId: string): Promise<SourceCheckpoint | null>;
  saveCheckpoint(checkpoint: SourceCheckpoint): Promise<void>;
  recordDeadLetters(letters: DeadLetter[]): Promise<void>;
  listDeadLetters(limit: number): Promise<DeadLetter[]>;
  countDeadLetters(): Promise<number>;
  getDictionary(kind: DictionaryKind): Promise<StoredDictionary | null>;
  putDictionary(dictionary: StoredDictionary): Promise<void>;
  /** Back to the shipped file. */
  deleteDictionary(kind: DictionaryKind): Promise<void>;
  close(): Promise<void>;
}
