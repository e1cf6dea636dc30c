/**
 * Plants the journey story (journey-story.ts) in the demo business: the customers who had not bought yet (visitors,
 * leads, prospects; at most 500) get a first purchase of one product line, a delivery-satisfaction answer to the
 * demo's purchase survey (unhappy answers with their closed follow-up, as the rest of the demo), a support ticket for
 * most of them and maybe a repeat purchase. The washing-machine line is delivered slowly (its CSAT is low and its
 * unhappy customers buy again less), and a first ticket solved at first contact keeps the customer far more often.
 * Left out of a demo smaller than 1,000 customers (too few to see anything; the demo's own tests seed 200).
 */
import type { Rng } from './prng.ts';
import type { Staff } from './people.ts';
import type { ProductInsert } from './catalog.ts';
import { storyRows, STORY_SLOW_LINE, type Story } from './journey-story.ts';
import { DEFAULT_SLA, defaultCalendar, slaDeadlines, ticketSearchDoc } from '../modules/support/index.ts';

const HOUR = 3_600_000;
export const PLANT_MIN_CUSTOMERS = 1000;

type Customer = { id: string; displayName: string; lifecycleStage: string; ownerId: string | null };
type Row = Record<string, unknown>;
export type Planted = { story: Story; documents: Row[]; lines: Row[]; payments: Row[]; events: Row[]; responses: Row[]; tasks: Row[]; tickets: Row[]; messages: Row[] };

