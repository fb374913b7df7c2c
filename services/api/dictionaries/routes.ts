import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { dictionaryVersion, parseDictionary, shippedDictionary } from '../../../lib/domain/dictionary-files';
import type { DictionarySync } from '../../../lib/domain/dictionary-sync';
import { parseQuery } from '../../../lib/query';
import type { StateStore } from '../../../lib/state/state-store';
import { DictionaryKind, type QueryNode, type StoredDictionary } from '../../../schemas';
import type { AlertRule } from '../../../schemas/alert';
import type { AccountStore } from '../accounts/account-store';
import { conflict, notFound } from '../errors';
import type { Guard } from '../guard';

export interface DictionaryRouteDeps {
  guard: Guard;
  state: Pick<StateStore, 'getDictionary' | 'putDictionary' | 'deleteDictionary'>;
  accounts: Pick<AccountStore, 'audit'>;
  /** This process installs an edit at once; other processes pick it up on their next poll. */
  sync: Pick<DictionarySync, 'refresh'>;
  /** The alert rules, so an edit cannot remove a topic or region a rule still watches. */
  alertRules: () => Promise<AlertRule[]>;
  now?: () => Date;
}

/** What GET, PUT and reset answer: the dictionary in force for the kind, and where it came from. */
export const DictionaryDocument = z.object({
  kind: DictionaryKind,
  version: z.string(),
  /** `file`: the shipped config/dictionaries/<kind>.json; `stored`: an admin's edit. */
  source: z.enum(['file', 'stored']),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  data: z.unknown(),
});
export type DictionaryDocument = z.infer<typeof DictionaryDocument>;

const KindParams = z.object({ kind: z.string() });

/**
 * The topic, region and official dictionaries over HTTP: every role reads them, admins replace one
 * whole (validated, versioned, audit-logged) or reset it to the shipped file.
 */
export function registerDictionaryRoutes(app: FastifyInstance, deps: DictionaryRouteDeps): void {
  const now = deps.now ?? (() => new Date());

  function kindOf(request: FastifyRequest): DictionaryKind {
    const parsed = DictionaryKind.safeParse(KindParams.parse(request.params).kind);
    if (!parsed.success) throw notFound(`Kamus tidak dikenal; pilih salah satu: ${DictionaryKind.options.join(', ')}.`);
    return parsed.data;
  }

  async function current(kind: DictionaryKind): Promise<DictionaryDocument> {
    const stored = await deps.state.getDictionary(kind);
    if (stored) return { ...stored, source: 'stored' };
    const { data, version } = shippedDictionary(kind);
    return { kind, version, source: 'file', updatedBy: null, updatedAt: null, data };
  }

  /** Refuses (409) an edit that drops an id an alert rule watches: the rule would go silent without a word. */
  async function refuseDroppingWatched(kind: DictionaryKind, before: unknown, after: unknown): Promise<void> {
    const field = kind === 'topics' ? 'topic' : kind === 'regions' ? 'region' : null;
    if (!field) return;
    const kept = new Set(entryIds(after));
    const dropped = new Set(entryIds(before).filter((id) => !kept.has(id)));
    if (dropped.size === 0) return;
    const uses = (await deps.alertRules()).flatMap((rule) =>
      watchedIds(rule, field).filter((id) => dropped.has(id)).map((id) => `${id} (aturan "${rule.name}")`),
    );
    if (uses.length) throw conflict(`Kamus tidak disimpan: ${uses.join(', ')} masih dipakai aturan peringatan. Ubah atau hapus aturannya dulu.`);
  }

  /** Stores an edit (`next`) or, with null, deletes the stored one; then audits and installs it here. */
  async function save(request: FastifyRequest, kind: DictionaryKind, next: StoredDictionary | null): Promise<DictionaryDocument> {
    const before = await current(kind);
    await refuseDroppingWatched(kind, before.data, next ? next.data : shippedDictionary(kind).data);
    if (next) await deps.state.putDictionary(next);
    else await deps.state.deleteDictionary(kind);
    const after = await current(kind);
    const me = request.user!;
    await deps.accounts.audit({
      actorId: me.id,
      actor: me.username,
      action: next ? 'dictionary.update' : 'dictionary.reset',
      target: kind,
      details: { from: before.version, to: after.version },
    });
    // The edit is stored either way: a failed read here shows in the sync's health and the next poll retries.
    await deps.sync.refresh().catch(() => undefined);
    return after;
  }

  app.get('/api/dictionaries/:kind', { preHandler: deps.guard('viewer') }, async (request) => DictionaryDocument.parse(await current(kindOf(request))));

  app.put('/api/dictionaries/:kind', { preHandler: deps.guard('admin') }, async (request) => {
    const kind = kindOf(request);
    const data = parseDictionary(kind, request.body ?? {}); // a ZodError here is a 400 naming each field
    const next = { kind, version: dictionaryVersion(data), data, updatedBy: request.user!.username, updatedAt: now().toISOString() };
    return DictionaryDocument.parse(await save(request, kind, next));
  });

  app.post('/api/dictionaries/:kind/reset', { preHandler: deps.guard('admin') }, async (request) => {
    const kind = kindOf(request);
    return DictionaryDocument.parse(await save(request, kind, null));
  });
}

/** Just the ids of a topic or region dictionary (an officials dictionary has neither list). */
const EntryIds = z.object({ topics: z.array(z.object({ id: z.string() })).optional(), regions: z.array(z.object({ id: z.string() })).optional() });

function entryIds(data: unknown): string[] {
  const parsed = EntryIds.safeParse(data);
  return parsed.success ? [...(parsed.data.topics ?? []), ...(parsed.data.regions ?? [])].map((e) => e.id) : [];
}

/** Ids a rule watches for a field: its structured scope and `topic:`/`region:` in its query. */
function watchedIds(rule: AlertRule, field: 'topic' | 'region'): string[] {
  const ids = rule.scope[field] ? [rule.scope[field]] : [];
  const walk = (node: QueryNode): void => {
    if (node.type === 'field' && node.field === field) ids.push(node.value);
    else if (node.type === 'and' || node.type === 'or') node.children.forEach(walk);
    else if (node.type === 'not') walk(node.child);
  };
  try {
    walk(parseQuery(rule.scope.query));
  } catch {
    // A rule whose query no longer parses watches nothing the dictionary could take away.
  }
  return ids;
}
