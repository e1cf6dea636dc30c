/**
 * Sales people's numbers over a date range: what each owner invoiced (issued invoices less credit notes, by issue
 * date) and collected (payments by the day they were paid), and each owner's win rate — won ÷ (won + lost) among
 * the deals closed in the range.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { visibleDocumentsSql } from '../documents/index.ts';
import { visibleDealsSql } from '../sales/index.ts';
import type { RangeQuery, WinRateQuery } from './reports.schemas.ts';
import { instantInRange, percent, resolveRange } from './report-range.ts';

export type OwnerRevenue = { ownerId: string | null; ownerName: string | null; invoiced: string; invoices: number; creditNotes: number; paid: string; payments: number };

export async function revenueByOwner(db: Db, actor: Actor, clock: Clock, q: RangeQuery) {
  assertCan(actor, 'reports', 'read');
  const range = await resolveRange(db, clock, q);
  const vis = visibleDocumentsSql(actor);
  const res = await db.execute(sql`
    WITH inv AS (
      SELECT d.owner_id, sum(CASE WHEN d.kind = 'credit_note' THEN -d.grand_total ELSE d.grand_total END) AS invoiced,
             count(*) FILTER (WHERE d.kind = 'invoice') AS invoices, count(*) FILTER (WHERE d.kind = 'credit_note') AS credit_notes
      FROM documents d JOIN customers c ON c.id = d.customer_id
      WHERE ((d.kind = 'invoice' AND d.number IS NOT NULL) OR (d.kind = 'credit_note' AND d.status <> 'draft'))
        AND d.issue_date >= ${range.from}::date AND d.issue_date <= ${range.to}::date AND ${vis}
      GROUP BY d.owner_id
    ), pay AS (
      SELECT d.owner_id, sum(p.amount) AS paid, count(*) AS payments
      FROM payments p JOIN documents d ON d.id = p.document_id JOIN customers c ON c.id = d.customer_id
      WHERE ${instantInRange(sql`p.paid_at`, range)} AND ${vis}
      GROUP BY d.owner_id
    )
    SELECT o.owner_id, u.name AS owner_name, coalesce(inv.invoiced, 0)::text AS invoiced, coalesce(inv.invoices, 0)::int AS invoices,
           coalesce(inv.credit_notes, 0)::int AS credit_notes, coalesce(pay.paid, 0)::text AS paid, coalesce(pay.payments, 0)::int AS payments
    FROM (SELECT owner_id FROM inv UNION SELECT owner_id FROM pay) o
    LEFT JOIN inv ON inv.owner_id IS NOT DISTINCT FROM o.owner_id
    LEFT JOIN pay ON pay.owner_id IS NOT DISTINCT FROM o.owner_id
    LEFT JOIN users u ON u.id = o.owner_id
    ORDER BY coalesce(inv.invoiced, 0) DESC, coalesce(pay.paid, 0) DESC, u.name`);
  const owners: OwnerRevenue[] = (res.rows as Record<string, unknown>[]).map((r) => ({
    ownerId: (r.owner_id as string | null) ?? null, ownerName: (r.owner_name as string | null) ?? null,
    invoiced: String(r.invoiced), invoices: Number(r.invoices), creditNotes: Number(r.credit_notes), paid: String(r.paid), payments: Number(r.payments),
  }));
  const sum = (k: 'invoiced' | 'paid') => owners.reduce((s, o) => s + BigInt(o[k]), 0n).toString();
  return {
    from: range.from, to: range.to, owners,
    total: { invoiced: sum('invoiced'), paid: sum('paid'), invoices: owners.reduce((s, o) => s + o.invoices, 0), payments: owners.reduce((s, o) => s + o.payments, 0) },
  };
}

export type WinRateRow = { ownerId: string | null; ownerName: string | null; won: number; lost: number; wonAmount: string; rate: number | null };

export async function winRate(db: Db, actor: Actor, clock: Clock, q: WinRateQuery) {
  assertCan(actor, 'reports', 'read');
  const range = await resolveRange(db, clock, q);
  const res = await db.execute(sql`
    SELECT d.owner_id, u.name AS owner_name, count(*) FILTER (WHERE d.status = 'won')::int AS won, count(*) FILTER (WHERE d.status = 'lost')::int AS lost,
           coalesce(sum(d.amount) FILTER (WHERE d.status = 'won'), 0)::text AS won_amount
    FROM deals d JOIN customers c ON c.id = d.customer_id LEFT JOIN users u ON u.id = d.owner_id
    WHERE d.status IN ('won', 'lost') AND d.closed_at IS NOT NULL AND ${instantInRange(sql`d.closed_at`, range)} AND ${visibleDealsSql(actor)}
      ${q.pipelineId ? sql`AND d.pipeline_id = ${q.pipelineId}` : sql``}
    GROUP BY d.owner_id, u.name ORDER BY count(*) FILTER (WHERE d.status = 'won') DESC, u.name`);
  const owners: WinRateRow[] = (res.rows as Record<string, unknown>[]).map((r) => {
    const won = Number(r.won);
    const lost = Number(r.lost);
    return { ownerId: (r.owner_id as string | null) ?? null, ownerName: (r.owner_name as string | null) ?? null, won, lost, wonAmount: String(r.won_amount), rate: percent(won, won + lost) };
  });
  const reasons = await db.execute(sql`
    SELECT coalesce(nullif(trim(d.lost_reason), ''), '—') AS reason, count(*)::int AS n
    FROM deals d JOIN customers c ON c.id = d.customer_id
    WHERE d.status = 'lost' AND d.closed_at IS NOT NULL AND ${instantInRange(sql`d.closed_at`, range)} AND ${visibleDealsSql(actor)}
      ${q.pipelineId ? sql`AND d.pipeline_id = ${q.pipelineId}` : sql``}
    GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`);
  const lostReasons = (reasons.rows as { reason: string; n: number }[]).map((r) => ({ reason: String(r.reason), count: Number(r.n) }));
  const won = owners.reduce((s, o) => s + o.won, 0);
  const lost = owners.reduce((s, o) => s + o.lost, 0);
  const wonAmount = owners.reduce((s, o) => s + BigInt(o.wonAmount), 0n).toString();
  return { from: range.from, to: range.to, pipelineId: q.pipelineId ?? null, total: { won, lost, wonAmount, rate: percent(won, won + lost) }, owners, lostReasons };
}
