import type { Logger } from './logger';

/**
 * Named shutdown handlers, run in reverse order of registration (so the API stops before the store
 * it reads, collectors before the bus they publish to), raced against a timeout.
 */
export class ShutdownRegistry {
  private readonly handlers: { name: string; run: () => Promise<void> }[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly logger: Logger, private readonly timeoutMs = 15_000) {}

  register(name: string, run: () => Promise<void>): void {
    this.handlers.push({ name, run });
  }

  /** Idempotent: a second signal waits for the first shutdown instead of starting another. */
  shutdown(reason: string): Promise<void> {
    this.running ??= this.runAll(reason);
    return this.running;
  }

  private async runAll(reason: string): Promise<void> {
    this.logger.info({ reason }, 'shutdown_started');
    const all = (async () => {
      for (const handler of [...this.handlers].reverse()) {
        try {
          await handler.run();
          this.logger.info({ handler: handler.name }, 'shutdown_step_done');
        } catch (err) {
          this.logger.error({ handler: handler.name, err }, 'shutdown_step_failed');
        }
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.timeoutMs)));
    const outcome = await Promise.race([all.then(() => 'done' as const), timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.logger.warn({ timeoutMs: this.timeoutMs }, 'shutdown_timed_out');
    else this.logger.info('shutdown_complete');
  }
}

/** Trap SIGINT/SIGTERM once; exit 128+signal after the registry ran. */
export function trapSignals(registry: ShutdownRegistry): void {
  const codes: Record<string, number> = { SIGINT: 2, SIGTERM: 15 };
  for (const signal of Object.keys(codes)) {
    process.once(signal, () => {
      void registry.shutdown(signal).finally(() => process.exit(128 + codes[signal]!));
    });
  }
}
