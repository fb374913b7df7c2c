import { createReadStream, existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DengarError, ERROR_CODES } from '../../lib/errors';
import type { Guard } from '../api/guard';
import type { ReportGenerator } from './generate';
import { Delivery, ReportRecord, ReportStatus, type ReportHistoryStore } from './history';
import { IsoWeek } from './week';

const GenerateBody = z.object({ week: IsoWeek.optional(), deliver: z.boolean().optional() }).strict();
const HistoryQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
const IdParams = z.object({ id: z.string().uuid('id laporan tidak valid') });
const FileParams = IdParams.extend({ kind: z.enum(['pdf', 'xlsx']) });

/** A report as the web app sees it: no server paths, a download link per file. */
export const ReportView = z.object({
  id: z.string(),
  week: z.string(),
  from: z.string(),
  to: z.string(),
  trigger: ReportRecord.shape.trigger,
  requestedBy: z.string().optional(),
  status: ReportStatus,
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  error: z.string().optional(),
  totals: ReportRecord.shape.totals,
  files: z.array(z.object({ kind: z.enum(['pdf', 'xlsx']), name: z.string(), bytes: z.number(), url: z.string() })),
  deliveries: z.array(Delivery),
});
export type ReportView = z.infer<typeof ReportView>;

export function toView(r: ReportRecord): ReportView {
  return ReportView.parse({
    ...r,
    files: r.files.map((f) => ({ kind: f.kind, name: f.name, bytes: f.bytes, url: `/api/reports/${r.id}/files/${f.kind}` })),
  });
}

const CONTENT_TYPES = { pdf: 'application/pdf', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/**
 * Report routes: generate on demand (analyst; answers 202 at once, the run shows up in the history),
 * the history with download links and the downloads themselves (viewer), and a manual retry of a
 * delivery (analyst).
 */
export function registerReportRoutes(app: FastifyInstance, deps: { guard: Guard; generator: ReportGenerator; history: ReportHistoryStore }): void {
  app.post('/api/reports/weekly', { preHandler: deps.guard('analyst') }, async (request, reply) => {
    const body = GenerateBody.parse(request.body ?? {});
    const { record, done } = await deps.generator.start({
      ...(body.week ? { week: body.week } : {}),
      trigger: 'api',
      ...(request.user ? { requestedBy: request.user.username } : {}),
      deliver: body.deliver ?? false,
    });
    // The outcome (failed included) lands in the history; nothing to await here.
    done.catch((err: unknown) => request.log.error({ err, reportId: record.id }, 'report_run_failed'));
    return reply.status(202).send({ report: toView(record) });
  });

  app.get('/api/reports', { preHandler: deps.guard('viewer') }, async (request) => {
    const q = HistoryQuery.parse(request.query);
    return { reports: (await deps.history.list(q.limit)).map(toView) };
  });

  app.get('/api/reports/:id', { preHandler: deps.guard('viewer') }, async (request) => {
    const { id } = IdParams.parse(request.params);
    return { report: toView(await mustGet(deps.history, id)) };
  });

  app.get('/api/reports/:id/files/:kind', { preHandler: deps.guard('viewer') }, async (request, reply) => {
    const { id, kind } = FileParams.parse(request.params);
    const record = await mustGet(deps.history, id);
    const file = record.files.find((f) => f.kind === kind);
    if (!file || !existsSync(file.path)) throw new DengarError(ERROR_CODES.NOT_FOUND, `Berkas ${kind.toUpperCase()} laporan ini tidak tersedia`);
    return reply
      .header('content-type', CONTENT_TYPES[kind])
      .header('content-disposition', `attachment; filename="${file.name}"`)
      .header('content-length', file.bytes)
      .send(createReadStream(file.path));
  });

  app.post('/api/reports/:id/deliver', { preHandler: deps.guard('analyst') }, async (request) => {
    const { id } = IdParams.parse(request.params);
    await mustGet(deps.history, id);
    return { report: toView(await deps.generator.deliver(id)) };
  });
}

async function mustGet(history: ReportHistoryStore, id: string): Promise<ReportRecord> {
  const record = await history.get(id);
  if (!record) throw new DengarError(ERROR_CODES.NOT_FOUND, `Laporan ${id} tidak ditemukan`);
  return record;
}