/** The story's rows for the demo (in memory; the caller inserts them). Marks the chosen customers as customers. */
export function plantJourneys(rng: Rng, now: Date, customers: Customer[], catalog: ProductInsert[], staff: Staff[], seller: unknown, purchaseSurveyId: string | null, firstTicketNumber: number): Planted | null {
  if (customers.length < PLANT_MIN_CUSTOMERS || !purchaseSurveyId) return null;
  const cohort = customers.filter((c) => ['visitor', 'lead', 'prospect'].includes(c.lifecycleStage)).slice(0, 500);
  // One product of each story line from the demo catalog, its category named as the story names it.
  const byCategory = new Map<string, ProductInsert & { category: string }>();
  for (const p of catalog) if (p.kind === 'product' && p.category && !byCategory.has(p.category)) byCategory.set(p.category, p as ProductInsert & { category: string });
  const lines = [...byCategory.values()].slice(0, 4);
  if (lines.length < 4 || cohort.length < 300) return null;
  const slow = lines.find((p) => /لباسشویی/.test(p.category)) ?? lines[1];
  const story = storyRows({
    seed: rng.int(1, 1_000_000), now, customerIds: cohort.map((c) => c.id), plantPain: true, plantMoment: true,
    products: lines.map((p) => ({ id: p.id, category: p.id === slow.id ? STORY_SLOW_LINE : p.category })),
  });
  // The story names the slow line STORY_SLOW_LINE; in the demo it is the catalog's own category.
  const category = (line: string) => (line === STORY_SLOW_LINE ? slow.category : line);
  for (const s of [...story.purchases, ...story.answers, ...story.tickets]) s.line = category(s.line);
  const byId = new Map(cohort.map((c) => [c.id, c]));
  for (const c of cohort) c.lifecycleStage = 'customer';
  const manager = staff.find((s) => s.role === 'manager') ?? staff[0];
  const agents = staff.filter((s) => s.role === 'support');
  const out: Planted = { story, documents: [], lines: [], payments: [], events: [], responses: [], tasks: [], tickets: [], messages: [] };
  const price = (id: string) => catalog.find((p) => p.id === id)?.price ?? 10_000_000n;
  const day = (d: Date) => new Date(d.getTime() + 3.5 * HOUR).toISOString().slice(0, 10);
  const invoiceOf = new Map<string, string>();
  for (const p of story.purchases) {
    const c = byId.get(p.customerId)!;
    const id = rng.uuid(), amount = price(p.productId);
    if (!invoiceOf.has(p.customerId)) invoiceOf.set(p.customerId, id);
    out.documents.push({ id, kind: 'invoice', status: 'paid', customerId: c.id, issueDate: day(p.at), seller, buyer: { name: c.displayName }, vatRateBp: 0,
      subtotal: amount, grandTotal: amount, paidTotal: amount, ownerId: c.ownerId, createdAt: p.at, updatedAt: p.at });
    out.lines.push({ documentId: id, position: 1, productId: p.productId, code: catalog.find((x) => x.id === p.productId)?.code ?? null, description: p.line, quantity: '1', unitPrice: amount, total: amount });
    out.payments.push({ documentId: id, customerId: c.id, amount, method: 'card', paidAt: p.at, createdBy: null, createdAt: p.at });
    out.events.push({ documentId: id, customerId: c.id, type: 'paid', actorId: null, data: {}, at: p.at });
  }
  for (const a of story.answers) {
    const c = byId.get(a.customerId)!;
    const r: Row = { id: rng.uuid(), surveyId: purchaseSurveyId, customerId: c.id, metric: 'csat', score: a.score, answers: { satisfaction: a.score }, channel: 'web',
      sourceType: 'document', sourceId: invoiceOf.get(c.id), agentId: c.ownerId, productId: a.productId, createdAt: a.at, updatedAt: a.at };
    if (a.score <= 2) {
      const owner = c.ownerId ?? manager.id, done = new Date(Math.min(now.getTime(), a.at.getTime() + 20 * HOUR));
      const task = { id: rng.uuid(), customerId: c.id, isPromise: false, title: `پیگیری نظر ناراضی ${c.displayName} دربارهٔ تحویل`, dueAt: new Date(a.at.getTime() + 24 * HOUR),
        assigneeId: owner, createdBy: owner, priority: 'high', status: 'done', completedAt: done, createdAt: a.at, updatedAt: done };
      out.tasks.push(task);
      Object.assign(r, { loopStatus: 'closed', loopTaskId: task.id, loopOwnerId: owner, loopNote: 'با مشتری تماس گرفتیم؛ تأخیر ارسال را پوزش خواستیم.', loopClosedBy: owner, loopClosedAt: done });
    }
    out.responses.push(r);
  }
  // Demo documents carry the owner of the invoice as the answer's agent; the invoice's owner is the customer's.
  const calendar = defaultCalendar(now);
  let number = firstTicketNumber;
  for (const t of story.tickets) {
    const agent = agents.length ? rng.pick(agents) : manager;
    const due = slaDeadlines(calendar, t.at, DEFAULT_SLA.normal);
    const subject = `پرسش دربارهٔ ${t.line}`;
    out.tickets.push({ id: t.id, number, customerId: t.customerId, channel: 'phone', subject, description: null, productId: t.productId, priority: 'normal', status: 'closed',
      assigneeId: agent.id, teamId: agent.teamId, tags: [], firstResponseDueAt: due.firstResponseDueAt, resolutionDueAt: due.resolutionDueAt,
      firstResponseAt: new Date(t.at.getTime() + 1800_000), resolvedAt: t.resolvedAt, closedAt: t.resolvedAt, searchDoc: ticketSearchDoc(number, subject, null),
      createdBy: agent.id, createdAt: t.at, updatedAt: t.resolvedAt });
    number++;
    for (let k = 0; k < t.replies; k++) {
      const at = new Date(t.at.getTime() + 1800_000 + (k * (t.resolvedAt.getTime() - t.at.getTime() - 1800_000)) / Math.max(1, t.replies));
      out.messages.push({ ticketId: t.id, customerId: t.customerId, kind: 'reply', body: k ? 'پیگیری شد؛ لطفاً دوباره امتحان کنید.' : 'سلام، راهنمایی لازم پیامک شد.', channel: 'none', authorId: agent.id, createdAt: at });
    }
  }
  return out;
}
