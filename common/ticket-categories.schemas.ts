/**
 * Ticket categories: a key stored on the ticket and the names people read, in Persian and English, defined by an
 * admin. A ticket keeps its category key; a key no longer (or never) defined is shown as it was typed.
 */
import { z } from 'zod';
import { itemsOf } from './api.schemas.ts';

export const categoryKey = z.string().trim().toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'latin letters, digits, - and _ (at most 40)');
const label = z.string().trim().min(1, 'required').max(60);

export const ticketCategoryCreate = z.object({
  key: categoryKey,
  labelFa: label,
  labelEn: label,
  active: z.boolean().default(true),
  position: z.number().int().min(0).max(1000).default(0),
}).strict();
export type TicketCategoryCreate = z.infer<typeof ticketCategoryCreate>;

export const ticketCategoryUpdate = z.object({
  labelFa: label.optional(),
  labelEn: label.optional(),
  active: z.boolean().optional(),
  position: z.number().int().min(0).max(1000).optional(),
}).strict();
export type TicketCategoryUpdate = z.infer<typeof ticketCategoryUpdate>;

export const ticketCategoryKeyParam = z.object({ key: categoryKey });

export const ticketCategoryView = z.object({
  key: z.string(), labelFa: z.string(), labelEn: z.string(), active: z.boolean(), position: z.number().int(),
  /** Tickets filed under it (any status), so an admin sees what a deactivation touches. */
  ticketCount: z.number().int(),
});
export type TicketCategoryView = z.infer<typeof ticketCategoryView>;
export const ticketCategoryList = itemsOf(ticketCategoryView);

/** The name shown for a ticket's category key: its label in the language, or the key as typed when undefined. */
export function categoryLabel(key: string, categories: readonly Pick<TicketCategoryView, 'key' | 'labelFa' | 'labelEn'>[], locale: 'fa' | 'en'): string {
  const c = categories.find((x) => x.key === key);
  return c ? (locale === 'fa' ? c.labelFa : c.labelEn) : key;
}
