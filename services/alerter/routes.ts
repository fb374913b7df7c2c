import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DengarError, ERROR_CODES, ValidationError } from '../../lib/errors';
import type { Guard } from '../api/guard';
import { AlertEvent, AlertRule, AlertRuleInput, AlertRulePatch, AlertState, AlertTransition, Delivery, DeliveryAttempt } from '../../schemas/alert';
import type { AlertStore } from './alert-store';
import { ruleScope } from './rules';

export interface AlertRouteDeps {
  alerts: AlertStore;
  guard: Guard;
  /** Names and kinds of the configured channels (never their secrets). */
  channels: { name: string; kind: string }[];
  now?: () => Date;
}

const IdParams = z.object({ id: z.string().min(1).max(100) });
const EventQuery = z.object({
  state: AlertState.optional(),
  ruleId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const TransitionBody = AlertTransition.omit({ state: true }).default({});
const EventDetail = z.object({ event: AlertEvent, deliveries: z.array(Delivery), attempts: z.array(DeliveryAttempt) });

/**
 * Alert rules and events over HTTP, for the web app and scripts. Rules: viewers read, analysts create,
 * change and delete. Events: viewers read, analysts acknowledge and resolve (who and when are recorded).
 */
export function registerAlertRoutes(app: FastifyInstance, deps: AlertRouteDeps): void {
  const now = deps.now ?? (() => new Date());
  const known = new Set(['in_app', ...deps.channels.map((c) => c.name)]);
  const who = (request: { user?: { username: string } }) => request.user?.username ?? 'anonim';

  function check(rule: AlertRule): AlertRule {
    ruleScope(rule.scope); // throws a ValidationError naming scope.query
    const unknown = rule.channels.filter((c) => !known.has(c));
    if (unknown.length) throw new ValidationError(`channels: kanal tidak dikenal: ${unknown.join(', ')} (tersedia: ${[...known].join(', ')})`);
    return rule;
  }

  async function mustRule(id: string): Promise<AlertRule> {
    const rule = await deps.alerts.getRule(id);
    if (!rule) throw new DengarError(ERROR_CODES.NOT_FOUND, `Aturan ${id} tidak ditemukan`);
    return rule;
  }

  app.get('/api/alerts/channels', { preHandler: deps.guard('viewer') }, async () => [{ name: 'in_app', kind: 'in_app' }, ...deps.channels.filter((c) => c.name !== 'in_app')]);

  app.get('/api/alerts/rules', { preHandler: deps.guard('viewer') }, async () => z.array(AlertRule).parse(await deps.alerts.listRules()));

  app.get('/api/alerts/rules/:id', { preHandler: deps.guard('viewer') }, async (request) => AlertRule.parse(await mustRule(IdParams.parse(request.params).id)));

  app.post('/api/alerts/rules', { preHandler: deps.guard('analyst') }, async (request, reply) => {
    const input = AlertRuleInput.parse(request.body ?? {});
    const at = now().toISOString();
    const rule = check(AlertRule.parse({ ...input, id: `r-${randomUUID().slice(0, 8)}`, createdBy: who(request), createdAt: at, updatedBy: who(request), updatedAt: at }));
    await deps.alerts.putRule(rule);
    return reply.status(201).send(rule);
  });

  app.patch('/api/alerts/rules/:id', { preHandler: deps.guard('analyst') }, async (request) => {
    const current = await mustRule(IdParams.parse(request.params).id);
    const patch = AlertRulePatch.parse(request.body ?? {});
    // Only the fields sent change: zod's defaults must not reset the rest.
    const sent = Object.fromEntries(Object.entries(patch).filter(([k]) => k in ((request.body as object | null) ?? {})));
    const rule = check(AlertRule.parse({ ...current, ...sent, updatedBy: who(request), updatedAt: now().toISOString() }));
    await deps.alerts.putRule(rule);
    return rule;
  });

  app.delete('/api/alerts/rules/:id', { preHandler: deps.guard('analyst') }, async (request, reply) => {
    const { id } = IdParams.parse(request.params);
    if (!(await deps.alerts.deleteRule(id))) throw new DengarError(ERROR_CODES.NOT_FOUND, `Aturan ${id} tidak ditemukan`);
    request.log.info({ ruleId: id, by: who(request) }, 'alert_rule_deleted');
    return reply.status(204).send();
  });

  app.get('/api/alerts/events', { preHandler: deps.guard('viewer') }, async (request) => {
    const q = EventQuery.parse(request.query);
    return z.array(AlertEvent).parse(await deps.alerts.listEvents(q));
  });

  app.get('/api/alerts/events/:id', { preHandler: deps.guard('viewer') }, async (request) => {
    const { id } = IdParams.parse(request.params);
    const event = await deps.alerts.getEvent(id);
    if (!event) throw new DengarError(ERROR_CODES.NOT_FOUND, `Peringatan ${id} tidak ditemukan`);
    return EventDetail.parse({ event, deliveries: await deps.alerts.listDeliveries(id), attempts: await deps.alerts.listAttempts(id) });
  });

  for (const [path, state] of [['acknowledge', 'acknowledged'], ['resolve', 'resolved']] as const) {
    app.post(`/api/alerts/events/:id/${path}`, { preHandler: deps.guard('analyst') }, async (request) => {
      const { id } = IdParams.parse(request.params);
      const body = TransitionBody.parse(request.body ?? {});
      return AlertEvent.parse(await deps.alerts.transitionEvent(id, state, who(request), now(), body.note));
    });
  }
}
