/**
 * The message log: every email and SMS to or from a customer. Sending is queued through the outbox in the caller's
 * transaction (so a rollback sends nothing and a crash loses nothing); the outbox's delivery updates the log here.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { afterCommit } from '../../db/tx.ts';
import { toIso } from '../../db/values.ts';
import { outbox } from '../notifications/index.ts';
import { onOutboxDelivery, notify, emailSender, type OutboxRow, type DeliveryOutcome, type Senders } from '../notifications/index.ts';
import type { EmailDriver } from '../../drivers/email/smtp.driver.ts';
import { messages } from './messaging.tables.ts';
import type { SmsDriver, SmsInboundRequest, SmsStatus } from '../../drivers/sms/index.ts';
import { isOptOut, isOptIn } from '../../drivers/sms/index.ts';
import { smsParts } from '../../../common/sms.ts';
import { AppError } from '../../errors.ts';

export type Attachment = { kind: string; id: string; filename: string };
export type NewMessage = {
  customerId: string | null;
  channel: 'email' | 'sms';
  address: string;
  subject?: string;
  body: string;
  html?: string;
  attachments?: Attachment[];
  /** Extra email headers (List-Unsubscribe …), made by the caller, never from user input. */
  headers?: Record<string, string>;
  subjectType?: string;
  subjectId?: string;
  /** Makes queueing idempotent: the same key never queues a second message. */
  dedupeKey: string;
  createdBy?: string | null;
  /** A marketing message: counted by the contact policy's frequency cap (campaigns, advertising automation steps). */
  marketing?: boolean;
  /** When it was queued by the caller's clock (the frequency cap counts by it); the database's now() otherwise. */
  at?: Date;
  /** SMS: go out from the advertising line when one is set (the service line otherwise). */
  line?: 'advertising';
};

type Resolved = { filename: string; content: Buffer; contentType: string };
const resolvers = new Map<string, (id: string) => Promise<Resolved>>();
/** How an attachment kind (e.g. a document's PDF) becomes bytes when the email is sent. */
export function registerAttachmentResolver(kind: string, fn: (id: string) => Promise<Resolved>) { resolvers.set(kind, fn); }

/** The outbox's senders for customer-facing channels: email with attachments made at sending time, SMS with the outbox id as the gateway's local id. */
export function channelSenders(email: EmailDriver | undefined, sms: SmsDriver | undefined, lines: { advertising?: string } = {}): Senders {
  return {
    email: email ? emailSender(email, async (row) => Promise.all(((row.payload as { attachments?: Attachment[] }).attachments ?? []).map(async (a) => {
      const resolve = resolvers.get(a.kind);
      if (!resolve) throw new AppError('INTERNAL', `No attachment resolver for ${a.kind}`);
      return { ...(await resolve(a.id)), filename: a.filename };
    }))) : undefined,
    sms: sms ? async (row) => {
      const p = row.payload as { text: string; line?: 'advertising' };
      // An advertising message goes out from the advertising line when one is set; the driver's own line otherwise.
      const from = p.line === 'advertising' && lines.advertising ? lines.advertising : undefined;
      const res = await sms.send({ to: row.recipient, text: p.text, ref: row.id, ...(from ? { from } : {}) });
      return { provider: sms.name, providerId: res.providerId, status: res.status };
    } : undefined,
  };
}

let queueHook: (outboxId: string, channel: 'email' | 'sms') => Promise<void> = async () => {};
/** Set by boot: how a committed outbox row gets its delivery job. */
export function setMessageQueueHook(fn: typeof queueHook) { queueHook = fn; }

const payloadOf = (m: NewMessage) => ({ subject: m.subject, text: m.body, html: m.html, attachments: m.attachments ?? [], ...(m.headers ? { headers: m.headers } : {}), ...(m.line ? { line: m.line } : {}) });
const metaOf = (m: NewMessage) => (m.channel === 'sms' ? { parts: smsParts(m.body).parts } : { attachments: (m.attachments ?? []).map((a) => a.filename) });

