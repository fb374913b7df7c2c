/**
 * Shared contract tests for the control-plane stores: the same behaviour is asserted against SQLite
 * (tests/unit/control-plane-contracts.test.ts, always) and the real search engine
 * (tests/integration/control-plane.integration.test.ts). Each test asks for a fresh, empty backing
 * (a new SQLite file or a new index prefix) and may open several stores on it: two "replicas".
 */
export interface Backing<T> {
  /** Another store over the same data, as a second replica would open it. */
  open(now?: () => Date): T;
}
export type NewBacking<T> = () => Promise<Backing<T>>;

/** A clock the test moves by hand: every call returns the current instant. */
export function manualClock(startIso: string): { now: () => Date; advance(ms: number): void } {
  let t = Date.parse(startIso);
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}
