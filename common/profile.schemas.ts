/**
 * The customer's 360° view and timeline: the answers that gather every module's part. Modules register timeline
 * sources and profile sections on the server (customers/timeline.ts, profile.ts); each part's shape is listed here,
 * so a new source or section needs its schema here too, or the answer drops it.
 */
import { z } from 'zod';
import { isoDate, isoDateTime, rials, uuid } from './api.schemas.ts';
import { customerView } from './customer.schemas.ts';
import { DIRECTIONS, taskView } from './activity.schemas.ts';
import { dealView } from './sales.schemas.ts';
import { messageView } from './messaging.schemas.ts';
import { DOCUMENT_KINDS, DOCUMENT_STATUSES } from './documents.schemas.ts';
import { ticketView, contractView } from './support.schemas.ts';
import { surveyResponseView } from './survey.schemas.ts';
import { insightsSection } from './insights.schemas.ts';
import { loyaltyTimelineData, memberView } from './loyalty.schemas.ts';
import { automationRunTimelineData } from './automations.schemas.ts';
import { preferencesView } from './preferences.schemas.ts';

// ---- Timeline items: {kind, id, at, data}, newest first

const item = <K extends string, D extends z.ZodType>(kind: K, data: D) => z.object({ kind: z.literal(kind), id: z.string(), at: isoDateTime, data });

export const interactionTimelineData = z.object({
  id: uuid, kind: z.string(), channel: z.string().nullable(), direction: z.enum(DIRECTIONS).nullable(), occurredAt: isoDateTime,
  authorId: uuid.nullable(), authorName: z.string().nullable(), summary: z.string(), body: z.string().nullable(), durationSec: z.number().nullable(),
  outcome: z.string().nullable(), recording: z.string().nullable(),
});
/** One change (one transaction, one actor, one record): the fields with their old and new values. */
export const auditTimelineData = z.object({
  entityType: z.string(), entityId: uuid, action: z.string(), actorId: uuid.nullable(), actorName: z.string().nullable(),
  changes: z.array(z.object({ field: z.string(), old: z.unknown(), new: z.unknown() })),
});
export const dealTimelineData = z.object({
  event: z.enum(['created', 'stage_changed', 'won', 'lost', 'reopened']),
  dealId: uuid, title: z.string(), amount: rials, status: z.string(), pipelineName: z.string(),
  fromStage: z.object({ id: uuid, name: z.string().nullable() }).nullable(),
  toStage: z.object({ id: uuid, name: z.string().nullable(), outcome: z.string().nullable() }),
  lostReason: z.string().nullable(), actorId: uuid.nullable(), actorName: z.string().nullable(),
});
/**
 * One event of one of the customer's documents: the common fields, then the event's own details (created: kind, total,
 * fromQuote/forInvoice; sent: email, sms …; accepted/rejected: by, note; payment: amount, method, balance …; cancelled:
 * reason, creditNoteId). A detail not listed here still passes (a loose object), after the listed ones.
 */
export const documentTimelineData = z.looseObject({
  type: z.string(), documentId: uuid, documentKind: z.enum(DOCUMENT_KINDS), number: z.string().nullable(), status: z.enum(DOCUMENT_STATUSES),
  grandTotal: rials, actorName: z.string().nullable(),
  // The details are stored as jsonb: listed in its key order (shorter keys first) to keep the answer's order.
  by: z.enum(['staff', 'customer']).optional(), sms: z.string().nullable().optional(), kind: z.enum(DOCUMENT_KINDS).optional(),
  note: z.string().nullable().optional(), email: z.string().nullable().optional(), total: rials.optional(), amount: rials.optional(),
  method: z.string().optional(), reason: z.string().optional(), resend: z.boolean().optional(), balance: rials.optional(),
  fromQuote: z.string().nullable().optional(), invoiceId: uuid.optional(), paymentId: uuid.optional(), reference: z.string().nullable().optional(),
  forInvoice: z.string().nullable().optional(), smsSkipped: z.string().nullable().optional(), creditNoteId: uuid.nullable().optional(),
});
export const ticketTimelineData = z.object({
  event: z.enum(['opened', 'summary']), ticketId: uuid, number: z.number(), subject: z.string(), status: z.string(), priority: z.string(),
  body: z.string().nullable(), authorId: uuid.nullable(), authorName: z.string().nullable(),
});
export const surveyTimelineData = z.object({
  surveyName: z.string(), metric: z.enum(['nps', 'csat', 'ces']).nullable(), score: z.number().nullable(), comment: z.string().nullable(),
  channel: z.string(), sourceType: z.enum(['ticket', 'document']).nullable(), sourceId: uuid.nullable(), ticketNumber: z.number().nullable(),
  documentNumber: z.string().nullable(), loopStatus: z.enum(['open', 'closed']).nullable(),
});

