/**
 * Quotes (پیش‌فاکتور), invoices (فاکتور) and credit notes: request and response schemas shared by the API and the web app.
 * Money is a decimal string of whole Rials (see rialAmount); quantities are decimal strings with up to 3 decimals.
 */
import { z } from 'zod';
import { isoInstant } from './time.schemas.ts';
import { rialAmount, quantityInput, isoDate } from './sales.schemas.ts';
import { isoDateTime, isoDate as isoDay, rials, uuid } from './api.schemas.ts';
import { messageView } from './messaging.schemas.ts';

export const DOCUMENT_KINDS = ['quote', 'invoice', 'credit_note'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
/** quote: draft → sent → accepted | rejected | expired; invoice: draft → issued → partially_paid → paid; either → cancelled. */
export const DOCUMENT_STATUSES = ['draft', 'sent', 'accepted', 'rejected', 'expired', 'issued', 'partially_paid', 'paid', 'cancelled'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export const PAYMENT_METHODS = ['cash', 'card', 'transfer', 'cheque', 'pos', 'online', 'other'] as const;

const text = (max: number) => z.string().trim().max(max);

export const documentLineInput = z.object({
  productId: z.uuid().optional(),
  code: text(50).optional(),
  /** Defaults to the product's name. */
  description: text(500).optional(),
  quantity: quantityInput,
  unit: text(30).optional(),
  /** Defaults to the product's price (or the price list's, when one is given). */
  unitPrice: rialAmount.optional(),
  discount: rialAmount.optional(),
  /** Defaults to the product's tax class (standard → taxable); true for free-text lines. */
  taxable: z.boolean().optional(),
}).strict();
export type DocumentLineInput = z.infer<typeof documentLineInput>;

export const documentFee = z.object({ label: text(100).min(1, 'required'), amount: rialAmount }).strict();

const documentFields = {
  dealId: z.uuid().nullable().optional(),
  issueDate: isoDate.optional(),
  validUntil: isoDate.nullable().optional(),
  dueDate: isoDate.nullable().optional(),
  lines: z.array(documentLineInput).min(1, 'add at least one line').max(300),
  discount: rialAmount.optional(),
  fees: z.array(documentFee).max(10).optional(),
  priceListId: z.uuid().optional(),
  terms: text(4000).nullable().optional(),
  notes: text(4000).nullable().optional(),
  locale: z.enum(['fa', 'en']).optional(),
};

export const documentCreate = z.object({ kind: z.enum(['quote', 'invoice']), customerId: z.uuid(), ...documentFields }).strict();
export type DocumentCreate = z.infer<typeof documentCreate>;
export const documentUpdate = z.object(documentFields).partial().strict();
export type DocumentUpdate = z.infer<typeof documentUpdate>;

/** The documents list's sort keys (a leading minus: descending). lastActivity: its latest event (sent, viewed, paid…) or edit. */
export const DOCUMENT_SORTS = ['lastActivity', '-lastActivity', 'created', '-created', 'issueDate', '-issueDate', 'number', '-number', 'total', '-total', 'balance', '-balance', 'due', '-due'] as const;
export const documentListQuery = z.object({
  kind: z.enum(DOCUMENT_KINDS).optional(),
  status: z.enum(DOCUMENT_STATUSES).optional(),
  customerId: z.uuid().optional(),
  dealId: z.uuid().optional(),
  q: text(100).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Owner: a user id, 'me' or 'none'. */
  ownerId: z.union([z.uuid(), z.literal('me'), z.literal('none')]).optional(),
  /** Without a sort: newest first (created). The documents list asks for -lastActivity. */
  sort: z.enum(DOCUMENT_SORTS).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type DocumentListQuery = z.infer<typeof documentListQuery>;

export const documentSend = z.object({
  email: z.boolean().default(true),
  sms: z.boolean().default(true),
  /** Send again a document that was already sent (a deliberate second send, not a double click). */
  resend: z.boolean().default(false),
}).strict();
export type DocumentSend = z.infer<typeof documentSend>;

export const paymentCreate = z.object({
  amount: rialAmount,
  method: z.enum(PAYMENT_METHODS),
  reference: text(100).optional(),
  paidAt: isoInstant.optional(),
  note: text(500).optional(),
}).strict();
export type PaymentCreate = z.infer<typeof paymentCreate>;

export const documentDecision = z.object({
  decision: z.enum(['accept', 'reject']),
  note: text(1000).optional(),
}).strict();

export const documentCancel = z.object({ reason: text(500).min(1, 'say why') }).strict();

// ---- Answers

/** The seller's or buyer's details as printed on the document when it was written (a stored snapshot; jsonb's key order). */
export const partyView = z.object({
  name: z.string(), phone: z.string().optional(), address: z.string().optional(), nationalId: z.string().optional(),
  postalCode: z.string().optional(), economicCode: z.string().optional(), registrationNumber: z.string().optional(),
});

/** A document as lists show it: parties, totals (Rials), dates; no public-link token. */
export const documentSummary = z.object({
  id: uuid, kind: z.enum(DOCUMENT_KINDS), number: z.string().nullable(), status: z.enum(DOCUMENT_STATUSES), customerId: uuid,
  customerName: z.string(), dealId: uuid.nullable(), sourceId: uuid.nullable(), issueDate: isoDay, validUntil: isoDay.nullable(),
  dueDate: isoDay.nullable(), seller: partyView, buyer: partyView, vatRateBp: z.number(),
  fees: z.array(z.object({ label: z.string(), amount: rials })),
  subtotal: rials, lineDiscountTotal: rials, discount: rials, taxTotal: rials, feeTotal: rials, grandTotal: rials, paidTotal: rials, balance: rials,
  terms: z.string().nullable(), notes: z.string().nullable(), locale: z.enum(['fa', 'en']), sentAt: isoDateTime.nullable(),
  decidedAt: isoDateTime.nullable(), decisionNote: z.string().nullable(), cancelledAt: isoDateTime.nullable(),
  publicExpiresAt: isoDateTime.nullable(), ownerId: uuid.nullable(), createdAt: isoDateTime, updatedAt: isoDateTime,
});
/** A row of the documents list: the summary, its owner's name, and its last activity (latest event or edit). */
export const documentListItem = documentSummary.extend({ ownerName: z.string().nullable(), lastActivityAt: isoDateTime });
export const documentPage = z.object({ items: z.array(documentListItem), total: z.number(), page: z.number(), pageSize: z.number() });

export const documentLineView = z.object({
  id: uuid, position: z.number(), productId: uuid.nullable(), code: z.string().nullable(), description: z.string(), quantity: z.string(),
  unit: z.string().nullable(), unitPrice: rials, discount: rials, taxable: z.boolean(),
  /** This line's share of the document discount. */
  docDiscountShare: rials,
  tax: rials, total: rials,
});
export const paymentView = z.object({
  id: uuid, amount: rials, method: z.enum(PAYMENT_METHODS), reference: z.string().nullable(), paidAt: isoDateTime, note: z.string().nullable(),
});
export const documentEventView = z.object({ id: uuid, type: z.string(), at: isoDateTime, actorName: z.string().nullable(), data: z.record(z.string(), z.unknown()) });

/** One document with its lines, payments, history (newest first), messages and the documents made from it or it from. */
export const documentDetail = documentSummary.extend({
  lines: z.array(documentLineView),
  payments: z.array(paymentView),
  events: z.array(documentEventView),
  messages: z.array(messageView),
  related: z.array(z.object({ id: uuid, kind: z.enum(DOCUMENT_KINDS), number: z.string().nullable(), status: z.enum(DOCUMENT_STATUSES) })),
});

/** A sent document: its number, where the email and SMS went (null: not sent that way) and the customer's link. */
export const documentSent = z.object({
  number: z.string(), email: z.string().nullable(), sms: z.string().nullable(), link: z.string(), document: documentDetail,
});
export const documentCancelled = documentDetail.extend({ creditNoteId: uuid.nullable() });
export const documentLink = z.object({ url: z.string(), expiresAt: isoDateTime });
export const logoSaved = z.object({ ok: z.literal(true), bytes: z.number() });
