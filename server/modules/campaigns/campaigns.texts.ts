/**
 * Which text a recipient gets: by the channel their message goes by (a `preferred` campaign holds an SMS text in
 * `body` and an email text in `emailBody`), by their language (the English text when the campaign has one and the
 * customer's preferred language is English; Persian otherwise), and by their A/B variant. And which channel a
 * `preferred` campaign uses for a recipient: their preferred channel when they consent and have the address, else
 * the other one they consent to and have, else none (skipped). A preference for email picks email; any other (SMS,
 * phone, none …) picks SMS first.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { CampaignLanguage, SendChannel } from '../../../common/campaigns.schemas.ts';
import type { campaigns } from './campaigns.tables.ts';

type Texts = Pick<typeof campaigns.$inferSelect, 'channel' | 'name' | 'subject' | 'body' | 'bodyB' | 'subjectB' | 'emailBody' | 'bodyEn' | 'subjectEn' | 'emailBodyEn'>;

export function languageOf(preferred: string | null | undefined): CampaignLanguage {
  return preferred === 'en' ? 'en' : 'fa';
}

/** The subject (email) and body a recipient gets, and the language they are in. */
export function textFor(c: Texts, channel: SendChannel, wanted: CampaignLanguage, variant: 'a' | 'b' | null = null): { subject: string | null; body: string; language: CampaignLanguage } {
  const email = channel === 'email';
  if (variant === 'b' && c.bodyB) return { subject: email ? c.subjectB ?? c.subject ?? c.name : null, body: c.bodyB, language: 'fa' };
  const faBody = email && c.channel === 'preferred' ? c.emailBody ?? c.body : c.body;
  const enBody = email && c.channel === 'preferred' ? c.emailBodyEn : c.bodyEn;
  if (wanted === 'en' && enBody) return { subject: email ? c.subjectEn ?? c.subject ?? c.name : null, body: enBody, language: 'en' };
  return { subject: email ? c.subject ?? c.name : null, body: faBody, language: 'fa' };
}

/** Every text the campaign holds (for the checks and the placeholders it uses). */
export const allTexts = (c: Texts & { offerText?: string | null }) => [c.subject, c.body, c.bodyB, c.subjectB, c.emailBody, c.bodyEn, c.subjectEn, c.emailBodyEn];

/** A `preferred` campaign's channel for one recipient (null: neither channel is possible). */
export function pickChannel(preferred: string | null, sms: boolean, email: boolean): SendChannel | null {
  if (preferred === 'email' && email) return 'email';
  if (sms) return 'sms';
  return email ? 'email' : null;
}

/** pickChannel in SQL, over the customer `c` and the SMS / email eligibility expressions. */
export const pickChannelSql = (smsOk: SQL, emailOk: SQL): SQL =>
  sql`(CASE WHEN c.preferred_channel = 'email' AND ${emailOk} THEN 'email' WHEN ${smsOk} THEN 'sms' WHEN ${emailOk} THEN 'email' END)`;
