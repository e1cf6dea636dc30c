import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { salesReportQuery, rangeQuery, winRateQuery, pipelineReportQuery, type ReportFormat } from './reports.schemas.ts';
import { salesReport, revenueByOwner, winRate, pipelineReport, quoteConversion } from './index.ts';
import { toCsv, toXlsx, type Lang, type ReportTable } from './export.ts';
import { salesTable, revenueTable, pipelineTable, winRateTable, conversionTable } from './report-tables.ts';
import { dashboardQuery, dashboardView } from '../../../common/dashboard.schemas.ts';
import { keptDashboard } from './dashboard.kept.ts';
import { dashboardTable } from './dashboard.table.ts';
import { salesReportView, revenueReportView, pipelineReportView, winRateReportView, conversionReportView } from '../../../common/reports.schemas.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Export needs the export permission, asked before any work is done. */
function checkFormat(actor: Actor, format: ReportFormat) {
  assertCan(actor, 'reports', 'read');
  if (format !== 'json') assertCan(actor, 'reports', 'export');
}

async function sendTable(reply: FastifyReply, table: ReportTable, q: { format: ReportFormat; lang: Lang }, filename: string) {
  if (q.format === 'csv') {
    return reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${filename}.csv"`).send(toCsv(table, q.lang));
  }
  return reply.type(XLSX).header('Content-Disposition', `attachment; filename="${filename}.xlsx"`).send(await toXlsx(table, q.lang));
}

export function reportRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    const tags = ['reports'];

    r.get('/api/reports/sales', {
      schema: { tags, summary: 'Best-selling products or categories per Jalali month, season or year (?format=csv|xlsx to export)', querystring: salesReportQuery, response: { 200: salesReportView } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      checkFormat(actor, req.query.format);
      const report = await salesReport(db, actor, ctx.clock, req.query);
      if (req.query.format === 'json') return report;
      return sendTable(reply, salesTable(report, req.query.lang), req.query, `sales-${req.query.groupBy}-${report.from}-${report.to}`);
    });

    r.get('/api/reports/revenue-by-owner', {
      schema: { tags, summary: 'Invoiced (by issue date, less credit notes) and paid (by payment date) amounts per owner', querystring: rangeQuery, response: { 200: revenueReportView } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      checkFormat(actor, req.query.format);
      const report = await revenueByOwner(db, actor, ctx.clock, req.query);
      if (req.query.format === 'json') return report;
      return sendTable(reply, revenueTable(report, req.query.lang), req.query, `revenue-by-owner-${report.from}-${report.to}`);
    });

    r.get('/api/reports/pipeline', {
      schema: { tags, summary: 'Open deals per stage of a pipeline: count, amount and probability-weighted amount', querystring: pipelineReportQuery, response: { 200: pipelineReportView } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      checkFormat(actor, req.query.format);
      const report = await pipelineReport(db, actor, req.query);
      if (req.query.format === 'json') return report;
      return sendTable(reply, pipelineTable(report, req.query.lang), req.query, 'pipeline');
    });

    r.get('/api/reports/win-rate', {
      schema: { tags, summary: 'Won ÷ (won + lost) among the deals closed in the range, overall and per owner', querystring: winRateQuery, response: { 200: winRateReportView } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      checkFormat(actor, req.query.format);
      const report = await winRate(db, actor, ctx.clock, req.query);
      if (req.query.format === 'json') return report;
      return sendTable(reply, winRateTable(report, req.query.lang), req.query, `win-rate-${report.from}-${report.to}`);
    });

    r.get('/api/reports/quote-conversion', {
      schema: { tags, summary: 'Quotes first sent in the range → accepted → invoiced, counts and percentages', querystring: rangeQuery, response: { 200: conversionReportView } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      checkFormat(actor, req.query.format);
      const report = await quoteConversion(db, actor, ctx.clock, req.query);
      if (req.query.format === 'json') return report;
      return sendTable(reply, conversionTable(report, req.query.lang), req.query, `quote-conversion-${report.from}-${report.to}`);
    });

    r.get('/api/dashboard', {
      schema: { tags, summary: 'The manager\'s dashboard: CX and sales figures of a period and the one before, trend, CLV, best sellers, problems, cohorts (?format=csv|xlsx to export); kept up to 15 minutes (computedAt; ?refresh=true computes now)', querystring: dashboardQuery, response: { 200: dashboardView } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      checkFormat(actor, req.query.format);
      const view = await keptDashboard(db, actor, ctx.clock, req.query, { refresh: req.query.refresh });
      if (req.query.format === 'json') return view;
      return sendTable(reply, dashboardTable(view, req.query.lang), req.query, `dashboard-${view.period.from}-${view.period.to}`);
    });
  };
}
