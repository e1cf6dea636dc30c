/**
 * A year of the demo shop's work: calls, meetings, messages, visits and notes on each customer's record,
 * promises made in them (kept, still open, or broken), everyone's own tasks, and the audit rows the app writes.
 */
import type { interactions } from '../modules/interactions/index.ts';
import type { tasks } from '../modules/tasks/index.ts';
import type { auditLog } from '../modules/audit/index.ts';
import { dayBounds } from '../modules/tasks/index.ts';
import type { Rng } from './prng.ts';
import type { CustomerInsert, Staff } from './people.ts';
import { SUMMARIES, PROMISE_TITLES, TASK_TITLES, BODIES } from './phrases.ts';
import { PRODUCTS, BRANDS } from './names.ts';

export type InteractionInsert = typeof interactions.$inferInsert & { id: string; occurredAt: Date };
export type TaskInsert = typeof tasks.$inferInsert & { id: string };
export type AuditInsert = typeof auditLog.$inferInsert;

const DAY = 86400_000;
const HOUR = 3600_000;
const CHANNEL: Record<string, string> = {
  call: 'phone', meeting: 'in_person', email: 'email', sms: 'sms', chat: 'chat', whatsapp: 'whatsapp',
  instagram: 'instagram', telegram: 'telegram', visit: 'in_person', note: 'internal',
};
/** How many touches a customer gets in the year, by stage: [min, max]. */
const TOUCHES: Record<string, [number, number]> = {
  visitor: [0, 2], lead: [1, 6], prospect: [3, 10], customer: [5, 16], loyal: [12, 30], at_risk: [6, 14], churned: [3, 10],
};
/** The last touch of a slipping customer is this long ago. */
const QUIET: Record<string, number> = { at_risk: 60 * DAY, churned: 180 * DAY };
const KINDS = { call: 40, sms: 14, whatsapp: 12, note: 8, visit: 8, meeting: 5, instagram: 6, email: 4, telegram: 2 } as const;

export class ActivityMaker {
  readonly interactions: InteractionInsert[] = [];
  readonly tasks: TaskInsert[] = [];
  readonly audit: AuditInsert[] = [];
  private sellers: Staff[];
  private support: Staff[];
  private marketing: Staff[];

  constructor(private rng: Rng, private now: Date, private staff: Staff[]) {
    this.sellers = staff.filter((s) => s.role === 'sales');
    this.support = staff.filter((s) => s.role === 'support');
    this.marketing = staff.filter((s) => s.role === 'marketing');
  }

  private fill(template: string, c?: CustomerInsert): string {
    const product = c?.interests?.length && this.rng.chance(0.7) ? this.rng.pick(c.interests) : this.rng.pick(PRODUCTS);
    return template.replace('{product}', product).replace('{brand}', this.rng.pick(BRANDS))
      .replace('{n}', String(this.rng.int(2, 12))).replace('{customer}', c?.displayName ?? '');
  }

  /** A business-hours instant (09–20 Tehran) on the day of `t`, never after now. */
  private workHour(t: number): Date {
    const tehranMidnight = Math.floor((t + 3.5 * HOUR) / DAY) * DAY - 3.5 * HOUR;
    const at = tehranMidnight + 9 * HOUR + this.rng.int(0, 11 * 3600) * 1000;
    return new Date(Math.min(at, this.now.getTime() - this.rng.int(1, 120) * 60_000));
  }

  /**
   * A due time people would set: the Tehran day of `t`, on the half hour between 09:00 and 18:00 (not clamped to
   * now: a due time may be ahead). Times are picked where the demo business works, whatever the machine's zone.
   */
  private dueHour(t: number): Date {
    const tehranMidnight = Math.floor((t + 3.5 * HOUR) / DAY) * DAY - 3.5 * HOUR;
    return new Date(tehranMidnight + 9 * HOUR + this.rng.int(0, 18) * 30 * 60_000);
  }

  /** Later today, in working hours while the day has some left (else within the evening: still today). */
  private laterToday(now: number, end: number): number {
    const lastSlot = end - 6 * HOUR; // 18:00 Tehran
    const first = Math.ceil((now + 30 * 60_000) / (30 * 60_000)) * 30 * 60_000;
    if (first <= lastSlot) return first + this.rng.int(0, Math.floor((lastSlot - first) / (30 * 60_000))) * 30 * 60_000;
    return Math.min(first, end - 10 * 60_000);
  }

