/** What every long-running piece (collector, enricher, indexer, api) looks like to its runner. */
export type HealthStatus = 'ok' | 'degraded' | 'error';

export interface ServiceHealth {
  status: HealthStatus;
  details: Record<string, unknown>;
}

export interface Service {
  readonly name: string;
  start(): Promise<void>;
  /** Stop taking new work, finish what is in hand, release resources. */
  stop(): Promise<void>;
  health(): Promise<ServiceHealth>;
}
