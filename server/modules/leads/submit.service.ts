/**
 * A public submission, in one transaction: the customer is found (phone or email, any format) and completed, or
 * created as a website lead; the consents are stored with the text the person saw; a deal is opened if the form says
 * so; the owner comes from the form's rule; the submission is kept and announced (webhook 'lead.submitted').
 * A contact of an erased customer is not stored at all, and the person is thanked all the same.
 */
import { createHmac } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { toIso } from '../../db/values.ts';
import { systemActor, userBrief } from '../auth/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { customerCreate, emailInput, phoneInput } from '../../../common/customer.schemas.ts';
import { dealCreate } from '../../../common/sales.schemas.ts';
import { createCustomer, updateCustomer, findDuplicates, loadVisibleCustomer, erasedContactMatch } from '../customers/index.ts';
import { createDeal, loadStage } from '../sales/index.ts';
import { auditEvent } from '../audit/index.ts';
import { recordWebhookEvent } from '../webhooks/index.ts';
import { serverSecret } from '../settings/index.ts';
import type { LeadField } from '../../../common/leads.schemas.ts';
import { leadForms, leadPowSpent, leadSubmissions } from './leads.tables.ts';
import type { LeadFormRow } from './forms.service.ts';

const SYSTEM = systemActor(DEFAULT_ROLES.admin.permissions);

type Parsed = {
  person: { firstName?: string; lastName?: string; orgName?: string; city?: string; province?: string; nationalId?: string; birthday?: string };
  phone?: string; email?: string; custom: Record<string, unknown>; payload: Record<string, string>;
};

const str = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '').trim();
const checked = (v: unknown) => ['on', '1', 'true', 'yes'].includes(str(v).toLowerCase());

/** Reads the posted values against the form's fields; every problem is a VALIDATION_FAILED with a message per field key. */
export function parseSubmission(fields: readonly LeadField[], values: Record<string, unknown>): Parsed {
  const errors: Record<string, string> = {};
  const out: Parsed = { person: {}, custom: {}, payload: {} };
  for (const f of fields) {
    const v = str(values[f.key]).slice(0, f.type === 'textarea' ? 4000 : 500);
    if (!v) { if (f.required) errors[f.key] = 'required'; continue; }
    out.payload[f.key] = v;
    if (f.target === 'phone') {
      const p = phoneInput.safeParse({ number: v });
      if (p.success) out.phone = p.data.number; else errors[f.key] = 'not a valid phone number';
    } else if (f.target === 'email') {
      const e = emailInput.safeParse({ address: v });
      if (e.success) out.email = e.data.address; else errors[f.key] = 'not a valid email address';
    } else if (f.target.startsWith('custom:')) {
      out.custom[f.target.slice(7)] = f.type === 'number' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
    } else if (f.target !== 'note') {
      out.person[f.target as keyof Parsed['person']] = v;
    }
  }
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Some fields need fixing', errors);
  return out;
}

/** Maps the customer schema's complaints (by customer field) back to the form's field keys. */
function fieldErrors(fields: readonly LeadField[], issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const f = fields.find((x) => x.target === String(i.path[0]) || x.target === `custom:${String(i.path[1])}`);
    out[f?.key ?? String(i.path[0])] = i.message;
  }
  return out;
}

/** Whom the lead goes to: the next in the round robin (a counter on the form, taken under its row lock) or by a field's value. */
async function pickOwner(tx: Db, form: LeadFormRow, parsed: Parsed): Promise<string | null> {
  const rule = form.ownerRule;
  let id: string | null = null;
  if (rule.kind === 'round_robin') {
    const [r] = await tx.update(leadForms).set({ rrNext: sql`${leadForms.rrNext} + 1` }).where(eq(leadForms.id, form.id)).returning({ n: leadForms.rrNext });
    id = rule.userIds[(r.n - 1) % rule.userIds.length];
  } else if (rule.kind === 'field') {
    id = rule.map[parsed.payload[rule.field] ?? ''] ?? rule.fallbackUserId;
  }
  if (!id) return null;
  // A rule may name someone who has since left: the lead then has no owner rather than failing the visitor.
  const u = await userBrief(tx, id);
  return u?.active ? id : null;
}

