/**
 * Tickets: the customer, subject, description, status, priority, category, channel, the date it was opened and the
 * other system's ticket number (the duplicate key among imports). Made by createTicket as of the opening date (its
 * SLA clocks run from then), then set to the file's status without a live change's effects (no survey, no webhook).
 * On duplicate: skip, update (subject, description, category and priority through updateTicket; undo puts them back)
 * or create another.
 */
import type { Db } from '../../../db/client.ts';
import type { Clock } from '../../../clock.ts';
import { AppError } from '../../../errors.ts';
import { categoryForImport, createTicket, deleteImportedTicket, getTicket, settleImportedTicket, updateTicket } from '../../support/index.ts';
import { faNorm } from '../../../../common/fa-normalize.ts';
import { ticketCreate, ticketUpdate, TICKET_STATUSES, type TicketCreate } from '../../../../common/support.schemas.ts';
import { IMPORT_KIND_OBJECTS, TICKET_IMPORT_FIELDS, type ImportMapping, type ImportOptions } from '../../../../common/imports.schemas.ts';
import { CUSTOMER_KEY_ALIASES, customerKeyOf, customerKeyShown, resolveCustomer, type CustomerKey } from './customer-key.ts';
import { parseDay } from './cells.ts';
import { priorRecord } from './prior.ts';
import { fieldsOf, firstOf, issuesOf, noonTehran, rowByRow, timeOfCell, type InputRow, type KindContext, type KindDef, type Mapped, type UndoRow } from './kind.ts';

type Status = (typeof TICKET_STATUSES)[number];
type TicketRowIn = { customer: CustomerKey; input: Omit<TicketCreate, 'customerId'>; status: Status; openedAt: string | null; number: string | null };
const PLACEHOLDER = '00000000-0000-4000-8000-000000000000';

const aliases: Record<string, string[]> = {
  ...CUSTOMER_KEY_ALIASES,
  subject: ['موضوع', 'عنوان', 'subject', 'title'],
  description: ['شرح', 'توضیحات', 'متن', 'شرح مشکل', 'description', 'details', 'body'],
  status: ['وضعیت', 'status', 'state'],
  priority: ['اولویت', 'فوریت', 'priority', 'urgency'],
  category: ['دسته', 'دسته بندی', 'گروه', 'category', 'type'],
  date: ['تاریخ', 'تاریخ ثبت', 'تاریخ ایجاد', 'date', 'created', 'created at', 'opened'],
  ticketNumber: ['شماره تیکت', 'شماره درخواست', 'شماره', 'ticket', 'ticket number', 'ticket id', 'ticket no', 'number'],
  channel: ['کانال', 'راه ارتباط', 'channel', 'source'],
};

const STATUSES: Record<string, Status> = {
  new: 'new', جدید: 'new', open: 'open', باز: 'open', 'در حال بررسی': 'open', 'in progress': 'open', pending: 'waiting_customer',
  'waiting customer': 'waiting_customer', waiting_customer: 'waiting_customer', 'در انتظار مشتری': 'waiting_customer', 'منتظر مشتری': 'waiting_customer',
  waiting_third_party: 'waiting_third_party', 'در انتظار': 'waiting_third_party',
  resolved: 'resolved', solved: 'resolved', 'حل شده': 'resolved', 'حل‌شده': 'resolved', انجام: 'resolved', 'انجام شده': 'resolved',
  closed: 'closed', بسته: 'closed', 'بسته شده': 'closed',
};
const PRIORITIES: Record<string, TicketCreate['priority']> = {
  low: 'low', کم: 'low', پایین: 'low', normal: 'normal', medium: 'normal', عادی: 'normal', متوسط: 'normal',
  high: 'high', زیاد: 'high', بالا: 'high', urgent: 'urgent', فوری: 'urgent', بحرانی: 'urgent',
};
const CHANNELS: Record<string, TicketCreate['channel']> = {
  phone: 'phone', تلفن: 'phone', تماس: 'phone', email: 'email', ایمیل: 'email', sms: 'sms', پیامک: 'sms', web: 'web', سایت: 'web', وب: 'web',
  walk_in: 'walk_in', حضوری: 'walk_in', social: 'social', 'شبکه اجتماعی': 'social',
};
const lookup = <T>(table: Record<string, T>, cell: string): T | undefined => table[cell.trim().toLowerCase()] ?? table[faNorm(cell)];

