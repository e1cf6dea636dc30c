/**
 * Best sellers: products or categories ranked by revenue in each Jalali month, season or year, from the invoice's
 * issue date. Revenue is the sum of line totals (after discounts, with VAT) in Rials.
 *
 * An invoice counts once it was issued (issued, partially paid, paid — and also when later cancelled), on its issue
 * date; a credit note counts negatively on its own issue date. So an invoice cancelled in the month it was issued adds
 * nothing to that month, and one cancelled later is taken off in the month of the cancellation, as in the books.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { visibleDocumentsSql } from '../documents/index.ts';
import type { SalesReportQuery } from './reports.schemas.ts';
import { periodsBetween, type Period } from './periods.ts';
import { canonicalQuantity, resolveRange } from './report-range.ts';

export type SalesItem = {
  rank: number;
  /** The product's id (group by product; null for free-text lines) or the category (group by category; null = none). */
  key: string | null;
  code: string | null;
  name: string;
  nameEn: string | null;
  category: string | null;
  quantity: string;
  revenue: string;
};
export type SalesPeriod = Omit<Period, 'kind'> & { revenue: string; quantity: string; groups: number; items: SalesItem[] };
export type SalesReport = {
  groupBy: SalesReportQuery['groupBy']; period: SalesReportQuery['period']; calendar: SalesReportQuery['calendar']; from: string; to: string; top: number;
  total: { revenue: string; quantity: string };
  periods: SalesPeriod[];
};

/** Lines that count, each with its sign and its period. */
function countedLines(actor: Actor, periods: Period[]): SQL {
  const values = sql.join(periods.map((p) => sql`(${p.key}, ${p.start}::date, ${p.stop}::date)`), sql`, `);
  return sql`
    SELECT per.key AS period, l.product_id, l.description, pr.code, pr.name_fa, pr.name_en, pr.category,
           CASE WHEN d.kind = 'credit_note' THEN -1 ELSE 1 END AS sign, l.quantity, l.total
    FROM document_lines l
    JOIN documents d ON d.id = l.document_id
    JOIN customers c ON c.id = d.customer_id
    LEFT JOIN products pr ON pr.id = l.product_id
    JOIN (VALUES ${values}) AS per(key, start, stop) ON d.issue_date >= per.start AND d.issue_date < per.stop
    WHERE ((d.kind = 'invoice' AND d.number IS NOT NULL) OR (d.kind = 'credit_note' AND d.status <> 'draft'))
      AND ${visibleDocumentsSql(actor)}`;
}

export async function salesReport(db: Db, actor: Actor, clock: Clock, q: SalesReportQuery): Promise<SalesReport> {
  assertCan(actor, 'reports', 'read');
  const range = await resolveRange(db, clock, q, q.period, q.calendar);
  const periods = periodsBetween(q.period, range.from, range.to, q.calendar);
  const byProduct = q.groupBy === 'product';
  // A free-text line is its own group, by its description; a product's lines group under the product.
  const groupCols = byProduct
    ? sql`product_id, CASE WHEN product_id IS NULL THEN description END, code, name_fa, name_en, category`
    : sql`category`;
  const res = await db.execute(sql`
    WITH lines AS (${countedLines(actor, periods)}),
    g AS (
      SELECT period, ${byProduct ? sql`product_id::text AS key, CASE WHEN product_id IS NULL THEN description END AS free_text, code, name_fa, name_en, category`
        : sql`category AS key, NULL::text AS free_text, NULL::text AS code, NULL::text AS name_fa, NULL::text AS name_en, category`},
        sum(sign * quantity) AS quantity, sum(sign * total) AS revenue
      FROM lines GROUP BY period, ${groupCols}
      HAVING sum(sign * quantity) <> 0 OR sum(sign * total) <> 0
    ),
    r AS (
      SELECT g.*, row_number() OVER (PARTITION BY period ORDER BY revenue DESC, quantity DESC, coalesce(name_fa, free_text, key)) AS rank,
             sum(revenue) OVER (PARTITION BY period) AS period_revenue, sum(quantity) OVER (PARTITION BY period) AS period_quantity,
             count(*) OVER (PARTITION BY period) AS groups
      FROM g
    )
    SELECT period, key, free_text, code, name_fa, name_en, category, quantity::text AS quantity, revenue::text AS revenue, rank::int AS rank,
           period_revenue::text AS period_revenue, period_quantity::text AS period_quantity, groups::int AS groups
    FROM r WHERE rank <= ${q.top} ORDER BY period, rank`);
  const rows = res.rows as Record<string, string | number | null>[];
  const byPeriod = new Map<string, Record<string, string | number | null>[]>();
  for (const r of rows) byPeriod.set(String(r.period), [...(byPeriod.get(String(r.period)) ?? []), r]);
  let totalRevenue = 0n;
  let totalQuantity = 0;
  const out = periods.map(({ kind: _k, ...p }): SalesPeriod => {
    const list = byPeriod.get(p.key) ?? [];
    const revenue = list.length ? String(list[0].period_revenue) : '0';
    const quantity = list.length ? canonicalQuantity(String(list[0].period_quantity)) : '0';
    totalRevenue += BigInt(revenue);
    totalQuantity += Number(quantity);
    return {
      ...p, revenue, quantity, groups: list.length ? Number(list[0].groups) : 0,
      items: list.map((r) => ({
        rank: Number(r.rank), key: (r.key as string | null) ?? null, code: (r.code as string | null) ?? null,
        name: String(r.name_fa ?? r.free_text ?? r.key ?? ''), nameEn: (r.name_en as string | null) ?? null,
        category: (r.category as string | null) ?? null, quantity: canonicalQuantity(String(r.quantity)), revenue: String(r.revenue),
      })),
    };
  });
  return {
    groupBy: q.groupBy, period: q.period, calendar: q.calendar, from: range.from, to: range.to, top: q.top,
    total: { revenue: totalRevenue.toString(), quantity: canonicalQuantity(totalQuantity.toFixed(3)) },
    periods: out,
  };
}
