/** Customers in the one search box (GET /api/search): the Ctrl+K customer search, shaped as search hits. */
import type { Db } from '../../db/client.ts';
import { can, type Actor } from '../auth/index.ts';
import { faNorm, toLatinDigits } from '../../../common/fa-normalize.ts';
import { normalizePhone, phoneSearchKey } from '../../../common/phone.ts';
import { textScore, type ScoredHit } from '../../../common/search.schemas.ts';
import { quickSearch } from './customers.query.ts';

const nationalPhone = (e164: string) => { const p = normalizePhone(e164); return p.ok ? p.national : e164; };

/**
 * Text that is another record's number and never a customer's name, phone, ID or email: a ticket number (#123) or a
 * document number with its separators (PF-1405-00424, inv 1405 12; «reza1370» may be an email). Searching customers for it would only cost time: its digits are in
 * many phone numbers, so the trigram index would hand over thousands of customers to reject one by one.
 */
const OTHER_NUMBER = /^#\d+$|^[a-z]{1,4}[ -]\d{4}([ -]\d{1,6})?$/;

/**
 * The customers the actor may see that match q (names, phones in any format, national IDs, emails), best first;
 * near (typo) matches too unless `fuzzy` is false.
 */
export async function searchCustomerHits(db: Db, actor: Actor, q: string, limit: number, fuzzy = true): Promise<ScoredHit[]> {
  if (!can(actor, 'customers', 'read')) return [];
  if (OTHER_NUMBER.test(toLatinDigits(q.trim()).toLowerCase())) return [];
  const { items } = await quickSearch(db, actor, q, limit, fuzzy);
  const text = faNorm(q);
  const byPhone = phoneSearchKey(q) !== null;
  return items.map((c) => ({
    kind: 'customer' as const,
    id: c.id,
    title: c.displayName,
    subtitle: [c.phone ? nationalPhone(c.phone) : null, c.email, c.city].filter(Boolean).join(' · '),
    url: `/customers/${c.id}`,
    // A phone, ID or email that matched is as specific as a number; a name is scored by where the text stands in it.
    score: byPhone ? 3 : Math.max(1, textScore(text, faNorm(c.displayName))),
  }));
}
