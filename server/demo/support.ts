/**
 * The demo's support desk: the 320 hand-written tickets of the labelled set (server/analytics/problem-groups.fixtures.ts,
 * 20 recurring problems) spread over the last four months of customers who bought something, with SLA deadlines from the
 * default policies and calendar, replies, notes and the agents' summaries; and service, maintenance and warranty
 * contracts, a few ending soon. All generated in memory, inserted by the caller.
 */
import type { Rng } from './prng.ts';
import type { Staff } from './people.ts';
import type { ProductInsert } from './catalog.ts';
import { PROBLEM_TICKETS, type ProductCode } from '../analytics/problem-groups.fixtures.ts';
import { DEFAULT_SLA, defaultCalendar, slaDeadlines, ticketSearchDoc } from '../modules/support/index.ts';
import type { tickets, ticketMessages, contracts, contractProducts } from '../modules/support/index.ts';
import { TICKET_CHANNELS } from '../../common/support.schemas.ts';

type TicketInsert = typeof tickets.$inferInsert & { id: string; createdAt: Date };
type MessageInsert = typeof ticketMessages.$inferInsert;
type ContractInsert = typeof contracts.$inferInsert & { id: string };
type ContractProductInsert = typeof contractProducts.$inferInsert;
type Customer = { id: string; createdAt?: Date | null; lifecycleStage?: string | null; ownerId?: string | null };

const DAY = 86_400_000;
const MINUTE = 60_000;

/** The demo catalog's product for each product of the labelled set. */
const PRODUCT_CODE: Record<ProductCode, string> = {
  'washing-machine': 'WM-FL-9', refrigerator: 'RF-TF-24', 'air-conditioner': 'AC-SPL-24', tv: 'TV-LED-50',
  dishwasher: 'DW-14', vacuum: 'VC-2400', microwave: 'MW-32', 'water-heater': 'WH-GAS-60',
};

const REPLIES = [
  'سلام، درخواست شما ثبت شد؛ همکار فنی تا پایان روز کاری تماس می‌گیرد.',
  'با پوزش از تأخیر، موضوع را پیگیری کردیم و نتیجه را پیامک می‌کنیم.',
  'لطفاً شمارهٔ سریال دستگاه را بفرستید تا وضعیت گارانتی بررسی شود.',
  'تکنسین برای فردا ساعت ۱۰ تا ۱۲ هماهنگ شد.',
];
const SUMMARIES = [
  'تکنسین اعزام شد؛ قطعه تعویض و دستگاه آزمایش شد. مشتری راضی بود.',
  'راهنمایی تلفنی؛ مشکل با تنظیم دستگاه برطرف شد.',
  'مبلغ اصلاح و فاکتور جدید ارسال شد.',
  'زمان ارسال دوباره هماهنگ شد و کالا تحویل شد.',
  'گارانتی فعال شد و کارت جدید پیامک شد.',
];
const NOTES = ['این مشتری قبلاً هم همین مشکل را داشته است.', 'قطعه در انبار مرکزی موجود است.', 'منتظر تأیید واحد مالی.'];
const PRIORITIES = ['low', 'normal', 'normal', 'normal', 'high', 'high', 'urgent'] as const;

