/**
 * A campaign's text made personal: {firstName} / {نام}, {lastName} / {نام_خانوادگی}, {name} / {نام_کامل} and
 * {greeting} / {خطاب} — «آقای رضایی» or «خانم رضایی» by the customer's gender (Mr/Ms in an English text), otherwise
 * the full name (a generic "dear customer" is what customers ignore), {link} / {لینک} — the recipient's personal
 * tracked link, {lastProduct} / {آخرین_خرید}, {points} / {امتیاز} (Persian digits in a Persian text), {tier} / {سطح}
 * and {offer} / {پیشنهاد} (campaigns.personal.ts). A placeholder that is not known (or {link} without a link) is left
 * as written; a personal value the customer does not have (no purchase, not a club member) is empty, {points} is 0.
 */
import { toPersianDigits } from '../../../common/fa-normalize.ts';
import type { CampaignLanguage } from '../../../common/campaigns.schemas.ts';

export type Recipient = { display_name: string; first_name: string | null; last_name: string | null; gender: string | null };
/** What campaigns.personal.ts found for the customer, in the text's language. */
export type PersonalValues = { lastProduct: string; points: number; tier: string; offer: string };

/** The placeholders that need a look-up beyond the customer row (campaigns.personal.ts), with their Persian names. */
export const PERSONAL_KEYS = { lastProduct: 'آخرین_خرید', points: 'امتیاز', tier: 'سطح', offer: 'پیشنهاد' } as const;
export type PersonalKey = keyof typeof PERSONAL_KEYS;

/** Which of the look-up placeholders the texts use: only those are looked up. */
export function personalKeysIn(texts: (string | null | undefined)[]): Set<PersonalKey> {
  const out = new Set<PersonalKey>();
  for (const t of texts) {
    if (!t) continue;
    for (const [k, fa] of Object.entries(PERSONAL_KEYS)) if (t.includes(`{${k}}`) || t.includes(`{${fa}}`)) out.add(k as PersonalKey);
  }
  return out;
}

/** 12,500 in English, ۱۲٬۵۰۰ in Persian. */
export function formatPoints(n: number, lang: CampaignLanguage): string {
  const latin = Math.trunc(n).toLocaleString('en-US');
  return lang === 'fa' ? toPersianDigits(latin.replace(/,/g, '٬')) : latin;
}

export function renderCampaignText(body: string, r: Recipient, link?: string, personal?: PersonalValues, lang: CampaignLanguage = 'fa'): string {
  const name = r.display_name.trim();
  const first = r.first_name?.trim() || name;
  const last = r.last_name?.trim() || '';
  const [mr, ms] = lang === 'en' ? ['Mr', 'Ms'] : ['آقای', 'خانم'];
  const greeting = last && r.gender === 'male' ? `${mr} ${last}` : last && r.gender === 'female' ? `${ms} ${last}` : name;
  const values: Record<string, string> = {
    firstName: first, 'نام': first, lastName: last, 'نام_خانوادگی': last, name, 'نام_کامل': name, greeting, 'خطاب': greeting,
    ...(link ? { link, 'لینک': link } : {}),
  };
  if (personal) {
    const p: Record<PersonalKey, string> = { lastProduct: personal.lastProduct, points: formatPoints(personal.points, lang), tier: personal.tier, offer: personal.offer };
    for (const [k, fa] of Object.entries(PERSONAL_KEYS)) values[k] = values[fa] = p[k as PersonalKey];
  }
  return body.replace(/\{([^{}\s]{1,20})\}/g, (whole, key: string) => values[key] ?? whole);
}
