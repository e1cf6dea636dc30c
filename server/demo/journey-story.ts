/**
 * A journey story planted in the demo (and used by the journey tests): each customer's first purchase of one product
 * line, a delivery-satisfaction answer (CSAT, the invoice_paid survey), often a support ticket, and maybe a repeat
 * purchase. Two things can be planted:
 *  - pain point: one product line's delivery is slow, so its CSAT is low (60 % unhappy against 15 %) and unhappy
 *    customers buy again less;
 *  - moment of truth: a first ticket solved at first contact (one reply, not reopened) → 80 % buy again within 180 days,
 *    against 20 % when it took several replies.
 * With nothing planted every outcome is independent of everything else (the control for false discoveries).
 * The same seed gives the same story; `toBaseEvents` gives the events the journey module would read, without a database.
 */
import type { Db } from '../db/client.ts';
import { Rng } from './prng.ts';
import { documents, documentLines, payments } from '../modules/documents/index.ts';
import { surveys, surveyResponses } from '../modules/surveys/index.ts';
import { tickets, ticketMessages } from '../modules/support/index.ts';
import type { BaseEvent } from '../modules/journeys/index.ts';

const DAY = 86_400_000;
/** Product lines (products.category) of the story. */
export const STORY_LINES = ['یخچال', 'لباسشویی', 'تلویزیون', 'کولر'];
export const STORY_SLOW_LINE = STORY_LINES[1];

export type StoryOptions = { seed: number; now: Date; customerIds: string[]; products: { id: string; category: string }[]; plantPain: boolean; plantMoment: boolean };
type Purchase = { customerId: string; at: Date; productId: string; line: string };
type Answer = { customerId: string; at: Date; score: number; productId: string; line: string };
type Ticket = { id: string; customerId: string; at: Date; replies: number; resolvedAt: Date; productId: string; line: string };
export type Story = { purchases: Purchase[]; answers: Answer[]; tickets: Ticket[] };

export function storyRows(o: StoryOptions): Story {
  const rng = new Rng(o.seed);
  const story: Story = { purchases: [], answers: [], tickets: [] };
  const now = o.now.getTime();
  for (const customerId of o.customerIds) {
    const product = o.products[rng.int(0, o.products.length - 1)];
    const first = now - rng.int(200, 360) * DAY - rng.int(0, 86_399) * 1000;
    story.purchases.push({ customerId, at: new Date(first), productId: product.id, line: product.category });
    const slow = o.plantPain && product.category === STORY_SLOW_LINE;
    const unhappy = rng.chance(slow ? 0.6 : 0.15);
    const score = unhappy ? rng.int(1, 2) : rng.int(3, 5);
    story.answers.push({ customerId, at: new Date(first + rng.int(2, 6) * DAY), score, productId: product.id, line: product.category });
    let pRepeat = 0.4;
    if (o.plantPain && unhappy) pRepeat = 0.2;
    if (rng.chance(0.7)) {
      const at = first + rng.int(15, 40) * DAY;
      const fcr = rng.chance(0.5);
      const replies = fcr ? 1 : rng.int(2, 4);
      story.tickets.push({ id: rng.uuid(), customerId, at: new Date(at), replies, resolvedAt: new Date(at + rng.int(1, 72) * 3_600_000), productId: product.id, line: product.category });
      if (o.plantMoment) pRepeat = fcr ? 0.8 : 0.2;
      if (rng.chance(pRepeat)) {
        const other = o.products[rng.int(0, o.products.length - 1)];
        story.purchases.push({ customerId, at: new Date(at + rng.int(10, 170) * DAY), productId: other.id, line: other.category });
      }
    } else if (rng.chance(pRepeat)) {
      const other = o.products[rng.int(0, o.products.length - 1)];
      story.purchases.push({ customerId, at: new Date(first + rng.int(20, 190) * DAY), productId: other.id, line: other.category });
    }
  }
  return story;
}

