/** Query strings of the report endpoints: a date range (Gregorian ISO, inclusive), the output format and language. */
import { z } from 'zod';
import { reportDay } from '../../../common/time.schemas.ts';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const range = {
  from: reportDay.optional(),
  to: reportDay.optional(),
  format: z.enum(REPORT_FORMATS).default('json'),
  /** The language of the CSV/XLSX headers and period names. */
  lang: z.enum(['fa', 'en']).default('fa'),
};

const checkRange = <T extends { from?: string; to?: string }>(q: T, ctx: z.RefinementCtx) => {
  if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
  if (q.from && q.to && Date.parse(q.to) - Date.parse(q.from) > 10 * 366 * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: 'at most ten years' });
};

export const salesReportQuery = z.object({
  ...range,
  groupBy: z.enum(['product', 'category']).default('product'),
  period: z.enum(['month', 'season', 'year']).default('month'),
  /** The calendar of the periods: Jalali months/seasons/years, or Gregorian months/quarters/years (the web app sends the user's). */
  calendar: z.enum(['jalali', 'gregorian']).default('jalali'),
  top: z.coerce.number().int().min(1).max(100).default(10),
}).superRefine(checkRange);
export type SalesReportQuery = z.infer<typeof salesReportQuery>;

export const rangeQuery = z.object(range).superRefine(checkRange);
export type RangeQuery = z.infer<typeof rangeQuery>;

export const winRateQuery = z.object({ ...range, pipelineId: z.uuid().optional() }).superRefine(checkRange);
export type WinRateQuery = z.infer<typeof winRateQuery>;

export const pipelineReportQuery = z.object({ pipelineId: z.uuid().optional(), format: range.format, lang: range.lang });
export type PipelineReportQuery = z.infer<typeof pipelineReportQuery>;
