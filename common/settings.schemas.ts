/** Organization settings: the stored shape (with its defaults), a partial change, and the answer of GET/PATCH /api/settings. */
import { z } from 'zod';

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


/** GET/PATCH /api/settings: the settings and whether a logo is set. */
export const orgSettingsView = orgSettingsSchema.extend({ hasLogo: z.boolean() });

/** The private hosts the server may connect to: the admin's list (editable) and the operator's (MEHVAR_OUTBOUND_ALLOW). */
export const outboundAllowAnswer = z.object({ entries: z.array(z.string()), environment: z.array(z.string()) });
export type OutboundAllowAnswer = z.infer<typeof outboundAllowAnswer>;