/** The events the journey module reads from these rows (same shape as journeys.events.ts), ordered by customer and time. */
export function toBaseEvents(s: Story): BaseEvent[] {
  const ev = (e: Partial<BaseEvent> & Pick<BaseEvent, 'customerId' | 'source' | 'ev' | 'at'>): BaseEvent => ({ channel: null, outcome: null, line: null, ref: null, waitHours: null, score: null, ...e });
  const out: BaseEvent[] = [
    ...s.purchases.map((p, i) => ev({ customerId: p.customerId, source: 'invoice', ev: 'paid', at: p.at, line: p.line, ref: `inv${i}` })),
    ...s.answers.map((a, i) => ev({ customerId: a.customerId, source: 'survey', ev: 'csat', channel: 'invoice_paid', at: a.at, outcome: a.score <= 2 ? 'bad' : 'good', line: a.line, score: a.score, ref: `ans${i}` })),
    ...s.tickets.flatMap((t) => [
      ev({ customerId: t.customerId, source: 'ticket', ev: 'opened', channel: 'phone', at: t.at, outcome: t.replies > 1 ? 'bad' : 'good', line: t.line, ref: t.id }),
      ev({ customerId: t.customerId, source: 'ticket', ev: 'first_response', channel: 'phone', at: new Date(t.at.getTime() + 1800_000), line: t.line, ref: t.id, waitHours: 0.5 }),
      ev({ customerId: t.customerId, source: 'ticket', ev: 'resolved', channel: 'phone', at: t.resolvedAt, line: t.line, ref: t.id, waitHours: (t.resolvedAt.getTime() - t.at.getTime()) / 3_600_000 }),
    ]),
  ];
  return out.sort((a, b) => a.customerId.localeCompare(b.customerId) || a.at.getTime() - b.at.getTime());
}

/** Writes the story: paid invoices with their line and payment, a CSAT survey with its answers, tickets with replies. */
export async function writeStory(db: Db, s: Story): Promise<void> {
  const day = (d: Date) => new Date(d.getTime() + 3.5 * 3_600_000).toISOString().slice(0, 10);
  for (let i = 0; i < s.purchases.length; i += 400) {
    const chunk = s.purchases.slice(i, i + 400);
    const docs = await db.insert(documents).values(chunk.map((p) => ({
      kind: 'invoice' as const, status: 'paid' as const, customerId: p.customerId, issueDate: day(p.at), seller: { name: 'محور' }, buyer: { name: 'مشتری' },
      vatRateBp: 0, subtotal: 10_000_000n, grandTotal: 10_000_000n, paidTotal: 10_000_000n, createdAt: p.at, updatedAt: p.at,
    }))).returning({ id: documents.id });
    await db.insert(documentLines).values(chunk.map((p, k) => ({ documentId: docs[k].id, position: 1, productId: p.productId, description: p.line, quantity: '1', unitPrice: 10_000_000n, total: 10_000_000n })));
    await db.insert(payments).values(chunk.map((p, k) => ({ documentId: docs[k].id, customerId: p.customerId, amount: 10_000_000n, method: 'card' as const, paidAt: p.at, createdAt: p.at })));
  }
  const [survey] = await db.insert(surveys).values({
    name: 'رضایت از خرید و تحویل', status: 'active', metric: 'csat', questions: [], trigger: { type: 'invoice_paid', delayMinutes: 2880, everyMonths: 0 },
    intro: { fa: 'از خرید خود راضی بودید؟', en: 'Were you happy with your purchase?' }, thanks: { fa: 'سپاس', en: 'Thank you' }, anonymousKey: `story-${s.answers.length}-${s.answers[0]?.customerId ?? ''}`,
  }).returning({ id: surveys.id });
  for (let i = 0; i < s.answers.length; i += 400) {
    await db.insert(surveyResponses).values(s.answers.slice(i, i + 400).map((a) => ({
      surveyId: survey.id, customerId: a.customerId, metric: 'csat' as const, score: a.score, answers: {}, channel: 'web', productId: a.productId, createdAt: a.at, updatedAt: a.at,
    })));
  }
  for (let i = 0; i < s.tickets.length; i += 300) {
    const chunk = s.tickets.slice(i, i + 300);
    await db.insert(tickets).values(chunk.map((t) => ({
      id: t.id, customerId: t.customerId, channel: 'phone' as const, subject: `مشکل ${t.line}`, productId: t.productId, status: 'closed' as const,
      firstResponseAt: new Date(t.at.getTime() + 1800_000), resolvedAt: t.resolvedAt, closedAt: t.resolvedAt, createdAt: t.at, updatedAt: t.resolvedAt,
    })));
    await db.insert(ticketMessages).values(chunk.flatMap((t) => Array.from({ length: t.replies }, (_, k) => ({
      ticketId: t.id, customerId: t.customerId, kind: 'reply' as const, body: 'پاسخ پشتیبانی', channel: 'none',
      createdAt: new Date(t.at.getTime() + 1800_000 + k * (t.resolvedAt.getTime() - t.at.getTime() - 1800_000) / Math.max(1, t.replies)),
    }))));
  }
}
