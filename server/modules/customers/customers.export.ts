/** Customer exports (CSV here, XLSX in customers.xlsx.ts): every customer matching the list's filters, in pages. */
import { sql } from 'drizzle-orm';
import { formulaSafe } from '../../../common/spreadsheet-cell.ts';
import type { Db } from '../../db/client.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import type { CustomerListQuery } from '../../../common/customer.schemas.ts';
import { listConditions, presentRaw, PRESENTED } from './customers.query.ts';

export const CSV_COLUMNS = ['id', 'kind', 'displayName', 'firstName', 'lastName', 'orgName', 'latinName', 'phones', 'emails', 'city', 'province',
  'nationalId', 'companyNationalId', 'economicCode', 'birthday', 'lifecycleStage', 'source', 'tags', 'owner', 'smsConsent', 'emailConsent', 'createdAt'] as const;

export function csvCell(v: unknown): string {
  let s = v == null ? '' : Array.isArray(v) ? v.join('; ') : v instanceof Date ? v.toISOString() : String(v);
  // Cells that a spreadsheet would run as a formula are prefixed (CSV injection; common/spreadsheet-cell.ts).
  s = formulaSafe(s);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Every customer matching the filters (export permission) as export values, read in pages of 1,000 (oldest first). */
export async function* exportCustomerRows(db: Db, actor: Actor, query: Omit<CustomerListQuery, 'page' | 'pageSize'>) {
  assertCan(actor, 'customers', 'export');
  const { where } = await listConditions(db, actor, query);
  let after: { at: string; id: string } | undefined;
  for (;;) {
    const res = await db.execute(sql`
      SELECT ${PRESENTED}, u.name AS owner_name, c.created_at::text AS created_key FROM customers c LEFT JOIN users u ON u.id = c.owner_id
      WHERE ${where} ${after ? sql`AND (c.created_at, c.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
      ORDER BY c.created_at, c.id LIMIT 1000`);
    if (!res.rows.length) return;
    for (const r of res.rows as Record<string, unknown>[]) {
      const c = presentRaw(r);
      const values: Record<string, unknown> = { ...c, phones: c.phones.map((p) => p.number), emails: c.emails.map((e) => e.address), owner: c.owner?.name };
      yield values;
    }
    const last = res.rows[res.rows.length - 1] as { created_key: string; id: string };
    after = { at: last.created_key, id: last.id };
  }
}

/** CSV of every customer matching the filters (export permission), streamed. */
export async function* exportCustomersCsv(db: Db, actor: Actor, query: Omit<CustomerListQuery, 'page' | 'pageSize'>) {
  assertCan(actor, 'customers', 'export');
  const line = (values: Record<string, unknown>) => CSV_COLUMNS.map((k) => csvCell(values[k])).join(',') + '\r\n';
  // The first row is read before any byte is sent: a bad filter (or an unknown segment) is still a JSON error, not a cut download.
  const rows = exportCustomerRows(db, actor, query);
  const first = await rows.next();
  yield '\uFEFF' + CSV_COLUMNS.join(',') + '\r\n';
  if (first.done) return;
  yield line(first.value);
  for await (const values of rows) yield line(values);
}