  private author(c: CustomerInsert, kind: string): Staff {
    const owner = this.staff.find((s) => s.id === c.ownerId);
    if (kind === 'sms' && this.marketing.length && this.rng.chance(0.4)) return this.rng.pick(this.marketing);
    if (this.support.length && this.rng.chance(0.22)) return this.rng.pick(this.support);
    return owner && owner.role !== 'admin' ? owner : this.rng.pick(this.sellers);
  }

  /** The customer's year of touches; returns the latest one (the app moves updated_at to it). */
  forCustomer(c: CustomerInsert): Date | undefined {
    const rng = this.rng;
    const [lo, hi] = TOUCHES[c.lifecycleStage] ?? [1, 5];
    const n = Math.round(rng.int(lo, hi) * (c.kind === 'organization' ? 1.5 : 1));
    const from = Math.max(c.createdAt.getTime() + HOUR, this.now.getTime() - 365 * DAY);
    const to = this.now.getTime() - (QUIET[c.lifecycleStage] ?? 0);
    if (to <= from) return undefined;
    let last: Date | undefined;
    for (let i = 0; i < n; i++) {
      const at = this.workHour(from + rng.next() * (to - from));
      if (at.getTime() < c.createdAt.getTime()) continue;
      this.interaction(c, at);
      if (!last || at > last) last = at;
    }
    if (rng.chance(0.3) && ['customer', 'loyal', 'at_risk', 'churned'].includes(c.lifecycleStage)) {
      const at = new Date(from + rng.next() * (to - from));
      this.audit.push({ at, actorId: c.ownerId ?? this.rng.pick(this.sellers).id, entityType: 'customer', entityId: c.id, customerId: c.id, action: 'update', field: 'lifecycleStage', oldValue: 'lead', newValue: c.lifecycleStage });
    }
    return last;
  }

  private interaction(c: CustomerInsert, at: Date) {
    const rng = this.rng;
    const kind = rng.weighted(KINDS);
    const author = this.author(c, kind);
    let direction: 'in' | 'out' | null = null;
    let outcome: string | null = null;
    let durationSec: number | null = null;
    let pool: readonly string[] = SUMMARIES[kind];
    if (kind === 'call') {
      direction = rng.chance(0.55) ? 'in' : 'out';
      outcome = direction === 'in' ? rng.weighted({ answered: 90, completed: 10 }) : rng.weighted({ answered: 66, no_answer: 20, busy: 8, voicemail: 4, rescheduled: 2 });
      pool = direction === 'in' ? SUMMARIES.call_in : SUMMARIES.call_out;
      durationSec = outcome === 'answered' || outcome === 'completed' ? rng.int(25, 900) : rng.int(0, 30);
    } else if (kind === 'meeting') durationSec = rng.int(15, 90) * 60;
    else if (kind === 'sms' || kind === 'email') direction = 'out';
    else if (kind === 'whatsapp' || kind === 'instagram' || kind === 'telegram') direction = rng.chance(0.6) ? 'in' : 'out';
    const summary = outcome === 'no_answer' || outcome === 'busy' || outcome === 'voicemail'
      ? rng.pick(['تماس بی‌پاسخ؛ دوباره تماس می‌گیریم', 'مشغول بود؛ عصر دوباره تماس گرفته شود', 'پیغام صوتی گذاشتیم', 'جواب نداد؛ پیامک فرستادیم'])
      : this.fill(rng.pick(pool), c);
    const row: InteractionInsert = {
      id: rng.uuid(), customerId: c.id, kind, channel: CHANNEL[kind], direction, occurredAt: at, authorId: author.id, summary,
      body: rng.chance(0.25) ? rng.pick(BODIES) : null, durationSec, outcome, createdAt: at, updatedAt: at,
    };
    this.interactions.push(row);
    this.audit.push({ at, actorId: author.id, entityType: 'interaction', entityId: row.id, customerId: c.id, action: 'create', newValue: { kind, summary } });
    const talked = kind !== 'call' || outcome === 'answered' || outcome === 'completed';
    // Recent conversations more often end with a promise still to keep.
    const recent = this.now.getTime() - at.getTime() < 14 * DAY;
    if (talked && ['call', 'meeting', 'visit', 'whatsapp'].includes(kind) && rng.chance(recent ? 0.4 : 0.12)) this.promise(c, row, author);
  }

