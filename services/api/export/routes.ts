import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import type { Logger } from '../../../lib/logger';
import { SearchParams, toQuery } from '../../../lib/search-params';
import type { PostStore } from '../../../lib/store/post-store';
import type { AccountStore } from '../accounts/account-store';
import { applyCorrections } from '../labels/api-post';
import type { LabelStore } from '../labels/label-store';
import { defineRoute, type RouteContext } from '../route';
import { EXPORT_COLUMNS, MAX_EXPORT_ROWS, PAGE_SIZE, csvChunks, exportPages } from './rows';

const ExportQuery = SearchParams.omit({ page: true, size: true }).extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

/**
 * Export of the current result set as CSV or XLSX, streamed: pages are read from the store while
 * the response is being written, so a large export never sits in memory. Analyst role; audited.
 */
export function registerExportRoutes(ctx: RouteContext, deps: { store: PostStore; labels: LabelStore; accounts: AccountStore; logger: Logger; now?: () => Date }): void {
  const now = deps.now ?? (() => new Date());
  defineRoute(
    ctx,
    {
      method: 'GET',
      url: '/api/export',
      role: 'analyst',
      tags: ['pencarian'],
      summary: `Ekspor hasil pencarian (CSV atau XLSX, di-stream; maksimal ${MAX_EXPORT_ROWS} baris). Header X-Dengar-Total dan X-Dengar-Rows memberi jumlahnya.`,
      query: ExportQuery,
      produces: 'text/csv',
    },
    async ({ query: p, request, reply }) => {
      const query = toQuery({ ...p, page: 1, size: PAGE_SIZE }, []);
      // The first page is read before any byte is sent, so a store error is still a clean JSON error.
      const first = await deps.store.search(query);
      const rows = Math.min(first.total, MAX_EXPORT_ROWS);
      const me = request.user!;
      await deps.accounts.audit({
        actorId: me.id,
        actor: me.username,
        action: `export.${p.format}`,
        target: null,
        details: { q: p.q, from: p.from, to: p.to, sentiment: p.sentiment, topic: p.topic, region: p.region, source: p.source, lang: p.lang, rows },
      });
      const pages = exportPages(deps.store, deps.labels, query, { hits: await applyCorrections(first.hits, deps.labels), total: first.total });
      const stamp = now().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
      void reply.header('x-dengar-total', String(first.total)).header('x-dengar-rows', String(rows)).header('cache-control', 'no-store');
      if (p.format === 'csv') {
        void reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="dengar-ekspor-${stamp}.csv"`);
        return void reply.send(Readable.from(csvChunks(pages)));
      }
      const out = new PassThrough();
      void reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="dengar-ekspor-${stamp}.xlsx"`);
      void writeXlsx(out, pages).catch((err: unknown) => {
        deps.logger.error({ err }, 'export_xlsx_failed');
        out.destroy(err instanceof Error ? err : new Error(String(err)));
      });
      return void reply.send(out);
    },
  );
}

async function writeXlsx(out: PassThrough, pages: AsyncIterable<Awaited<ReturnType<typeof applyCorrections>>>): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Hasil');
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const page of pages) {
    // Committing each row lets exceljs flush it to the stream instead of keeping the sheet in memory.
    for (const post of page) sheet.addRow(EXPORT_COLUMNS.map((c) => c.value(post))).commit();
  }
  sheet.commit();
  await workbook.commit();
}
