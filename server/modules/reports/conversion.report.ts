/**
 * Quote → invoice conversion: the quotes first sent in the range, how many of them were accepted, declined or left
 * to expire, and how many became an issued invoice that still stands (not cancelled) — overall and by owner.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { visibleDocumentsSql } from '../documents/index.ts';
import type { RangeQuery } from './reports.schemas.ts';
import { instantInRange, percent, resolveRange } from './report-range.ts';

export type ConversionRow = {
  ownerId: string | null; ownerName: string | null; sent: number; accepted: number; rejected: number; expired: number; invoiced: number;
  sentAmount: string; invoicedAmount: string; acceptedPct: number | null; invoicedPct: number | null;
};

export async function quoteConversion(db: Db, actor: Actor, clock: Clock, q: RangeQuery) {
  assertCan(actor, 'reports', 'read');
  const range = await resolveRange(db, clock, q);
  // The first "sent" event is when the quote went out (sent_at moves on a deliberate second send).
  const firstSent = sql`coalesce((SELECT min(e.at) FROM document_events e WHERE e.document_id = d.id AND e.type = 'sent'), d.sent_at)`;
  const res = await db.execute(sql`
    WITH qs AS (
      SELECT d.id, d.owner_id, d.status, d.grand_total,
             (d.status = 'accepted' OR EXISTS (SELECT 1 FROM document_events e WHERE e.document_id = d.id AND e.type = 'accepted')) AS accepted,
             (d.status = 'rejected' OR EXISTS (SELECT 1 FROM document_events e WHERE e.document_id = d.id AND e.type = 'rejected')) AS rejected,
             (SELECT i.grand_total FROM documents i WHERE i.source_id = d.id AND i.kind = 'invoice' AND i.number IS NOT NULL AND i.status <> 'cancelled'
              ORDER BY i.created_at DESC LIMIT 1) AS invoice_total
      FROM documents d JOIN customers c ON c.id = d.customer_id
      WHERE d.kind = 'quote' AND d.number IS NOT NULL AND ${visibleDocumentsSql(actor)} AND ${instantInRange(firstSent, range)}
    )
    SELECT qs.owner_id, u.name AS owner_name, count(*)::int AS sent, count(*) FILTER (WHERE accepted)::int AS accepted,
           count(*) FILTER (WHERE rejected AND NOT accepted)::int AS rejected, count(*) FILTER (WHERE status = 'expired')::int AS expired,
           count(*) FILTER (WHERE invoice_total IS NOT NULL)::int AS invoiced,
           coalesce(sum(grand_total), 0)::text AS sent_amount, coalesce(sum(invoice_total), 0)::text AS invoiced_amount
    FROM qs LEFT JOIN users u ON u.id = qs.owner_id
    GROUP BY qs.owner_id, u.name ORDER BY count(*) DESC, u.name`);
  const row = (r: Record<string, unknown>): ConversionRow => {
    const sent = Number(r.sent);
    const accepted = Number(r.accepted);
    const invoiced = Number(r.invoiced);
    return {
      ownerId: (r.owner_id as string | null) ?? null, ownerName: (r.owner_name as string | null) ?? null, sent, accepted,
      rejected: Number(r.rejected), expired: Number(r.expired), invoiced, sentAmount: String(r.sent_amount), invoicedAmount: String(r.invoiced_amount),
      acceptedPct: percent(accepted, sent), invoicedPct: percent(invoiced, sent),
    };
  };
  const owners = (res.rows as Record<string, unknown>[]).map(row);
  const add = (k: 'sent' | 'accepted' | 'rejected' | 'expired' | 'invoiced') => owners.reduce((s, o) => s + o[k], 0);
  const addBig = (k: 'sentAmount' | 'invoicedAmount') => owners.reduce((s, o) => s + BigInt(o[k]), 0n).toString();
  const total = row({
    owner_id: null, owner_name: null, sent: add('sent'), accepted: add('accepted'), rejected: add('rejected'), expired: add('expired'),
    invoiced: add('invoiced'), sent_amount: addBig('sentAmount'), invoiced_amount: addBig('invoicedAmount'),
  });
  const { ownerId: _o, ownerName: _n, ...totals } = total;
  return { from: range.from, to: range.to, total: { ...totals, invoicedOfAcceptedPct: percent(total.invoiced, total.accepted) }, owners };
}
