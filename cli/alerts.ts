import { z } from 'zod';
import { delay } from '../lib/backoff';
import { ValidationError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { createPostStore } from '../lib/runtime';
import type { PostStore } from '../lib/store/post-store';
import { formatWib } from '../lib/time';
import { IsoInstant } from '../schemas';
import type { AlertEvent } from '../schemas/alert';
import type { AlertStore } from '../services/alerter/alert-store';
import { createAlerterService } from '../services/alerter/app';
import type { Channel } from '../services/alerter/channels';
import { alertTitle } from '../services/alerter/message';
import { alerterOptionsOf, openAlertStore } from '../services/alerter/open';
import type { AlerterOptionsInput } from '../services/alerter/options';
import { commandContext } from './context';

/** How long `alerts evaluate` keeps retrying failed notifications before leaving them to the service. */
const DRAIN_MS = 30_000;

export interface EvaluateOnceDeps {
  posts: PostStore;
  alerts: AlertStore;
  logger: Logger;
  options: AlerterOptionsInput;
  at?: Date;
  now?: () => Date;
  channels?: Map<string, Channel>;
  drainMs?: number;
}

/**
 * One evaluation on demand, then deliver what it created, retrying failures with a short backoff
 * for at most `drainMs`; what is still pending afterwards the alerter service retries later.
 */
export async function evaluateOnce(deps: EvaluateOnceDeps): Promise<AlertEvent[]> {
  const service = createAlerterService({
    posts: deps.posts,
    alerts: deps.alerts,
    logger: deps.logger,
    // A person is waiting on the command: retry quickly, not on the service's minutes-long schedule.
    options: { ...deps.options, backoffBaseMs: 500, backoffMaxMs: 5_000 },
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.channels ? { channels: deps.channels } : {}),
  });
  try {
    if (AlerterOptionsSeed.parse(deps.options).seedDefaultRules) await service.seedDefaults();
    const report = await service.evaluator.evaluate(deps.at ?? (deps.now ?? (() => new Date()))());
    const deadline = Date.now() + (deps.drainMs ?? DRAIN_MS);
    for (;;) {
      await service.dispatcher.runDue();
      const pending = (await Promise.all(report.created.map((e) => deps.alerts.listDeliveries(e.id)))).flat().filter((d) => d.status === 'pending');
      if (!pending.length) break;
      const next = Math.min(...pending.map((d) => Date.parse(d.nextAttemptAt)));
      if (next > deadline) break;
      await delay(Math.max(0, next - Date.now()));
    }
    return report.created;
  } finally {
    await service.stop();
  }
}

const AlerterOptionsSeed = z.object({ seedDefaultRules: z.boolean().default(true) }).loose();

/** `dengar alerts evaluate [--at <ISO time>] [--json]`: prints the events it created (JSON array with --json). */
export async function alertsEvaluateCommand(opts: { at?: string; json?: boolean }): Promise<void> {
  const { config, logger, env } = commandContext({ collector: { enabled: false } }, { logToStderr: true });
  let at: Date | undefined;
  if (opts.at !== undefined) {
    const parsed = IsoInstant.safeParse(opts.at);
    if (!parsed.success) throw new ValidationError(`--at: ${parsed.error.issues[0]?.message ?? 'waktu tidak valid'}`);
    at = new Date(parsed.data);
  }
  const posts = createPostStore(config);
  const alerts = openAlertStore(config);
  try {
    const created = await evaluateOnce({ posts, alerts, logger, options: alerterOptionsOf(env), ...(at ? { at } : {}) });
    if (opts.json) process.stdout.write(`${JSON.stringify(created)}\n`);
    else if (!created.length) process.stdout.write('Tidak ada peringatan baru.\n');
    else for (const e of created) process.stdout.write(`${formatWib(e.windowTo)}  ${alertTitle(e)}: ${e.evidence.observed} (biasanya ${e.evidence.expected})\n  ${e.evidence.searchUrl}\n`);
  } finally {
    await alerts.close();
    await posts.close();
  }
}

/** `dengar alerts rules [--json]`: the rules as stored (defaults seeded on first use). */
export async function alertsRulesCommand(opts: { json?: boolean }): Promise<void> {
  const { config, logger, env } = commandContext({ collector: { enabled: false } }, { logToStderr: true });
  const posts = createPostStore(config);
  const alerts = openAlertStore(config);
  try {
    const service = createAlerterService({ posts, alerts, logger, options: alerterOptionsOf(env) });
    if (AlerterOptionsSeed.parse(alerterOptionsOf(env)).seedDefaultRules) await service.seedDefaults();
    await service.stop();
    const rules = await alerts.listRules();
    if (opts.json) process.stdout.write(`${JSON.stringify(rules)}\n`);
    else for (const r of rules) process.stdout.write(`${r.enabled ? '●' : '○'} ${r.id}  ${r.name}  [${r.metric}, ${r.windowMinutes} mnt, ${r.sensitivity}, kanal: ${r.channels.join(',')}]\n`);
  } finally {
    await alerts.close();
    await posts.close();
  }
}
