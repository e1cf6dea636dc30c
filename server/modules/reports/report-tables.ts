/** Each report as a flat table for CSV/XLSX, with Persian and English headers. */
import type { ReportColumn, ReportTable, Lang } from './export.ts';
import { periodLabel } from './periods.ts';
import type { SalesReport } from './sales.report.ts';
import type { revenueByOwner, winRate } from './team.report.ts';
import type { pipelineReport } from './pipeline.report.ts';
import type { quoteConversion } from './conversion.report.ts';

const col = (fa: string, en: string, type: ReportColumn['type'], width?: number): ReportColumn => ({ header: { fa, en }, type, width });
const NO_OWNER = { fa: 'بدون مسئول', en: 'Unassigned' };
const NO_CATEGORY = { fa: 'بدون دسته', en: 'Uncategorized' };
const TOTAL = { fa: 'جمع', en: 'Total' };

export function salesTable(r: SalesReport, lang: Lang): ReportTable {
  const byProduct = r.groupBy === 'product';
  const columns = [
    col('دوره', 'Period', 'text', 18), col('رتبه', 'Rank', 'int', 8),
    ...(byProduct ? [col('کد', 'Code', 'text', 12), col('کالا یا خدمت', 'Product or service', 'text', 34)] : []),
    col('دسته', 'Category', 'text', 22), col('تعداد', 'Quantity', 'quantity', 12), col('فروش (ریال)', 'Revenue (Rials)', 'money', 20),
  ];
  const rows = r.periods.flatMap((p) => p.items.map((i) => [
    periodLabel({ kind: r.period, year: p.year, index: p.index }, lang, r.calendar), i.rank,
    ...(byProduct ? [i.code, lang === 'en' && i.nameEn ? i.nameEn : i.name] : []),
    i.category ?? NO_CATEGORY[lang], i.quantity, i.revenue,
  ]));
  return { name: { fa: byProduct ? 'پرفروش‌ترین کالاها' : 'پرفروش‌ترین دسته‌ها', en: byProduct ? 'Best-selling products' : 'Best-selling categories' }, columns, rows };
}

export function revenueTable(r: Awaited<ReturnType<typeof revenueByOwner>>, lang: Lang): ReportTable {
  return {
    name: { fa: 'فروش به تفکیک مسئول', en: 'Revenue by owner' },
    columns: [
      col('مسئول', 'Owner', 'text', 24), col('فاکتورشده (ریال)', 'Invoiced (Rials)', 'money', 20), col('فاکتورها', 'Invoices', 'int', 10),
      col('اعلامیه‌های بستانکاری', 'Credit notes', 'int', 12), col('دریافتی (ریال)', 'Paid (Rials)', 'money', 20), col('پرداخت‌ها', 'Payments', 'int', 10),
    ],
    rows: [
      ...r.owners.map((o) => [o.ownerName ?? NO_OWNER[lang], o.invoiced, o.invoices, o.creditNotes, o.paid, o.payments]),
      [TOTAL[lang], r.total.invoiced, r.total.invoices, r.owners.reduce((s, o) => s + o.creditNotes, 0), r.total.paid, r.total.payments],
    ],
  };
}

export function pipelineTable(r: Awaited<ReturnType<typeof pipelineReport>>, lang: Lang): ReportTable {
  return {
    name: { fa: `قیف فروش ${r.pipeline?.name ?? ''}`.trim(), en: `Pipeline ${r.pipeline?.name ?? ''}`.trim() },
    columns: [
      col('مرحله', 'Stage', 'text', 24), col('احتمال (٪)', 'Probability (%)', 'int', 12), col('معاملات باز', 'Open deals', 'int', 12),
      col('مبلغ (ریال)', 'Amount (Rials)', 'money', 20), col('مبلغ وزنی (ریال)', 'Weighted (Rials)', 'money', 20),
    ],
    rows: [
      ...r.stages.map((s) => [s.name, s.probability, s.count, s.amount, s.weightedAmount]),
      [TOTAL[lang], null, r.total.count, r.total.amount, r.total.weightedAmount],
    ],
  };
}

export function winRateTable(r: Awaited<ReturnType<typeof winRate>>, lang: Lang): ReportTable {
  return {
    name: { fa: 'نرخ موفقیت', en: 'Win rate' },
    columns: [
      col('مسئول', 'Owner', 'text', 24), col('برنده', 'Won', 'int', 10), col('بازنده', 'Lost', 'int', 10),
      col('نرخ موفقیت (٪)', 'Win rate (%)', 'percent', 14), col('مبلغ برنده (ریال)', 'Won amount (Rials)', 'money', 20),
    ],
    rows: [
      ...r.owners.map((o) => [o.ownerName ?? NO_OWNER[lang], o.won, o.lost, o.rate, o.wonAmount]),
      [TOTAL[lang], r.total.won, r.total.lost, r.total.rate, r.total.wonAmount],
    ],
  };
}

export function conversionTable(r: Awaited<ReturnType<typeof quoteConversion>>, lang: Lang): ReportTable {
  const t = r.total;
  return {
    name: { fa: 'تبدیل پیش‌فاکتور به فاکتور', en: 'Quote to invoice' },
    columns: [
      col('مسئول', 'Owner', 'text', 24), col('ارسال‌شده', 'Sent', 'int', 10), col('پذیرفته', 'Accepted', 'int', 10), col('ردشده', 'Declined', 'int', 10),
      col('منقضی', 'Expired', 'int', 10), col('فاکتورشده', 'Invoiced', 'int', 10), col('پذیرش (٪)', 'Accepted (%)', 'percent', 12),
      col('تبدیل به فاکتور (٪)', 'Invoiced (%)', 'percent', 14), col('مبلغ ارسال‌شده (ریال)', 'Sent amount (Rials)', 'money', 20),
      col('مبلغ فاکتورشده (ریال)', 'Invoiced amount (Rials)', 'money', 20),
    ],
    rows: [
      ...r.owners.map((o) => [o.ownerName ?? NO_OWNER[lang], o.sent, o.accepted, o.rejected, o.expired, o.invoiced, o.acceptedPct, o.invoicedPct, o.sentAmount, o.invoicedAmount]),
      [TOTAL[lang], t.sent, t.accepted, t.rejected, t.expired, t.invoiced, t.acceptedPct, t.invoicedPct, t.sentAmount, t.invoicedAmount],
    ],
  };
}