function map(cells: string[], mapping: ImportMapping, options: ImportOptions): Mapped<TicketRowIn> {
  const f = fieldsOf(cells, mapping);
  const errors: string[] = [];
  const customer = customerKeyOf(f, errors);
  const pick = <T>(field: string, table: Record<string, T>, fallback: T, what: string): T => {
    const c = firstOf(f, field);
    if (!c) return fallback;
    const v = lookup(table, c);
    if (v === undefined) errors.push(`${field}: "${c}" is not ${what}`);
    return v ?? fallback;
  };
  const status = pick('status', STATUSES, 'open' as Status, 'a ticket status (open, resolved, closed …)');
  const priority = pick('priority', PRIORITIES, 'normal' as TicketCreate['priority'], 'a priority (low, normal, high, urgent)');
  const channel = pick('channel', CHANNELS, 'phone' as TicketCreate['channel'], 'a channel (phone, email, sms, web, walk_in, social)');
  const dateCell = firstOf(f, 'date');
  let openedAt: string | null = null;
  if (dateCell) { const d = parseDay(dateCell, options.dates); if (d.ok) openedAt = noonTehran(d.iso, timeOfCell(dateCell)).toISOString(); else errors.push(`date: ${d.reason}`); }
  const description = firstOf(f, 'description');
  const raw = { customerId: PLACEHOLDER, channel, priority, subject: firstOf(f, 'subject') ?? description?.slice(0, 120) ?? '', description, category: firstOf(f, 'category') };
  const parsed = ticketCreate.safeParse(raw);
  if (!parsed.success) errors.push(...issuesOf(parsed.error.issues));
  if (errors.length || !customer || !parsed.success) return { ok: false, errors };
  const { customerId: _c, ...input } = parsed.data;
  const number = firstOf(f, 'ticketNumber')?.slice(0, 100) ?? null;
  return { ok: true, value: { customer, input, status, openedAt, number }, shown: { customer: customerKeyShown(customer), ticketNumber: number, ...input, status, date: openedAt } };
}

const at = (iso: string | null, clock: Clock): Clock => (iso ? { now: () => new Date(iso) } : clock);

async function writeChunk(ctx: KindContext, rows: InputRow[], mapping: ImportMapping) {
  const customers = new Map<string, string | null>();
  const madeHere = new Map<string, string>();
  return rowByRow(ctx, rows, (cells) => map(cells, mapping, ctx.options), async (tx: Db, v) => {
    const who = await resolveCustomer(tx, ctx.actor, v.customer, customers);
    if ('reason' in who) throw new AppError('VALIDATION_FAILED', who.reason);
    // The file's category in the business's words: a defined one by key or name, else a new one named so.
    if (v.input.category) v = { ...v, input: { ...v.input, category: await categoryForImport(tx, v.input.category) } };
    const key = v.number ? 'T:' + v.number : null;
    const prior = key ? madeHere.get(key) ?? (await priorRecord(tx, 'tickets', key))?.recordId : undefined;
    if (prior && ctx.options.onDuplicate === 'skip') return { outcome: 'skipped', customerId: who.id, recordId: prior, recordKey: key, reason: 'duplicate (ticket number)' };
    if (prior && ctx.options.onDuplicate === 'update') {
      const { ticket } = await getTicket(tx, ctx.actor, ctx.clock, prior);
      const before = ticket as unknown as Record<string, unknown>;
      const patch: Record<string, unknown> = {};
      const previous: Record<string, unknown> = {};
      for (const k of ['subject', 'description', 'category', 'priority'] as const) {
        const now = v.input[k] ?? null;
        if (now !== null && now !== (before[k] ?? null)) { patch[k] = now; previous[k] = before[k] ?? null; }
      }
      if (Object.keys(patch).length) await updateTicket(tx, ctx.actor, ctx.clock, prior, ticketUpdate.parse(patch));
      return { outcome: 'updated', customerId: who.id, recordId: prior, recordKey: key, previous };
    }
    const clock = at(v.openedAt, ctx.clock);
    const t = await createTicket(tx, ctx.actor, clock, { ...v.input, customerId: who.id });
    await settleImportedTicket(tx, t.id, v.status, clock.now());
    if (key) madeHere.set(key, t.id);
    return { outcome: 'created', customerId: who.id, recordId: t.id, recordKey: key };
  });
}

async function undo(tx: Db, actor: KindContext['actor'], clock: Clock, rows: UndoRow[]) {
  let removed = 0;
  let reverted = 0;
  for (const r of rows.filter((x) => x.outcome === 'updated' && x.recordId && x.previous && Object.keys(x.previous).length).sort((a, b) => b.rowNo - a.rowNo)) {
    try {
      await updateTicket(tx, actor, clock, r.recordId!, ticketUpdate.parse(r.previous));
      reverted++;
    } catch (err) {
      if (!(err instanceof AppError && (err.code === 'NOT_FOUND' || err.code === 'CONFLICT'))) throw err;
    }
  }
  for (const r of rows.filter((x) => x.outcome === 'created' && x.recordId)) if (await deleteImportedTicket(tx, actor, r.recordId!)) removed++;
  return { removed, reverted };
}

export const ticketsKind: KindDef<TicketRowIn> = { kind: 'tickets', object: IMPORT_KIND_OBJECTS.tickets, fields: TICKET_IMPORT_FIELDS, aliases, map, writeChunk, undo };
