/** Derived fields of a customer: display name, search document, phone/email keys. Pure functions. */
import { faNorm, faCompact } from '../../../common/fa-normalize.ts';
import { phoneIndexTokens } from '../../../common/phone.ts';
import type { Phone, Email } from '../../../common/customer.schemas.ts';

export type NameParts = { kind: string; firstName?: string | null; lastName?: string | null; orgName?: string | null; latinName?: string | null };

export function displayNameOf(c: NameParts): string {
  if (c.kind === 'organization') return (c.orgName ?? c.latinName ?? '').trim();
  const n = [c.firstName, c.lastName].filter(Boolean).join(' ').trim();
  return n || (c.latinName ?? '').trim();
}

/**
 * The text the search box looks in, in fa_norm form: names (spaced and compact, so "محمدرضا" finds "محمد رضا"),
 * Latin name, organization name, IDs, email addresses, each phone as full digits, national number and 0-form,
 * and the text values of custom fields. The first part is the normalized name: the duplicate finder compares it.
 */
export function buildSearchDoc(c: NameParts & { phones: Phone[]; emails: Email[]; nationalId?: string | null; companyNationalId?: string | null; economicCode?: string | null; custom?: Record<string, unknown> }): string {
  const names = [c.firstName, c.lastName, c.orgName].filter(Boolean).join(' ');
  const parts = [
    faNorm(names),
    faCompact(names),
    c.latinName ? faNorm(c.latinName) : '',
    ...c.emails.map((e) => faNorm(e.address)),
    c.nationalId ?? '', c.companyNationalId ?? '', c.economicCode ?? '',
    ...c.phones.flatMap((p) => phoneIndexTokens(p.number)),
    // Text and option values of custom fields are searchable too.
    ...Object.values(c.custom ?? {}).flatMap((v) => (typeof v === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(v) ? [faNorm(v)] : [])),
  ];
  return parts.filter(Boolean).join(' | ');
}

export const phoneKeysOf = (phones: Phone[]) => [...new Set(phones.map((p) => p.number))];
export const emailKeysOf = (emails: Email[]) => [...new Set(emails.map((e) => e.address.toLowerCase()))];

/** Exactly one primary phone when there are phones: the first marked one, else the first. */
export function withPrimaryPhone(phones: Phone[]): Phone[] {
  const seen = new Set<string>();
  const unique = phones.filter((p) => (seen.has(p.number) ? false : (seen.add(p.number), true)));
  const idx = Math.max(0, unique.findIndex((p) => p.primary));
  return unique.map((p, i) => ({ number: p.number, label: p.label, primary: i === idx }));
}

/** Escapes LIKE wildcards in user text. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);
