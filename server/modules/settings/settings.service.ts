/** Organization-wide settings (company, default currency/calendar) and the server's own secret. */
import { randomBytes } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { settings } from './settings.tables.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { AppError } from '../../errors.ts';

export const orgSettingsSchema = z.object({
  companyName: z.string().trim().max(200).default('محور'),
  defaultLocale: z.enum(['fa', 'en']).default('fa'),
  defaultCurrency: z.enum(['IRR', 'IRT']).default('IRT'),
  defaultCalendar: z.enum(['jalali', 'gregorian']).default('jalali'),
  timeZone: z.string().max(60).default('Asia/Tehran'),
  // The seller's legal details printed on quotes and invoices, as Iranian invoices require.
  companyLegalName: z.string().trim().max(200).default(''),
  companyEconomicCode: z.string().trim().max(20).default(''),
  companyNationalId: z.string().trim().max(20).default(''),
  companyRegistrationNo: z.string().trim().max(30).default(''),
  companyPostalCode: z.string().trim().max(20).default(''),
  companyAddress: z.string().trim().max(500).default(''),
  companyPhone: z.string().trim().max(40).default(''),
  companyEmail: z.union([z.literal(''), z.email().max(200)]).default(''),
  /** VAT in basis points: 1000 = 10%. */
  vatRateBp: z.number().int().min(0).max(10_000).default(1000),
  quoteValidityDays: z.number().int().min(1).max(365).default(14),
  /** How long a quote's public link works after it is sent. */
  publicLinkDays: z.number().int().min(1).max(365).default(30),
  documentTerms: z.string().max(4000).default('اعتبار این پیش‌فاکتور تا تاریخ درج‌شده است. مالیات بر ارزش افزوده در مبلغ قابل پرداخت آمده است.'),
  /** SMS sent with a document: {name} {document} {number} {amount} {link} are filled in. */
  smsTemplateDocument: z.string().trim().min(1).max(500).default('{name} عزیز، {document} شمارهٔ {number} به مبلغ {amount} برای شما ارسال شد: {link}'),
  emailSubjectDocument: z.string().trim().min(1).max(200).default('{document} شمارهٔ {number} — {company}'),
  emailBodyDocument: z.string().max(4000).default('{name} عزیز،\n\n{document} شمارهٔ {number} به مبلغ {amount} پیوست است. برای دیدن و تأیید آن به نشانی زیر بروید:\n{link}\n\nبا سپاس\n{company}'),
  pdfTemplate: z.object({
    primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#1c7ed6'),
    accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#e7f5ff'),
    headerText: z.string().max(300).default(''),
    footerText: z.string().max(300).default(''),
    show: z.object({
      economicCode: z.boolean().default(true), nationalId: z.boolean().default(true), registrationNumber: z.boolean().default(true),
      postalCode: z.boolean().default(true), address: z.boolean().default(true), phone: z.boolean().default(true),
      amountInWords: z.boolean().default(true), lineCodes: z.boolean().default(true), signature: z.boolean().default(true),
    }).prefault({}),
  }).prefault({}),
});
export type OrgSettings = z.infer<typeof orgSettingsSchema>;
/**
 * A change to some settings: the fields given, each validated as in the full schema but without its default — with
 * `.partial()` the defaults filled every field left out, so changing one setting reset all the others.
 */
export const orgSettingsUpdate = z.object(Object.fromEntries(Object.entries(orgSettingsSchema.shape)
  .map(([k, v]) => [k, (v as unknown as { unwrap(): z.ZodType }).unwrap().optional()]))).strict() as unknown as z.ZodType<Partial<OrgSettings>>;

const ORG_KEYS = Object.keys(orgSettingsSchema.shape) as (keyof OrgSettings)[];

export async function getOrgSettings(db: Db): Promise<OrgSettings> {
  const rows = await db.select().from(settings).where(inArray(settings.key, ORG_KEYS.map((k) => `org.${k}`)));
  const raw = Object.fromEntries(rows.map((r) => [r.key.slice(4), r.value]));
  return orgSettingsSchema.parse(raw);
}

export async function updateOrgSettings(db: Db, actor: Actor, input: Partial<OrgSettings>): Promise<OrgSettings> {
  assertCan(actor, 'settings', 'update');
  for (const [k, v] of Object.entries(input)) {
    if (v !== undefined) await writeSetting(db, actor.userId, `org.${k}`, v);
  }
  return getOrgSettings(db);
}

/** One stored setting by key (other modules keep their own keys here: channels, the logo). */
export async function readSetting<T>(db: Db, key: string): Promise<T | undefined> {
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row?.value as T | undefined;
}

export async function writeSetting(db: Db, userId: string | null, key: string, value: unknown): Promise<void> {
  await db.insert(settings).values({ key, value, updatedBy: userId })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedBy: userId, updatedAt: new Date() } });
}

export async function deleteSetting(db: Db, key: string): Promise<void> {
  await db.delete(settings).where(eq(settings.key, key));
}

export type Logo = { mime: 'image/png' | 'image/jpeg'; base64: string };
const LOGO_KEY = 'org.pdfLogo';
export const getLogo = (db: Db) => readSetting<Logo>(db, LOGO_KEY);
export const deleteLogo = (db: Db, actor: Actor) => { assertCan(actor, 'settings', 'update'); return deleteSetting(db, LOGO_KEY); };

/** The company logo on documents: a PNG or JPEG data URL, checked by its magic bytes, at most 500 KB. */
export async function setLogo(db: Db, actor: Actor, dataUrl: string): Promise<number> {
  assertCan(actor, 'settings', 'update');
  const m = /^data:(image\/(?:png|jpeg));base64,(.*)$/.exec(dataUrl);
  if (!m) throw new AppError('VALIDATION_FAILED', 'Not a PNG or JPEG data URL', { dataUrl: 'a PNG or JPEG data URL' });
  const [, mime, base64] = m;
  const bytes = Buffer.from(base64, 'base64');
  const isPng = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  if ((mime === 'image/png' && !isPng) || (mime === 'image/jpeg' && !isJpeg)) throw new AppError('VALIDATION_FAILED', 'The file is not the image it says it is', { dataUrl: 'not a PNG or JPEG' });
  if (bytes.length > 500_000) throw new AppError('VALIDATION_FAILED', 'The logo is larger than 500 KB', { dataUrl: 'at most 500 KB' });
  await writeSetting(db, actor.userId, LOGO_KEY, { mime: mime as Logo['mime'], base64 } satisfies Logo);
  return bytes.length;
}

/** A random secret made on first start and kept in the database, so every instance signs the same way. */
export async function serverSecret(db: Db): Promise<string> {
  await db.insert(settings).values({ key: 'server.secret', value: randomBytes(32).toString('base64url') }).onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, 'server.secret'));
  return row.value as string;
}
