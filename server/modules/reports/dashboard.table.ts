/** The dashboard as one flat table for CSV/XLSX: section, item, this period, the previous one, the change. */
import type { DashboardView, NumberMetric, MoneyMetric } from '../../../common/dashboard.schemas.ts';
import type { Lang, ReportColumn, ReportTable } from './export.ts';

const col = (fa: string, en: string, type: ReportColumn['type'], width?: number): ReportColumn => ({ header: { fa, en }, type, width });

export const METRIC_NAMES: Record<NumberMetric | MoneyMetric, Record<Lang, string>> = {
  nps: { fa: 'NPS (خالص مروجان)', en: 'NPS' },
  csat: { fa: 'رضایت CSAT (٪)', en: 'CSAT (%)' },
  ces: { fa: 'سهولت CES (۱ تا ۷)', en: 'CES (1–7)' },
  responses: { fa: 'پاسخ‌های نظرسنجی', en: 'Survey answers' },
  churnRate: { fa: 'نرخ ریزش (٪)', en: 'Churn rate (%)' },
  retention: { fa: 'نرخ نگهداشت (٪)', en: 'Retention (%)' },
  repeatRate: { fa: 'خرید تکراری (٪)', en: 'Repeat-purchase rate (%)' },
  orders: { fa: 'سفارش‌ها (فاکتور)', en: 'Orders (invoices)' },
  buyers: { fa: 'خریداران', en: 'Buyers' },
  revenue: { fa: 'فروش (ریال)', en: 'Revenue (Rials)' },
  averageOrderValue: { fa: 'میانگین ارزش سفارش (ریال)', en: 'Average order value (Rials)' },
  openTickets: { fa: 'تیکت‌های باز', en: 'Open tickets' },
  slaAttainment: { fa: 'رعایت SLA (٪)', en: 'SLA attainment (%)' },
  medianFirstResponseMinutes: { fa: 'میانهٔ اولین پاسخ (دقیقه)', en: 'Median first response (minutes)' },
  medianResolutionMinutes: { fa: 'میانهٔ زمان حل (دقیقه)', en: 'Median resolution (minutes)' },
};

const SECTIONS = {
  metrics: { fa: 'شاخص‌ها', en: 'Figures' },
  clv: { fa: 'ارزش طول عمر (CLV)', en: 'Customer lifetime value' },
  best: { fa: 'پرفروش‌ها', en: 'Best sellers' },
  problems: { fa: 'مشکلات رایج', en: 'Common problems' },
  cohorts: { fa: 'نگهداشت گروه‌ها', en: 'Cohort retention' },
};

export function dashboardTable(d: DashboardView, lang: Lang): ReportTable {
  const rows: (string | number | null)[][] = [];
  for (const [k, m] of Object.entries(d.metrics) as [NumberMetric | MoneyMetric, DashboardView['metrics'][NumberMetric]][]) {
    rows.push([SECTIONS.metrics[lang], METRIC_NAMES[k][lang], m.value, m.previous, m.delta]);
  }
  rows.push([SECTIONS.clv[lang], lang === 'fa' ? 'ارزش کل مشتریان (ریال)' : 'Customer equity (Rials)', d.clv.equity, null, null]);
  rows.push([SECTIONS.clv[lang], lang === 'fa' ? 'مشتریان امتیازدار' : 'Scored customers', d.clv.customers, null, null]);
  for (const b of d.clv.buckets) rows.push([SECTIONS.clv[lang], `${b.from}–${b.to ?? ''}`, b.customers, null, null]);
  for (const b of d.bestSellers) rows.push([SECTIONS.best[lang], lang === 'en' && b.nameEn ? b.nameEn : b.name, b.revenue, null, null]);
  for (const c of d.problems.categories) {
    const name = (lang === 'en' ? c.labelEn : c.labelFa) ?? c.key ?? (lang === 'fa' ? 'بدون دسته' : 'Uncategorized');
    rows.push([SECTIONS.problems[lang], name, c.count, c.previous, c.count - c.previous]);
  }
  for (const g of d.problems.groups) rows.push([SECTIONS.problems[lang], g.label, g.count, null, null]);
  for (const c of d.cohorts) {
    rows.push([SECTIONS.cohorts[lang], `${c.key} (${c.size})`, null, null, null]);
    for (const cell of c.cells.slice(1)) rows.push([SECTIONS.cohorts[lang], `${c.key} +${cell.offset}`, cell.percent, null, null]);
  }
  return {
    name: { fa: 'داشبورد', en: 'Dashboard' },
    columns: [
      col('بخش', 'Section', 'text', 22), col('شاخص', 'Item', 'text', 34), col(`${d.period.from} – ${d.period.to}`, `${d.period.from} – ${d.period.to}`, 'quantity', 20),
      col('دورهٔ قبل', 'Previous period', 'quantity', 20), col('تغییر', 'Change', 'quantity', 16),
    ],
    rows,
  };
}
