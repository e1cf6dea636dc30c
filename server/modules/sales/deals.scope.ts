/** Which deals an actor may see, as SQL: used by every read of deals, and by every count of them (board, pipelines, reports). */
import { sql, type SQL } from 'drizzle-orm';
import { customerScopeSql, dealScopeSql, type Actor } from '../auth/index.ts';

/** Deals (alias d, customer alias c) the actor may see: not deleted, their customer visible and not deleted, in the deal scope. */
export function visibleDealsSql(actor: Actor): SQL {
  const parts = [sql`d.deleted_at IS NULL AND c.deleted_at IS NULL`];
  const ds = dealScopeSql(actor, 'd');
  if (ds) parts.push(ds);
  const cs = customerScopeSql(actor, 'c');
  if (cs) parts.push(cs);
  return sql.join(parts, sql` AND `);
}