export function makeSupport(rng: Rng, now: Date, staff: Staff[], customers: Customer[], products: ProductInsert[]) {
  const agents = staff.filter((s) => s.role === 'support');
  const sellers = staff.filter((s) => s.role === 'sales');
  const productId = new Map(products.map((p) => [p.code, p.id]));
  const buyers = customers.filter((c) => c.lifecycleStage === 'customer' || c.lifecycleStage === 'loyal' || c.lifecycleStage === 'at_risk');
  const pool = buyers.length ? buyers : customers;
  const calendar = defaultCalendar(now);
  const ticketRows: TicketInsert[] = [];
  const messages: MessageInsert[] = [];
  const audit: { at: Date; actorId: string | null; entityType: 'ticket' | 'contract'; entityId: string; customerId: string; action: 'create'; newValue: unknown }[] = [];

  let number = 0;
  for (const t of PROBLEM_TICKETS) {
    const customer = rng.pick(pool);
    const createdAt = new Date(now.getTime() - rng.int(1, 120 * 24 * 60) * MINUTE);
    const priority = rng.pick(PRIORITIES);
    const policy = DEFAULT_SLA[priority];
    const due = slaDeadlines(calendar, createdAt, policy);
    const agent = agents.length ? rng.pick(agents) : null;
    const ageDays = (now.getTime() - createdAt.getTime()) / DAY;
    // Older tickets are done; the last fortnight's are still being worked on, a few unassigned.
    const status = ageDays > 14 ? (rng.chance(0.7) ? 'closed' : 'resolved')
      : rng.pick(['new', 'open', 'open', 'waiting_customer', 'waiting_third_party', 'resolved'] as const);
    const assigned = status === 'new' ? null : agent;
    const id = rng.uuid();
    const firstResponseAt = status === 'new' ? null
      : new Date(Math.min(now.getTime(), createdAt.getTime() + rng.int(5, rng.chance(0.15) ? 3000 : 400) * MINUTE));
    const resolvedAt = status === 'resolved' || status === 'closed'
      ? new Date(Math.min(now.getTime(), createdAt.getTime() + rng.int(60, rng.chance(0.2) ? 9 * 24 * 60 : 3 * 24 * 60) * MINUTE)) : null;
    const channel = rng.pick(TICKET_CHANNELS);
    ticketRows.push({
      id, number: ++number, customerId: customer.id, channel, subject: t.subject, description: t.description, category: t.category,
      productId: t.product ? productId.get(PRODUCT_CODE[t.product]) ?? null : null, priority, status,
      assigneeId: assigned?.id ?? null, teamId: assigned?.teamId ?? null, tags: [],
      firstResponseDueAt: due.firstResponseDueAt, resolutionDueAt: due.resolutionDueAt, firstResponseAt, resolvedAt,
      closedAt: status === 'closed' ? resolvedAt : null, pausedAt: status === 'waiting_customer' ? new Date(now.getTime() - rng.int(10, 600) * MINUTE) : null,
      searchDoc: ticketSearchDoc(number, t.subject, t.description), createdBy: (assigned ?? (sellers.length ? rng.pick(sellers) : agent))?.id ?? null, createdAt, updatedAt: resolvedAt ?? firstResponseAt ?? createdAt,
    });
    audit.push({ at: createdAt, actorId: assigned?.id ?? null, entityType: 'ticket', entityId: id, customerId: customer.id, action: 'create', newValue: { number, subject: t.subject, priority, status: 'new' } });
    if (firstResponseAt) {
      messages.push({ ticketId: id, customerId: customer.id, kind: 'reply', body: rng.pick(REPLIES), channel: rng.chance(0.5) ? 'sms' : 'none', authorId: assigned?.id ?? null, createdAt: firstResponseAt });
    }
    if (rng.chance(0.3) && firstResponseAt) {
      messages.push({ ticketId: id, customerId: customer.id, kind: 'note', body: rng.pick(NOTES), channel: null, authorId: assigned?.id ?? null, createdAt: new Date(firstResponseAt.getTime() + MINUTE) });
    }
    if (resolvedAt) {
      messages.push({ ticketId: id, customerId: customer.id, kind: 'summary', body: rng.pick(SUMMARIES), channel: null, authorId: assigned?.id ?? null, createdAt: resolvedAt });
    }
  }

  const contractRows: ContractInsert[] = [];
  const contractItems: ContractProductInsert[] = [];
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const KINDS = [
    { kind: 'maintenance' as const, title: 'سرویس دوره‌ای کولر گازی', code: 'AC-SPL-24', value: 45_000_000n, level: 'gold' },
    { kind: 'warranty' as const, title: 'گارانتی تمدیدی دو ساله', code: 'WM-FL-9', value: 60_000_000n, level: null },
    { kind: 'service' as const, title: 'سرویس سالانهٔ پکیج و آبگرمکن', code: 'WH-GAS-60', value: 38_000_000n, level: 'silver' },
  ];
  for (let i = 0; i < 60; i++) {
    const customer = rng.pick(pool);
    const k = rng.pick(KINDS);
    // Started up to 11 months ago for a year: some end within the month (reminders due), a few already ended.
    const start = new Date(now.getTime() - rng.int(20, 400) * DAY);
    const end = new Date(start.getTime() + 364 * DAY);
    const id = rng.uuid();
    const owner = customer.ownerId ?? (sellers.length ? rng.pick(sellers).id : null);
    contractRows.push({
      id, number: i + 1, customerId: customer.id, kind: k.kind, title: k.title, level: k.level, startDate: day(start), endDate: day(end),
      value: k.value, status: end < now ? 'expired' : 'active', ownerId: owner, reminderDays: 30, remindCustomer: rng.chance(0.5),
      remindedAt: end < now ? end : null, createdBy: owner, createdAt: start, updatedAt: start,
    });
    const pid = productId.get(k.code);
    if (pid) contractItems.push({ contractId: id, productId: pid });
    audit.push({ at: start, actorId: owner, entityType: 'contract', entityId: id, customerId: customer.id, action: 'create', newValue: { title: k.title, startDate: day(start), endDate: day(end) } });
  }
  return { tickets: ticketRows, messages, contracts: contractRows, contractProducts: contractItems, audit };
}