/** Queues an email or SMS in the caller's transaction. Returns undefined when the dedupe key was already used. */
export async function queueMessage(tx: Db, m: NewMessage): Promise<{ messageId: string; outboxId: string } | undefined> {
  if (m.channel === 'sms' && smsParts(m.body).parts > 10) throw new AppError('VALIDATION_FAILED', 'SMS text is too long', { body: 'at most 10 parts' });
  const [o] = await tx.insert(outbox).values({
    channel: m.channel, recipient: m.address, dedupeKey: m.dedupeKey, payload: payloadOf(m),
  }).onConflictDoNothing({ target: outbox.dedupeKey }).returning({ id: outbox.id });
  if (!o) return undefined;
  const [msg] = await tx.insert(messages).values({
    customerId: m.customerId, channel: m.channel, direction: 'out', address: m.address, subject: m.subject ?? null, body: m.body,
    status: 'queued', outboxId: o.id, subjectType: m.subjectType ?? null, subjectId: m.subjectId ?? null, createdBy: m.createdBy ?? null,
    meta: metaOf(m), marketing: m.marketing ?? false, ...(m.at ? { createdAt: m.at } : {}),
  }).returning({ id: messages.id });
  afterCommit(() => queueHook(o.id, m.channel));
  return { messageId: msg.id, outboxId: o.id };
}

const MAX_BULK = 5000;
/**
 * Many messages queued at once in the caller's transaction, as queueMessage does one by one but in two statements
 * (one multi-row outbox insert, one message-log insert) for up to 5,000 (more go in slices): a campaign's batch. The
 * answer is in the order given; undefined where the dedupe key was already used (before, or earlier in the list).
 */
export async function queueMessages(tx: Db, list: NewMessage[]): Promise<({ messageId: string; outboxId: string } | undefined)[]> {
  if (list.length > MAX_BULK) {
    const out: ({ messageId: string; outboxId: string } | undefined)[] = [];
    for (let i = 0; i < list.length; i += MAX_BULK) out.push(...await queueMessages(tx, list.slice(i, i + MAX_BULK)));
    return out;
  }
  for (const m of list) if (m.channel === 'sms' && smsParts(m.body).parts > 10) throw new AppError('VALIDATION_FAILED', 'SMS text is too long', { body: 'at most 10 parts' });
  const seen = new Set<string>();
  const fresh = list.filter((m) => !seen.has(m.dedupeKey) && seen.add(m.dedupeKey));
  if (!fresh.length) return list.map(() => undefined);
  // One multi-row insert (four parameters a row: well under PostgreSQL's 65,535 for a batch of MAX_BULK).
  const inserted = (await tx.insert(outbox).values(fresh.map((m) => ({ channel: m.channel, recipient: m.address, dedupeKey: m.dedupeKey, payload: payloadOf(m) })))
    .onConflictDoNothing({ target: outbox.dedupeKey }).returning({ id: outbox.id, dedupe_key: outbox.dedupeKey }));
  const outboxIds = new Map(inserted.map((r) => [r.dedupe_key, r.id]));
  const logged = fresh.filter((m) => outboxIds.has(m.dedupeKey));
  const messageIds = new Map<string, string>();
  if (logged.length) {
    const lcol = <T>(f: (m: NewMessage) => T) => sql.param(logged.map(f));
    const rows = (await tx.execute(sql`
      INSERT INTO messages (customer_id, channel, direction, address, subject, body, status, outbox_id, subject_type, subject_id, created_by, meta, marketing, created_at)
      SELECT v.customer_id, v.channel, 'out', v.address, v.subject, v.body, 'queued', v.outbox_id, v.subject_type, v.subject_id, v.created_by, v.meta::jsonb,
        coalesce(v.marketing, false), coalesce(v.at, now())
      FROM unnest(${lcol((m) => m.customerId)}::uuid[], ${lcol((m) => m.channel)}::text[], ${lcol((m) => m.address)}::text[], ${lcol((m) => m.subject ?? null)}::text[],
        ${lcol((m) => m.body)}::text[], ${lcol((m) => outboxIds.get(m.dedupeKey)!)}::uuid[], ${lcol((m) => m.subjectType ?? null)}::text[],
        ${lcol((m) => m.subjectId ?? null)}::uuid[], ${lcol((m) => m.createdBy ?? null)}::uuid[], ${lcol((m) => JSON.stringify(metaOf(m)))}::text[],
        ${lcol((m) => m.marketing ?? false)}::boolean[], ${lcol((m) => m.at?.toISOString() ?? null)}::timestamptz[])
        AS v(customer_id, channel, address, subject, body, outbox_id, subject_type, subject_id, created_by, meta, marketing, at)
      RETURNING id, outbox_id`)).rows as { id: string; outbox_id: string }[];
    for (const r of rows) messageIds.set(r.outbox_id, r.id);
    const queued = logged.map((m) => ({ id: outboxIds.get(m.dedupeKey)!, channel: m.channel }));
    afterCommit(async () => { for (const q of queued) await queueHook(q.id, q.channel); });
  }
  const taken = new Set<string>();
  return list.map((m) => {
    const outboxId = outboxIds.get(m.dedupeKey);
    if (!outboxId || taken.has(m.dedupeKey)) return undefined;
    taken.add(m.dedupeKey);
    return { messageId: messageIds.get(outboxId)!, outboxId };
  });
}