export type SubmitInput = { values: Record<string, unknown>; ip: string; powSpent?: { challenge: string; expiresAt: Date } };
export type SubmitResult = { outcome: 'created' | 'updated' | 'erased'; customerId: string | null; dealId: string | null; submissionId: string | null };

/** Per address and form: a person sends a form a few times at most; a script is stopped here. */
export const LEAD_POSTS_PER_WINDOW = 5;
export const LEAD_POSTS_WINDOW_MS = 10 * 60_000;

/**
 * The submissions stored from this address for this form in the window, counted in the database, so the limit holds
 * across every instance of the app (each also counts attempts in its memory, before any work). Serialized per
 * address and form with a transaction lock, so two posts at once cannot both pass the last free place.
 */
async function assertUnderLimit(tx: Db, formId: string, ipHash: string, now: Date): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`lead-post:${formId}:${ipHash}`}))`);
  const since = new Date(now.getTime() - LEAD_POSTS_WINDOW_MS);
  const [r] = (await tx.execute(sql`
    SELECT count(*)::int AS n, min(at) AS first FROM (
      SELECT at FROM lead_submissions WHERE form_id = ${formId} AND ip_hash = ${ipHash} AND at > ${since}
      ORDER BY at DESC LIMIT ${LEAD_POSTS_PER_WINDOW}) w`)).rows as { n: number; first: string | Date | null }[];
  if (r.n >= LEAD_POSTS_PER_WINDOW) {
    const retryAfterSec = Math.max(1, Math.ceil((new Date(r.first!).getTime() + LEAD_POSTS_WINDOW_MS - now.getTime()) / 1000));
    throw new AppError('RATE_LIMITED', 'Too many requests; try again shortly', { retryAfterSec });
  }
}

export async function submitLead(tx: Db, clock: Clock, form: LeadFormRow, input: SubmitInput): Promise<SubmitResult> {
  const now = clock.now();
  const secret = await serverSecret(tx);
  const ipHash = createHmac('sha256', `lead-ip:${secret}`).update(input.ip).digest('hex').slice(0, 32);
  await assertUnderLimit(tx, form.id, ipHash, now);
  if (input.powSpent) {
    await tx.delete(leadPowSpent).where(sql`${leadPowSpent.expiresAt} < ${now}`);
    const spent = await tx.insert(leadPowSpent).values(input.powSpent).onConflictDoNothing().returning({ c: leadPowSpent.challenge });
    if (!spent.length) throw new AppError('BAD_REQUEST', 'This challenge was already used', { pow: 'reused' });
  }
  const parsed = parseSubmission(form.fields, input.values);
  const contacts = { phones: parsed.phone ? [parsed.phone] : [], emails: parsed.email ? [parsed.email] : [] };
  if ((await erasedContactMatch(tx, secret, contacts)).length) {
    return { outcome: 'erased', customerId: null, dealId: null, submissionId: null };
  }
  const consents = form.consents.filter((c) => checked(input.values[`consent_${c.channel}`]))
    .map((c) => ({ channel: c.channel, text: form.language === 'en' && c.text.en ? c.text.en : c.text.fa, at: now.toISOString() }));
  const sms = consents.some((c) => c.channel === 'sms') ? true : undefined;
  const mail = consents.some((c) => c.channel === 'email') ? true : undefined;
  const ownerId = await pickOwner(tx, form, parsed);

  const matches = await findDuplicates(tx, SYSTEM, { phones: contacts.phones, emails: contacts.emails });
  let customerId: string;
  let outcome: 'created' | 'updated';
  const p = parsed.person;
  if (matches[0]?.id) {
    outcome = 'updated';
    customerId = matches[0].id;
    const before = await loadVisibleCustomer(tx, SYSTEM, customerId, { forUpdate: true });
    const fill = <T>(cur: T | null | undefined, v: T | undefined) => (cur ? undefined : v);
    // The phone may be one customer's and the email another's: then neither gets the other's contact (no duplicate is made).
    const alone = matches.length === 1;
    const phones = alone && parsed.phone && !before.phoneKeys.includes(parsed.phone) ? [...before.phones, { number: parsed.phone, label: 'mobile' as const }] : undefined;
    const emails = alone && parsed.email && !before.emailKeys.includes(parsed.email) ? [...before.emails, { address: parsed.email }] : undefined;
    const custom = Object.fromEntries(Object.entries(parsed.custom).filter(([k]) => before.custom[k] === undefined || before.custom[k] === null || before.custom[k] === ''));
    await updateCustomer(tx, SYSTEM, clock, customerId, {
      firstName: fill(before.firstName, p.firstName), lastName: fill(before.lastName, p.lastName), orgName: fill(before.orgName, p.orgName),
      city: fill(before.city, p.city), province: fill(before.province, p.province), birthday: fill(before.birthday, p.birthday),
      phones, emails, custom: Object.keys(custom).length ? custom : undefined,
      smsConsent: sms, emailConsent: mail, ownerId: before.ownerId ? undefined : ownerId ?? undefined,
    });
  } else {
    outcome = 'created';
    const kind = !p.firstName && !p.lastName && p.orgName ? 'organization' as const : 'person' as const;
    const draft = customerCreate.safeParse({
      kind, firstName: p.firstName, lastName: p.lastName, orgName: p.orgName, city: p.city, province: p.province, nationalId: p.nationalId, birthday: p.birthday,
      phones: parsed.phone ? [{ number: parsed.phone, label: 'mobile', primary: true }] : [], emails: parsed.email ? [{ address: parsed.email }] : [],
      lifecycleStage: 'lead', source: 'website', smsConsent: sms ?? false, emailConsent: mail ?? false, custom: parsed.custom, force: true, ownerId,
    });
    if (!draft.success) throw new AppError('VALIDATION_FAILED', 'Some fields need fixing', fieldErrors(form.fields, draft.error.issues));
    const c = await createCustomer(tx, SYSTEM, clock, draft.data);
    customerId = c.id;
  }
  if (consents.length) await auditEvent(tx, SYSTEM, 'customer', customerId, customerId, 'consent', { via: 'lead_form', formId: form.id, consents });

  let dealId: string | null = null;
  // A deal needs an active owner: the rule's, else whoever made the form; with neither, the lead is kept without a deal.
  const dealOwner = ownerId ?? (form.createdBy && (await userBrief(tx, form.createdBy))?.active ? form.createdBy : null);
  if (form.createDeal && dealOwner) {
    // A stage removed since the form was saved: the deal starts in the default pipeline rather than losing the lead.
    const stageId = form.stageId && (await loadStage(tx, form.stageId)) ? form.stageId : undefined;
    const d = await createDeal(tx, SYSTEM, clock, dealCreate.parse({
      customerId, title: `${form.name}: ${p.firstName ?? ''} ${p.lastName ?? p.orgName ?? ''}`.trim().slice(0, 300), stageId, ownerId: dealOwner, source: 'web form',
    }));
    dealId = d.id;
  }
  const [sub] = await tx.insert(leadSubmissions).values({ formId: form.id, customerId, dealId, outcome, ipHash, payload: parsed.payload, consents, at: now }).returning();
  await recordWebhookEvent(tx, 'lead.submitted', {
    id: sub.id, formId: form.id, formName: form.name, customerId, dealId, outcome, ownerId, payload: parsed.payload, consents, at: toIso(now),
  }, { at: now });
  return { outcome, customerId, dealId, submissionId: sub.id };
}
