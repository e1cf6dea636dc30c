/**
 * The customer a purchase, interaction or ticket row belongs to: found by external customer code, national ID, phone
 * or email (as the customer import stores them). A row whose customer is not found is rejected with the key it tried.
 */
import type { Db } from '../../../db/client.ts';
import type { Actor } from '../../auth/index.ts';
import { findDuplicates, findDuplicatesMany, type DuplicateMatch } from '../../customers/index.ts';
import { padNationalId, parsePhones } from '../values.ts';
import { firstOf } from './kind.ts';

export type CustomerKey = { code: string | null; nationalId: string | null; phones: string[]; email: string | null };

export const CUSTOMER_KEY_ALIASES: Record<string, string[]> = {
  customerCode: ['کد مشتری', 'شماره مشتری', 'شناسه مشتری', 'کد اشتراک', 'customer code', 'customer id', 'customer', 'customer no', 'client id', 'مشتری'],
  customerPhone: ['موبایل', 'تلفن همراه', 'شماره همراه', 'تلفن', 'شماره تماس', 'موبایل مشتری', 'mobile', 'phone', 'customer phone', 'telephone'],
  customerEmail: ['ایمیل', 'ایمیل مشتری', 'email', 'e-mail', 'customer email'],
  customerNationalId: ['کد ملی', 'کدملی', 'national id', 'national code'],
};

/** The key cells of a row, or the reasons they cannot find anyone. */
export function customerKeyOf(f: Map<string, string[]>, errors: string[]): CustomerKey | null {
  const code = firstOf(f, 'customerCode')?.slice(0, 100) ?? null;
  const nid = firstOf(f, 'customerNationalId');
  const phoneCell = firstOf(f, 'customerPhone');
  const email = firstOf(f, 'customerEmail')?.toLowerCase() ?? null;
  const phones = phoneCell ? parsePhones(phoneCell) : null;
  if (phones && phones.invalid.length && !phones.numbers.length) errors.push(`customerPhone: "${phoneCell}" is not a phone number`);
  const key: CustomerKey = { code, nationalId: nid ? padNationalId(nid) : null, phones: phones?.numbers.map((n) => n.e164) ?? [], email };
  if (!key.code && !key.nationalId && !key.phones.length && !key.email) {
    if (!errors.length) errors.push('customer: the row names no customer (customer code, phone, email or national ID)');
    return null;
  }
  return key;
}

export const customerKeyText = (k: CustomerKey) =>
  [k.code ? `code ${k.code}` : '', k.nationalId ? `national ID ${k.nationalId}` : '', ...k.phones.map((p) => `phone ${p}`), k.email ? `email ${k.email}` : ''].filter(Boolean).join(', ');

/** The key as the preview shows it: the values only, no words (the wizard is read in Persian or English). */
export const customerKeyShown = (k: CustomerKey) => [k.code, k.nationalId, ...k.phones, k.email].filter(Boolean).join(' · ');

const PRIORITY = ['externalId', 'nationalId', 'phone', 'email'] as const;

/** The visible match the key names: the most specific key wins (external code, then national ID, phone, email). */
function bestMatch(matches: DuplicateMatch[]): string | null {
  const visible = matches.filter((m) => !m.hidden && m.id);
  const rank = (m: (typeof visible)[number]) => Math.min(...m.matchedOn.map((o) => { const i = PRIORITY.indexOf(o as (typeof PRIORITY)[number]); return i < 0 ? 9 : i; }));
  visible.sort((a, b) => rank(a) - rank(b));
  return visible[0]?.id ?? null;
}

const queryOf = (key: CustomerKey) => ({ externalId: key.code, nationalId: key.nationalId, phones: key.phones, emails: key.email ? [key.email] : [] });

/** The visible customer the key names (the most specific match wins), cached per chunk. */
export async function resolveCustomer(tx: Db, actor: Actor, key: CustomerKey, cache: Map<string, string | null>): Promise<{ id: string } | { reason: string }> {
  const text = customerKeyText(key);
  let id = cache.get(text);
  if (id === undefined) {
    id = bestMatch(await findDuplicates(tx, actor, queryOf(key)));
    cache.set(text, id);
  }
  return id ? { id } : { reason: `customer: no customer matches (${text})` };
}

/** resolveCustomer for all of a chunk's keys in one lookup: fills the cache. */
export async function resolveCustomers(tx: Db, actor: Actor, keys: CustomerKey[], cache: Map<string, string | null>): Promise<void> {
  const todo = [...new Map(keys.map((k) => [customerKeyText(k), k])).entries()].filter(([text]) => !cache.has(text));
  if (!todo.length) return;
  const found = await findDuplicatesMany(tx, actor, todo.map(([, k]) => queryOf(k)));
  todo.forEach(([text], i) => cache.set(text, bestMatch(found[i])));
}