/** Keeps the message log in step with each delivery attempt (registered once at start). */
export function registerMessageDelivery(): void {
  onOutboxDelivery(async (tx: Db, row: OutboxRow, outcome: DeliveryOutcome) => {
    if (outcome.ok) {
      await tx.update(messages).set({
        status: (outcome.result.status === 'delivered' ? 'delivered' : 'sent'), provider: outcome.result.provider ?? null,
        providerId: outcome.result.providerId ?? null, providerStatus: outcome.result.status ?? null, error: null,
        attempts: row.attempts, updatedAt: new Date(),
      }).where(eq(messages.outboxId, row.id));
    } else {
      await tx.update(messages).set({ status: outcome.final ? 'failed' : 'queued', error: outcome.error.slice(0, 500), attempts: row.attempts, updatedAt: new Date() })
        .where(eq(messages.outboxId, row.id));
    }
  });
}

const FINAL: SmsStatus[] = ['delivered', 'failed', 'undelivered'];

/** Applies delivery reports (webhook or polling) to the log; returns how many messages changed. */
export async function applySmsStatuses(db: Db, provider: string, reports: { providerId: string; status: SmsStatus; providerStatus: string }[]) {
  let changed = 0;
  for (const r of reports) {
    if (r.status === 'unknown' || r.status === 'queued') continue;
    const res = await db.update(messages).set({ status: r.status === 'sent' ? 'sent' : r.status, providerStatus: r.providerStatus, updatedAt: new Date() })
      .where(and(eq(messages.provider, provider), eq(messages.providerId, r.providerId), sql`${messages.status} NOT IN ('delivered', 'failed', 'undelivered')`))
      .returning({ id: messages.id });
    changed += res.length;
  }
  return changed;
}

/** Asks the gateway about SMS still in flight (sent in the last 3 days, no final report yet). */
export async function pollSmsStatuses(db: Db, driver: SmsDriver, now: Date) {
  const rows = await db.select({ providerId: messages.providerId }).from(messages).where(and(
    eq(messages.channel, 'sms'), eq(messages.direction, 'out'), eq(messages.provider, driver.name), eq(messages.status, 'sent'),
    sql`${messages.providerId} IS NOT NULL AND ${messages.updatedAt} > ${new Date(now.getTime() - 3 * 86_400_000)}`)).limit(500);
  if (!rows.length) return 0;
  const reports = await driver.status(rows.map((r) => r.providerId!));
  return applySmsStatuses(db, driver.name, reports.filter((r) => FINAL.includes(r.status)));
}

export type InboundHooks = {
  /** Turns SMS consent off (opt-out) or on (opt-in) for the customer, audited, in the caller's transaction. */
  setSmsConsent(tx: Db, customerId: string, consent: boolean): Promise<void>;
  /** An opt-out (or opt-in) keyword from a number on no customer: the contact policy's suppression list takes it. */
  unknownNumberConsent?(tx: Db, phone: string, consent: boolean): Promise<void>;
  now(): Date;
};

/**
 * A gateway's webhook: delivery reports update the log; incoming texts are logged on the customer who has that
 * number (if any), an opt-out keyword withdraws SMS consent, and the customer's owner is notified.
 */
