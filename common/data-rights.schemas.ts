/** A customer's data rights over the API: the full export and the erasure (request and answer). */
import { z } from 'zod';
import { customerView } from './customer.schemas.ts';

export const dataExportAnswer = z.object({
  exportedAt: z.string(),
  customer: customerView,
  customFields: z.array(z.object({ key: z.string(), labelFa: z.string(), labelEn: z.string(), type: z.string().nullable(), value: z.unknown() })),
  consents: z.array(z.object({ channel: z.enum(['sms', 'email']), given: z.boolean(), at: z.string().nullable() })),
  /** Per module section, per kind of row: every row held (amounts in Rials as text, times ISO). */
  sections: z.record(z.string(), z.record(z.string(), z.array(z.unknown()))),
});
export type DataExportAnswer = z.infer<typeof dataExportAnswer>;

export const dataExportPdfQuery = z.object({ lang: z.enum(['fa', 'en']).default('fa') });

export const eraseBody = z.object({
  /** The customer's display name, typed by the user to confirm. */
  confirm: z.string().min(1).max(300),
}).strict();

const counts = z.record(z.string(), z.number().int());
export const erasureAnswer = z.object({
  customerId: z.uuid(),
  erasedAt: z.string(),
  deleted: counts,
  anonymized: counts,
  /** What the law requires to keep (issued invoices with their lines and payments, contracts). */
  kept: counts,
  /** How many phone/email/national-ID hashes now block re-creating this person without renewed consent. */
  blockedContacts: z.number().int(),
  notes: z.array(z.string()),
});
export type ErasureAnswerView = z.infer<typeof erasureAnswer>;
