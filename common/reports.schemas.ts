/**
 * The reports' answers (GET /api/reports/*). Each is JSON by default; ?format=csv or ?format=xlsx answers the same
 * table as a file (text/csv or the Excel media type) instead. Ranges are Gregorian ISO days, inclusive; money is
 * Rials as decimal strings; percentages have one decimal and are null when there is nothing to divide by.
 */
import { z } from 'zod';
import { rials, uuid } from './api.schemas.ts';

const asFile = ' With ?format=csv or ?format=xlsx the same table comes as a file (text/csv, or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet).';

export const salesItemView = z.object({
  rank: z.number(), key: z.string().nullable(), code: z.string().nullable(), name: z.string(), nameEn: z.string().nullable(),
  category: z.string().nullable(), quantity: z.string(), revenue: rials,
});
export const salesPeriodView = z.object({
  /** 1405-01 (month), 1405-S1 (season) or 1405 (year); in the Gregorian calendar 2026-01, 2026-Q1 or 2026. */
  key: z.string(), year: z.number(), index: z.number(),
  /** First day in the period and the range; the day after its last (exclusive). */
  start: z.string(), stop: z.string(),
  revenue: rials, quantity: z.string(), groups: z.number(), items: z.array(salesItemView),
});
export const salesReportView = z.object({
  groupBy: z.enum(['product', 'category']), period: z.enum(['month', 'season', 'year']), calendar: z.enum(['jalali', 'gregorian']), from: z.string(), to: z.string(), top: z.number(),
  total: z.object({ revenue: rials, quantity: z.string() }),
  periods: z.array(salesPeriodView),
}).meta({ description: `Best sellers per period of the asked calendar (Jalali by default; ?calendar=gregorian for Gregorian months, quarters and years).${asFile}` });

export const ownerRevenueView = z.object({
  ownerId: uuid.nullable(), ownerName: z.string().nullable(), invoiced: rials, invoices: z.number(), creditNotes: z.number(), paid: rials, payments: z.number(),
});
export const revenueReportView = z.object({
  from: z.string(), to: z.string(), owners: z.array(ownerRevenueView),
  total: z.object({ invoiced: rials, paid: rials, invoices: z.number(), payments: z.number() }),
}).meta({ description: `Invoiced and paid per owner.${asFile}` });

const pipelineRef = z.object({ id: uuid, name: z.string(), isDefault: z.boolean() });
export const pipelineStageTotals = z.object({
  id: uuid, name: z.string(), position: z.number(), probability: z.number(), count: z.number(), amount: rials, weightedAmount: rials,
});
export const pipelineReportView = z.object({
  pipeline: pipelineRef.nullable(), pipelines: z.array(pipelineRef), stages: z.array(pipelineStageTotals),
  total: z.object({ count: z.number(), amount: rials, weightedAmount: rials }),
}).meta({ description: `Open deals per open stage.${asFile}` });

export const winRateRow = z.object({
  ownerId: uuid.nullable(), ownerName: z.string().nullable(), won: z.number(), lost: z.number(), wonAmount: rials, rate: z.number().nullable(),
});
export const winRateReportView = z.object({
  from: z.string(), to: z.string(), pipelineId: uuid.nullable(),
  total: winRateRow.omit({ ownerId: true, ownerName: true }),
  owners: z.array(winRateRow),
  lostReasons: z.array(z.object({ reason: z.string(), count: z.number() })),
}).meta({ description: `Won ÷ (won + lost) per owner, and the commonest reasons for losing.${asFile}` });

export const conversionRow = z.object({
  ownerId: uuid.nullable(), ownerName: z.string().nullable(), sent: z.number(), accepted: z.number(), rejected: z.number(), expired: z.number(),
  invoiced: z.number(), sentAmount: rials, invoicedAmount: rials, acceptedPct: z.number().nullable(), invoicedPct: z.number().nullable(),
});
export const conversionReportView = z.object({
  from: z.string(), to: z.string(),
  total: conversionRow.omit({ ownerId: true, ownerName: true }).extend({ invoicedOfAcceptedPct: z.number().nullable() }),
  owners: z.array(conversionRow),
}).meta({ description: `Quotes sent → accepted → invoiced.${asFile}` });
