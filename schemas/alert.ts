import { z } from 'zod';
import { IsoInstant, SourceKind } from './common';

/** What a rule counts in each window. */
export const AlertMetric = z.enum(['negative_count', 'negative_share', 'volume']);
export type AlertMetric = z.infer<typeof AlertMetric>;

/**
 * Which windows the observed window is compared with: the same hours of the previous 7 days
 * (absorbs the daily rhythm), or the windows of the previous 24 hours (reacts to level shifts,
 * but not rhythm-aware: use it for long windows or flat series).
 */
export const AlertBaseline = z.enum(['same_hours_7d', 'previous_24h']);
export type AlertBaseline = z.infer<typeof AlertBaseline>;

/** Robust z-score: median/MAD of the baseline windows with a Poisson (or binomial) floor. */
export const AlertMethod = z.enum(['robust_z']);
export type AlertMethod = z.infer<typeof AlertMethod>;

export const AlertSensitivity = z.enum(['low', 'medium', 'high']);
export type AlertSensitivity = z.infer<typeof AlertSensitivity>;

/** One rule can fan out: per topic, per kabupaten/kota, or per kabupaten/kota × topic. */
export const AlertGroupBy = z.enum(['none', 'topic', 'region', 'region_topic']);
export type AlertGroupBy = z.infer<typeof AlertGroupBy>;

const Slug = z.string().trim().toLowerCase().regex(/^[a-z0-9_]{1,64}$/, 'harus huruf kecil, angka atau _');

/** The posts a rule watches: a query in the analyst language and/or structured filters. */
export const AlertScope = z.object({
  query: z.string().max(1000).default(''),
  topic: Slug.optional(),
  region: Slug.optional(),
  source: SourceKind.optional(),
});
export type AlertScope = z.infer<typeof AlertScope>;

/** A channel name from the alerter configuration (`in_app` always exists). Secrets never travel here. */
export const ChannelName = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'nama kanal: huruf kecil, angka, _ atau -');
export type ChannelName = z.infer<typeof ChannelName>;

/** What an analyst sends to create a rule; defaults give a sensible topic rule. */
export const AlertRuleInput = z.object({
  name: z.string().trim().min(1).max(120),
  enabled: z.boolean().default(true),
  scope: AlertScope.default({ query: '' }),
  groupBy: AlertGroupBy.default('none'),
  metric: AlertMetric.default('negative_count'),
  windowMinutes: z.number().int().min(15).max(1440).multipleOf(5, 'harus kelipatan 5 menit').default(60),
  baseline: AlertBaseline.default('same_hours_7d'),
  method: AlertMethod.default('robust_z'),
  /** The window must hold at least this many posts of the metric (negative posts, or all posts for share/volume). */
  minVolume: z.number().int().min(1).max(1_000_000).default(10),
  sensitivity: AlertSensitivity.default('medium'),
  cooldownMinutes: z.number().int().min(0).max(10_080).default(180),
  channels: z.array(ChannelName).max(10).default(['in_app']),
});
export type AlertRuleInput = z.input<typeof AlertRuleInput>;

export const AlertRulePatch = AlertRuleInput.partial();
export type AlertRulePatch = z.input<typeof AlertRulePatch>;

export const AlertRule = AlertRuleInput.extend({
  id: z.string().regex(/^[a-z0-9_-]{1,64}$/),
  createdBy: z.string(),
  createdAt: IsoInstant,
  updatedBy: z.string(),
  updatedAt: IsoInstant,
});
export type AlertRule = z.infer<typeof AlertRule>;

export const AlertState = z.enum(['open', 'acknowledged', 'resolved']);
export type AlertState = z.infer<typeof AlertState>;

/** The slice of a grouped rule an event is about (empty for an ungrouped rule). */
export const AlertGroup = z.object({ topic: z.string().optional(), region: z.string().optional() });
export type AlertGroup = z.infer<typeof AlertGroup>;

export const AlertTopPost = z.object({
  id: z.string(),
  text: z.string(),
  source: SourceKind,
  url: z.string().optional(),
  createdAt: IsoInstant,
});
export type AlertTopPost = z.infer<typeof AlertTopPost>;

/** A term that rose in the window: counts in window vs baseline sample, and its JLH score. */
export const SignificantTerm = z.object({ term: z.string(), window: z.number(), baseline: z.number(), score: z.number() });
export type SignificantTerm = z.infer<typeof SignificantTerm>;

export const AlertEvidence = z.object({
  observed: z.number(),
  expected: z.number(),
  score: z.number(),
  threshold: z.number(),
  /** The metric in each baseline window, oldest first. */
  baselineValues: z.array(z.number()),
  windowTotal: z.number(),
  windowNegative: z.number(),
  topPosts: z.array(AlertTopPost),
  terms: z.array(SignificantTerm),
  regions: z.array(z.object({ key: z.string(), count: z.number() })),
  searchUrl: z.string(),
});
export type AlertEvidence = z.infer<typeof AlertEvidence>;

export const AlertEvent = z.object({
  id: z.string(),
  /** rule × group × window end: the idempotency key two replicas compute alike. */
  key: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  metric: AlertMetric,
  group: AlertGroup,
  windowFrom: IsoInstant,
  windowTo: IsoInstant,
  evidence: AlertEvidence,
  channels: z.array(ChannelName),
  state: AlertState,
  createdAt: IsoInstant,
  acknowledgedBy: z.string().optional(),
  acknowledgedAt: IsoInstant.optional(),
  resolvedBy: z.string().optional(),
  resolvedAt: IsoInstant.optional(),
  note: z.string().max(1000).optional(),
});
export type AlertEvent = z.infer<typeof AlertEvent>;

export const DeliveryStatus = z.enum(['pending', 'sending', 'sent', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** One notification of one event on one channel; `sent` at most once per event × channel. */
export const Delivery = z.object({
  id: z.string(),
  eventId: z.string(),
  channel: ChannelName,
  status: DeliveryStatus,
  attempts: z.number().int(),
  nextAttemptAt: IsoInstant,
  lastError: z.string().optional(),
  sentAt: IsoInstant.optional(),
});
export type Delivery = z.infer<typeof Delivery>;

/** The delivery log: every attempt, successful or not. */
export const DeliveryAttempt = z.object({
  deliveryId: z.string(),
  eventId: z.string(),
  channel: ChannelName,
  attempt: z.number().int(),
  status: z.enum(['sent', 'failed']),
  error: z.string().optional(),
  at: IsoInstant,
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttempt>;

/** Acknowledge or resolve, as an analyst sends it. */
export const AlertTransition = z.object({
  state: z.enum(['acknowledged', 'resolved']),
  note: z.string().trim().max(1000).optional(),
});
export type AlertTransition = z.infer<typeof AlertTransition>;