export const timelineItem = z.discriminatedUnion('kind', [
  item('interaction', interactionTimelineData),
  item('audit', auditTimelineData),
  item('task', taskView),
  item('deal', dealTimelineData),
  item('message', messageView),
  item('document', documentTimelineData),
  item('ticket', ticketTimelineData),
  item('survey', surveyTimelineData),
  item('loyalty', loyaltyTimelineData),
  item('automation_run', automationRunTimelineData),
]);
/** A page of the merged timeline; nextCursor continues it (null: the end). */
export const timelinePage = z.object({ items: z.array(timelineItem), nextCursor: z.string().nullable() });

// ---- The 360° view: the customer, their organizations or members, the first timeline page, and the sections

export const relatedCustomer = z.object({ id: uuid, displayName: z.string(), roleTitle: z.string().nullable() });

export const countersSection = z.object({
  interactions: z.number(), byKind: z.record(z.string(), z.number()), lastInteractionAt: isoDateTime.nullable(),
  firstInteractionAt: isoDateTime.nullable(), openTasks: z.number(), openPromises: z.number(), brokenPromises: z.number(),
});
export const dealsSection = z.object({
  open: z.array(dealView), openCount: z.number(), openAmount: rials, wonCount: z.number(), wonAmount: rials, lostCount: z.number(),
});
export const voiceSection = z.object({ items: z.array(surveyResponseView), total: z.number() });
export const ticketsSection = z.object({ items: z.array(ticketView), openCount: z.number(), totalCount: z.number() });
/** Active contracts first, then the latest others. */
export const contractsSection = z.object({ items: z.array(contractView), activeCount: z.number() });
/** What the customer bought (paid and partly paid invoices), spent (Rials), still owes, and the quotes still open. */
export const purchasesSection = z.object({
  products: z.array(z.object({
    productId: uuid.nullable(), name: z.string(), code: z.string().nullable(), quantity: z.string(), amount: rials, lastDate: isoDate, invoices: z.number(),
  })),
  orders: z.number(), totalSpent: rials, averageOrder: rials, lastPurchase: isoDate.nullable(), outstanding: rials,
  openQuotes: z.array(z.object({ id: uuid, number: z.string().nullable(), status: z.enum(DOCUMENT_STATUSES), grandTotal: rials, validUntil: isoDate.nullable() })),
});

/**
 * Sections the reader may not see are left out (deals, voice, tickets, contracts) or null (purchases); the keys keep the
 * order the modules register them in.
 */
export const customer360View = z.object({
  customer: customerView,
  organizations: z.array(relatedCustomer),
  members: z.array(relatedCustomer),
  timeline: timelinePage,
  counters: countersSection,
  openPromises: z.array(taskView),
  openTasks: z.array(taskView),
  deals: dealsSection.optional(),
  voice: voiceSection.optional(),
  tickets: ticketsSection.optional(),
  contracts: contractsSection.optional(),
  purchases: purchasesSection.nullable(),
  insights: insightsSection.optional(),
  loyalty: memberView.optional(),
  preferences: preferencesView.optional(),
});
