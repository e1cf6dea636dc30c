/**
 * Recurring problems: the tickets of a period grouped by what they describe (server/analytics/problem-groups.ts), each
 * group with its count, weekly trend, products and customers affected, average resolution time and example tickets.
 * Grouped on request over the most recent tickets the reader may see; no state is kept yet (human confirm/split/merge
 * and threshold alerts are still to come).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { toIso } from '../../db/values.ts';
import { assertCan, type Actor } from '../auth/policy.ts';
import { clusterTickets } from '../../analytics/problem-groups.ts';
import { ticketScopeSql } from './tickets.service.ts';

/** Grouping is O(n²) in the worst case: the most recent this many tickets of the period are grouped. */
export const PROBLEM_TICKET_LIMIT = 1500;

type Row = { id: string; number: number; subject: string; description: string | null; product_id: string | null; product_name: string | null;
  category: string | null; customer_id: string; status: string; created_at: unknown; resolved_at: unknown };

export async function recurringProblems(db: Db, actor: Actor, now: Date, q: { days: number; productId?: string; minCount: number }) {
  assertCan(actor, 'tickets', 'read');
  const since = new Date(now.getTime() - q.days * 86_400_000);
  const res = await db.execute(sql`SELECT t.id, t.number, t.subject, t.description, t.product_id, p.name_fa AS product_name, t.category, t.customer_id,
      t.status, t.created_at, t.resolved_at
    FROM tickets t JOIN customers c ON c.id = t.customer_id LEFT JOIN products p ON p.id = t.product_id
    WHERE c.deleted_at IS NULL AND t.merged_into_id IS NULL AND t.created_at >= ${since} AND ${ticketScopeSql(actor)}
      ${q.productId ? sql`AND t.product_id = ${q.productId}` : sql``}
    ORDER BY t.created_at DESC LIMIT ${PROBLEM_TICKET_LIMIT}`);
  const rows = res.rows as Row[];
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  const { groups } = clusterTickets(rows.map((r) => ({ id: String(r.id), subject: r.subject, description: r.description, productId: r.product_id, category: r.category })));
  const weeks = Math.max(1, Math.ceil(q.days / 7));
  const items = groups.filter((g) => g.ticketIds.length >= q.minCount).map((g) => {
    const members = g.ticketIds.map((id) => byId.get(id)!).sort((a, b) => toIso(b.created_at).localeCompare(toIso(a.created_at)));
    const products = new Map<string, { id: string; name: string; count: number }>();
    for (const m of members) {
      if (!m.product_id) continue;
      const p = products.get(m.product_id) ?? { id: m.product_id, name: m.product_name ?? '', count: 0 };
      p.count++;
      products.set(m.product_id, p);
    }
    const resolved = members.filter((m) => m.resolved_at != null);
    const hours = resolved.map((m) => (Date.parse(toIso(m.resolved_at)) - Date.parse(toIso(m.created_at))) / 3_600_000);
    // Tickets per week, oldest week first; the last entry is the week ending now.
    const trend = Array.from({ length: weeks }, () => 0);
    for (const m of members) {
      const ago = Math.floor((now.getTime() - Date.parse(toIso(m.created_at))) / (7 * 86_400_000));
      if (ago < weeks) trend[weeks - 1 - ago]++;
    }
    return {
      key: g.key, label: g.label, terms: g.terms.slice(0, 6), count: members.length,
      openCount: members.filter((m) => m.status !== 'resolved' && m.status !== 'closed').length,
      customers: new Set(members.map((m) => m.customer_id)).size,
      products: [...products.values()].sort((a, b) => b.count - a.count),
      avgResolutionHours: hours.length ? Math.round((hours.reduce((a, b) => a + b, 0) / hours.length) * 10) / 10 : null,
      trend, lastWeek: trend[weeks - 1],
      examples: members.slice(0, 5).map((m) => ({ id: String(m.id), number: Number(m.number), subject: m.subject, status: m.status, createdAt: toIso(m.created_at) })),
    };
  }).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  return { items, ticketsGrouped: rows.length, truncated: rows.length === PROBLEM_TICKET_LIMIT, days: q.days };
}