  /** A promise made in the interaction, due one to ten days later. */
  private promise(c: CustomerInsert, i: InteractionInsert, author: Staff) {
    const rng = this.rng;
    const due = this.dueHour(i.occurredAt.getTime() + rng.int(1, 10) * DAY);
    const dueAt = due.getTime() > i.occurredAt.getTime() ? due : this.dueHour(i.occurredAt.getTime() + (rng.int(1, 10) + 1) * DAY);
    const age = this.now.getTime() - dueAt.getTime();
    // Recent promises are still being chased (some late); old ones were mostly kept, a few dropped, a few forgotten.
    const status = age <= 0 ? 'open' : age < 30 * DAY ? rng.weighted({ done: 70, open: 30 }) : rng.weighted({ done: 92, cancelled: 3, open: 5 });
    const kept = status === 'done';
    const reminderAt = new Date(dueAt.getTime() - HOUR);
    this.task({
      id: rng.uuid(), customerId: c.id, interactionId: i.id, isPromise: true, title: this.fill(rng.pick(PROMISE_TITLES), c),
      dueAt, assigneeId: author.id, createdBy: author.id, priority: 'normal', status,
      reminderAt, remindedAt: reminderAt.getTime() <= this.now.getTime() ? reminderAt : null,
      completedAt: kept ? new Date(Math.min(this.now.getTime(), dueAt.getTime() + rng.int(-2 * 3600, 20 * 3600) * 1000)) : null,
      createdAt: i.occurredAt, updatedAt: kept ? dueAt : i.occurredAt,
    });
  }

  private task(t: TaskInsert) {
    this.tasks.push(t);
    this.audit.push({ at: t.createdAt as Date, actorId: t.createdBy, entityType: 'task', entityId: t.id, customerId: t.customerId ?? null, action: 'create', newValue: { title: t.title, isPromise: t.isPromise } });
  }

  /** Each person's own to-do list: some due today, some overdue, some upcoming, a few done. */
  forStaff(member: Staff, theirCustomers: CustomerInsert[]) {
    const rng = this.rng;
    const now = this.now.getTime();
    const { end } = dayBounds(this.now, 'Asia/Tehran');
    const plan: [string, () => number][] = [
      // Due times in working hours (Tehran), as people set them.
      ['today', () => this.laterToday(now, end.getTime())],
      ['today', () => this.laterToday(now, end.getTime())],
      ['overdue', () => this.dueHour(now - rng.int(1, 6) * DAY).getTime()],
      ['overdue', () => this.dueHour(now - rng.int(1, 3) * DAY).getTime()],
      ['upcoming', () => this.dueHour(end.getTime() + rng.int(0, 10) * DAY + HOUR).getTime()],
      ['upcoming', () => this.dueHour(end.getTime() + rng.int(0, 10) * DAY + HOUR).getTime()],
      ['upcoming', () => this.dueHour(end.getTime() + rng.int(0, 20) * DAY + HOUR).getTime()],
      ['done', () => this.dueHour(now - rng.int(2, 30) * DAY).getTime()],
      ['done', () => this.dueHour(now - rng.int(2, 30) * DAY).getTime()],
    ];
    for (const [bucket, when] of plan) {
      const c = theirCustomers.length && member.role !== 'manager' && rng.chance(0.8) ? rng.pick(theirCustomers) : undefined;
      const titles = c ? TASK_TITLES.filter((t) => t.includes('{customer}')) : TASK_TITLES.filter((t) => !t.includes('{customer}'));
      const dueAt = new Date(when());
      const createdAt = new Date(Math.min(dueAt.getTime(), now) - rng.int(1, 10) * DAY);
      this.task({
        id: rng.uuid(), customerId: c?.id ?? null, isPromise: false, title: this.fill(rng.pick(titles), c), dueAt,
        assigneeId: member.id, createdBy: member.id, priority: rng.weighted({ low: 15, normal: 55, high: 22, urgent: 8 }),
        status: bucket === 'done' ? 'done' : 'open', completedAt: bucket === 'done' ? dueAt : null,
        createdAt, updatedAt: bucket === 'done' ? dueAt : createdAt,
      });
    }
  }
}
