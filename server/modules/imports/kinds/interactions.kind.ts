/**
 * Interactions: the customer (by code, phone, email or national ID), kind (Persian or English labels), date (and
 * time, else noon Tehran), summary, body and the user who had it (by email). Through createInteraction. A row equal
 * to one an earlier import made (same customer, kind, time and summary) is a duplicate: skipped, or with
 * on-duplicate=create made again; "update" skips too (an interaction is an event, not a record to refresh).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { users } from '../../auth/index.ts';
import { createInteraction, deleteInteraction } from '../../interactions/index.ts';
import { AppError } from '../../../errors.ts';
import { faNorm } from '../../../../common/fa-normalize.ts';
import { interactionCreate, type InteractionCreate } from '../../../../common/activity.schemas.ts';
import { IMPORT_KIND_OBJECTS, INTERACTION_IMPORT_FIELDS, type ImportMapping, type ImportOptions } from '../../../../common/imports.schemas.ts';
import { CUSTOMER_KEY_ALIASES, customerKeyOf, customerKeyShown, resolveCustomer, type CustomerKey } from './customer-key.ts';
import { parseDay } from './cells.ts';
import { priorRecord } from './prior.ts';
import { fieldsOf, firstOf, issuesOf, noonTehran, rowByRow, shortHash, timeOfCell, type InputRow, type KindContext, type KindDef, type Mapped, type UndoRow } from './kind.ts';

type InteractionRowIn = { customer: CustomerKey; input: Omit<InteractionCreate, 'customerId'>; userEmail: string | null };
const PLACEHOLDER = '00000000-0000-4000-8000-000000000000';

const aliases: Record<string, string[]> = {
  ...CUSTOMER_KEY_ALIASES,
  interactionKind: ['نوع', 'نوع تعامل', 'نوع ارتباط', 'کانال', 'kind', 'type', 'interaction type', 'channel'],
  date: ['تاریخ', 'زمان', 'تاریخ و ساعت', 'date', 'time', 'occurred at', 'datetime'],
  summary: ['خلاصه', 'عنوان', 'موضوع', 'summary', 'subject', 'title'],
  body: ['شرح', 'متن', 'توضیحات', 'یادداشت', 'body', 'text', 'details', 'notes', 'description'],
  userEmail: ['کاربر', 'کارشناس', 'ایمیل کاربر', 'کارمند', 'user', 'user email', 'agent', 'owner'],
  direction: ['جهت', 'ورودی/خروجی', 'direction', 'in/out'],
};

const KINDS: Record<string, InteractionCreate['kind']> = {
  call: 'call', phone: 'call', 'phone call': 'call', تماس: 'call', تلفن: 'call', 'تماس تلفنی': 'call',
  meeting: 'meeting', جلسه: 'meeting', ملاقات: 'meeting', email: 'email', 'e-mail': 'email', ایمیل: 'email',
  sms: 'sms', پیامک: 'sms', 'پیام کوتاه': 'sms', chat: 'chat', گفتگو: 'chat', چت: 'chat', whatsapp: 'whatsapp', واتساپ: 'whatsapp',
  instagram: 'instagram', اینستاگرام: 'instagram', telegram: 'telegram', تلگرام: 'telegram',
  visit: 'visit', بازدید: 'visit', مراجعه: 'visit', حضوری: 'visit', note: 'note', یادداشت: 'note',
};
const DIRECTIONS: Record<string, 'in' | 'out'> = { in: 'in', incoming: 'in', inbound: 'in', ورودی: 'in', out: 'out', outgoing: 'out', outbound: 'out', خروجی: 'out' };

function map(cells: string[], mapping: ImportMapping, options: ImportOptions): Mapped<InteractionRowIn> {
  const f = fieldsOf(cells, mapping);
  const errors: string[] = [];
  const customer = customerKeyOf(f, errors);
  const kindCell = firstOf(f, 'interactionKind');
  const kind = kindCell ? KINDS[faNorm(kindCell)] ?? KINDS[kindCell.trim().toLowerCase()] : 'note';
  if (!kind) errors.push(`interactionKind: "${kindCell}" is not a kind of interaction (call, meeting, email, sms, visit, note …)`);
  const dirCell = firstOf(f, 'direction');
  const direction = dirCell ? DIRECTIONS[dirCell.trim().toLowerCase()] : undefined;
  if (dirCell && !direction) errors.push(`direction: "${dirCell}" is neither in nor out`);
  const dateCell = firstOf(f, 'date');
  let occurredAt: string | undefined;
  if (dateCell) { const d = parseDay(dateCell, options.dates); if (d.ok) occurredAt = noonTehran(d.iso, timeOfCell(dateCell)).toISOString(); else errors.push(`date: ${d.reason}`); }
  const body = firstOf(f, 'body');
  const summary = firstOf(f, 'summary') ?? body?.slice(0, 200) ?? '';
  const raw = {
    customerId: PLACEHOLDER, kind: kind ?? 'note', summary, body: body ?? null, promises: [], ...(occurredAt ? { occurredAt } : {}),
    // A call needs a direction; a file that does not say is taken as calls the business made.
    ...(kind === 'call' || direction ? { direction: direction ?? 'out' } : {}),
  };
  const parsed = interactionCreate.safeParse(raw);
  if (!parsed.success) errors.push(...issuesOf(parsed.error.issues));
  if (errors.length || !customer || !parsed.success) return { ok: false, errors };
  const { customerId: _c, ...input } = parsed.data;
  const userEmail = firstOf(f, 'userEmail')?.toLowerCase() ?? null;
  return { ok: true, value: { customer, input, userEmail }, shown: { customer: customerKeyShown(customer), ...input, userEmail } };
}

async function writeChunk(ctx: KindContext, rows: InputRow[], mapping: ImportMapping) {
  const customers = new Map<string, string | null>();
  const usersByEmail = new Map<string, string | null>();
  const madeHere = new Map<string, string>();
  return rowByRow(ctx, rows, (cells) => map(cells, mapping, ctx.options), async (tx: Db, v) => {
    const who = await resolveCustomer(tx, ctx.actor, v.customer, customers);
    if ('reason' in who) throw new AppError('VALIDATION_FAILED', who.reason);
    let authorId: string | undefined;
    if (v.userEmail) {
      if (!usersByEmail.has(v.userEmail)) {
        const [u] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${v.userEmail}`);
        usersByEmail.set(v.userEmail, u?.id ?? null);
      }
      authorId = usersByEmail.get(v.userEmail) ?? undefined;
      if (!authorId) throw new AppError('VALIDATION_FAILED', `userEmail: no user with the email ${v.userEmail}`);
    }
    const key = 'I:' + shortHash([who.id, v.input.kind, v.input.occurredAt ?? '', faNorm(v.input.summary)].join('|'));
    const prior = madeHere.get(key) ?? (await priorRecord(tx, 'interactions', key))?.recordId;
    if (prior && ctx.options.onDuplicate !== 'create') return { outcome: 'skipped', customerId: who.id, recordId: prior, recordKey: key, reason: 'duplicate (same customer, kind, time and summary)' };
    const r = await createInteraction(tx, ctx.actor, ctx.clock, { ...v.input, customerId: who.id }, authorId ? { authorId } : {});
    madeHere.set(key, r.interaction.id);
    return { outcome: 'created', customerId: who.id, recordId: r.interaction.id, recordKey: key };
  });
}

async function undo(tx: Db, actor: KindContext['actor'], clock: KindContext['clock'], rows: UndoRow[]) {
  let removed = 0;
  for (const r of rows.filter((x) => x.outcome === 'created' && x.recordId)) {
    try {
      await deleteInteraction(tx, actor, clock, r.recordId!);
      removed++;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err;
    }
  }
  return { removed, reverted: 0 };
}

export const interactionsKind: KindDef<InteractionRowIn> = { kind: 'interactions', object: IMPORT_KIND_OBJECTS.interactions, fields: INTERACTION_IMPORT_FIELDS, aliases, map, writeChunk, undo };