export type InboundText = { customerId: string; messageId: string; text: string; at: Date };
const inboundHandlers = new Map<string, (tx: Db, m: InboundText) => Promise<boolean | void>>();
/**
 * Lets another module act on a customer's incoming text in the same transaction (support adds it to the customer's
 * ticket; surveys take a texted-back score). Handlers run in the order they were first registered; one that returns
 * true has taken the text, and the later ones do not see it. Registering the same name again replaces the handler.
 */
export function registerInboundTextHandler(name: string, fn: (tx: Db, m: InboundText) => Promise<boolean | void>) { inboundHandlers.set(name, fn); }

export async function handleSmsWebhook(db: Db, driver: SmsDriver, req: SmsInboundRequest, hooks: InboundHooks) {
  const parsed = driver.parseInbound(req);
  const statuses = await applySmsStatuses(db, driver.name, parsed.statuses);
  let received = 0;
  for (const m of parsed.messages) {
    await db.transaction(async (t) => {
      const tx = t as unknown as Db;
      if (m.providerId) {
        const dup = await tx.select({ id: messages.id }).from(messages).where(and(eq(messages.provider, driver.name), eq(messages.providerId, m.providerId)));
        if (dup.length) return; // the gateway retried its webhook
      }
      const found = await tx.execute(sql`SELECT id, owner_id, display_name FROM customers WHERE phone_keys @> ARRAY[${m.from}]::text[] AND deleted_at IS NULL ORDER BY updated_at DESC LIMIT 1`);
      const customer = found.rows[0] as { id: string; owner_id: string | null; display_name: string } | undefined;
      const optOut = isOptOut(m.text);
      const optIn = !optOut && isOptIn(m.text);
      const [logged] = await tx.insert(messages).values({
        customerId: customer?.id ?? null, channel: 'sms', direction: 'in', address: m.from, body: m.text, status: 'received',
        provider: driver.name, providerId: m.providerId ?? null, meta: { optOut, optIn, receivedAt: m.receivedAt ?? null, to: m.to ?? null },
      }).returning({ id: messages.id });
      if (customer && (optOut || optIn)) await hooks.setSmsConsent(tx, customer.id, optIn);
      if (!customer && (optOut || optIn)) await hooks.unknownNumberConsent?.(tx, m.from, optIn);
      if (customer && !optOut && !optIn) {
        for (const handle of inboundHandlers.values()) {
          if (await handle(tx, { customerId: customer.id, messageId: logged.id, text: m.text, at: hooks.now() }) === true) break;
        }
      }
      if (customer?.owner_id) {
        await notify(tx, {
          userId: customer.owner_id, kind: 'sms_received', title: `پیامک از ${customer.display_name}`, body: m.text.slice(0, 200),
          link: `/customers/${customer.id}`, dedupeKey: `sms-in:${driver.name}:${m.providerId ?? `${m.from}:${m.text}:${m.receivedAt ?? ''}`}`,
        });
      }
      received++;
    });
  }
  return { statuses, received };
}

export function presentMessage(r: Record<string, unknown>) {
  return {
    id: String(r.id), channel: r.channel as 'email' | 'sms', direction: r.direction as 'in' | 'out', address: String(r.address),
    subject: (r.subject as string | null) ?? null, body: String(r.body), status: String(r.status), provider: (r.provider as string | null) ?? null,
    providerStatus: (r.provider_status as string | null) ?? null, error: (r.error as string | null) ?? null, attempts: Number(r.attempts ?? 0),
    subjectType: (r.subject_type as string | null) ?? null, subjectId: (r.subject_id as string | null) ?? null,
    meta: (r.meta as Record<string, unknown>) ?? {}, createdAt: toIso(r.created_at), updatedAt: toIso(r.updated_at),
  };
}
export type MessageView = ReturnType<typeof presentMessage>;

/** The messages about one thing (a document, a ticket), newest first. */
export async function messagesAbout(db: Db, subjectType: string, subjectId: string) {
  const res = await db.execute(sql`SELECT * FROM messages WHERE subject_type = ${subjectType} AND subject_id = ${subjectId} ORDER BY created_at DESC, id DESC LIMIT 100`);
  return res.rows.map((r) => presentMessage(r as Record<string, unknown>));
}
