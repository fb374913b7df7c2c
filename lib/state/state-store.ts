import type { DeadLetter, SourceCheckpoint } from '../../schemas';

/**
 * Control-plane state that is not posts: collector checkpoints and the dead-letter record.
 * Embedded mode keeps it in the SQLite file beside the posts; distributed mode must keep it where
 * any replica can reach it (see design.md).
 */
export interface StateStore {
  getCheckpoint(sourceId: string): Promise<SourceCheckpoint | null>;
  saveCheckpoint(checkpoint: SourceCheckpoint): Promise<void>;
  recordDeadLetters(letters: DeadLetter[]): Promise<void>;
  listDeadLetters(limit: number): Promise<DeadLetter[]>;
  countDeadLetters(): Promise<number>;
  close(): Promise<void>;
}
