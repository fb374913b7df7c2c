import cron, { type ScheduledTask } from 'node-cron';
import { describeError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { Service, ServiceHealth } from '../../lib/service';
import type { PostStore } from '../../lib/store/post-store';
import { TIME_ZONE } from '../../lib/time';
import type { AlertStore } from './alert-store';
import { buildChannels, type Channel } from './channels';
import { createDispatcher, type Dispatcher } from './dispatcher';
import { createEvaluator, type EvaluationReport, type Evaluator } from './evaluator';
import { AlerterOptions, type AlerterOptionsInput } from './options';
import { defaultRules } from './rules';

export interface AlerterDeps {
  posts: PostStore;
  alerts: AlertStore;
  logger: Logger;
  options: AlerterOptionsInput;
  now?: () => Date;
  /** Override the channels built from options (tests). */
  channels?: Map<string, Channel>;
  /** Backoff jitter (tests pass a constant). */
  random?: () => number;
}

export interface AlerterService extends Service {
  readonly evaluator: Evaluator;
  readonly dispatcher: Dispatcher;
  readonly channels: Map<string, Channel>;
  /** Seed the default rules (once; deleted defaults stay deleted). */
  seedDefaults(): Promise<number>;
  /** One evaluation now (or for the window ending at `at`), then one dispatch pass. */
  runOnce(at?: Date): Promise<EvaluationReport>;
}

/**
 * The alerter: every `intervalMinutes` (node-cron, WIB) it evaluates the rules and dispatches new
 * notifications; every `dispatchEverySeconds` it retries what is due. Runs in `dengar run` and as
 * `dengar service alerter`; any number of replicas may run against the same store.
 */
export function createAlerterService(deps: AlerterDeps): AlerterService {
  const options = AlerterOptions.parse(deps.options);
  const now = deps.now ?? (() => new Date());
  const log = deps.logger.child({ service: 'alerter' });
  const channels = deps.channels ?? buildChannels(options, now);
  const evaluator = createEvaluator({
    posts: deps.posts,
    alerts: deps.alerts,
    logger: log,
    now,
    intervalMinutes: options.intervalMinutes,
    publicUrl: options.publicUrl,
    channelNames: new Set(channels.keys()),
  });
  const dispatcher = createDispatcher({
    alerts: deps.alerts,
    channels,
    logger: log,
    now,
    maxAttempts: options.maxAttempts,
    backoffBaseMs: options.backoffBaseMs,
    backoffMaxMs: options.backoffMaxMs,
    ...(deps.random ? { random: deps.random } : {}),
  });
  const tasks: ScheduledTask[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const status = { lastRunAt: null as string | null, lastError: null as string | null, created: 0, failedRules: 0, evaluations: 0 };

  async function seedDefaults(): Promise<number> {
    let n = 0;
    for (const rule of defaultRules(now(), [...channels.keys()])) if (await deps.alerts.insertRuleIfAbsent(rule)) n++;
    return n;
  }

  async function runOnce(at?: Date): Promise<EvaluationReport> {
    const report = await evaluator.evaluate(at ?? now());
    status.evaluations++;
    status.lastRunAt = now().toISOString();
    status.created += report.created.length;
    status.failedRules = report.failedRules.length;
    if (report.created.length) await dispatcher.runDue();
    log.info({ rules: report.rules, groups: report.groupsChecked, created: report.created.length, suppressed: report.suppressed }, 'alerts_evaluated');
    return report;
  }

  function track<T>(p: Promise<T>): void {
    const tracked = p.then(
      () => {
        status.lastError = null;
      },
      (err: unknown) => {
        status.lastError = describeError(err);
        log.error({ err: status.lastError }, 'alerter_tick_failed');
      },
    );
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
  }

  return {
    name: 'alerter',
    evaluator,
    dispatcher,
    channels,
    seedDefaults,
    runOnce,
    async start() {
      if (options.seedDefaultRules) await seedDefaults();
      tasks.push(
        cron.schedule(`*/${options.intervalMinutes} * * * *`, () => track(runOnce()), { name: 'alerter-evaluate', noOverlap: true, timezone: TIME_ZONE }),
        cron.schedule(`*/${options.dispatchEverySeconds} * * * * *`, () => track(dispatcher.runDue()), {
          name: 'alerter-dispatch',
          noOverlap: true,
          timezone: TIME_ZONE,
        }),
      );
      log.info({ intervalMinutes: options.intervalMinutes, channels: [...channels.keys()] }, 'alerter_started');
    },
    async stop() {
      for (const t of tasks.splice(0)) await t.destroy();
      await Promise.allSettled([...inFlight]);
      for (const c of channels.values()) await c.close?.();
    },
    async health(): Promise<ServiceHealth> {
      return { status: status.lastError ? 'degraded' : 'ok', details: { ...status } };
    },
  };
}

