/**
 * What each step does, inside the step's transaction, as the system (the rule's author decided it). SMS and email go
 * through the outbox with the dedupe key automation:<run>:<step>, so even a step that ran twice queues one message.
 * Consent is checked when the step runs; advertising SMS wait outside the contact policy's quiet hours (21:00–09:00
 * Tehran by default), and every SMS and email for the customer's preferred contact hours when the record has them.
 * Marketing steps (an advertising SMS, an email marked marketing) also obey the suppression list and the frequency cap
 * (skipped with detail `suppressed` / `frequency_cap`), count toward the cap, and SMS use the advertising line.
 */
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { systemActor } from '../auth/index.ts';
import { loadVisibleCustomer, updateCustomer } from '../customers/index.ts';
import { queueMessage } from '../messaging/index.ts';
import { createTask } from '../tasks/index.ts';
import { renderCampaignText } from '../campaigns/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import type { AutomationAction } from '../../../common/automations.schemas.ts';
import { insideHours, nextInsideHours } from '../../../common/preferences.schemas.ts';
import { wallTimeIn } from '../../../common/zoned-time.ts';
import { isExtraAction, runExtraAction, type BranchResult } from './automations.steps.ts';
import { TEHRAN } from '../../../common/jalali.ts';
import { CONTACT_POLICY_DEFAULTS } from '../../../common/contact-policy.schemas.ts';
import { readContactPolicy, marketingBlock, isQuiet, nextSendingTime as policyNextSendingTime, type QuietHours } from '../contact-policy/index.ts';

export const SYSTEM = systemActor(DEFAULT_ROLES.admin.permissions);
const HOUR = 3_600_000;

export type StepContext = { runId: string; automationId: string; step: number; customerId: string; authorId: string | null; context: Record<string, unknown> };
export type StepResult = { outcome: string; detail?: string | null; waitUntil?: Date; postponeUntil?: Date };

/** The first moment from `now` at which advertising may be sent (the contact policy's quiet hours; the defaults unless given). */
export const nextSendingTime = (now: Date, q: QuietHours = CONTACT_POLICY_DEFAULTS): Date => policyNextSendingTime(now, q);

/**
 * When a message to this customer may go: at once when `now` is inside the customer's preferred hours (and, for
 * advertising, outside the quiet hours); else the earliest moment that is both. Hours that never meet the legal sending
 * hours give way to them (the law over the preference): deferred, never dropped.
 */
export function deliveryTime(now: Date, hours: { contactFrom: number | null; contactTo: number | null }, advertising: boolean, q: QuietHours = CONTACT_POLICY_DEFAULTS): Date {
  let t = now;
  for (let i = 0; i < 4; i++) {
    const p = nextInsideHours(t, hours.contactFrom, hours.contactTo);
    if (!advertising || !isQuiet(q, p)) return p;
    t = nextSendingTime(p, q);
    if (insideHours(minuteOfDay(t), hours.contactFrom ?? 0, hours.contactTo ?? 1440)) return t;
  }
  return nextSendingTime(now, q);
}
const minuteOfDay = (at: Date) => { const w = wallTimeIn(at, TEHRAN); return w.hour * 60 + w.minute; };

/** The customer's personal text, plus what the event brought: {number}/{شماره} (a quote's number) and {link}/{لینک}. */
function personal(body: string, c: { displayName: string; firstName: string | null; lastName: string | null; gender: string | null }, ctx: Record<string, unknown>): string {
  const text = renderCampaignText(body, { display_name: c.displayName, first_name: c.firstName, last_name: c.lastName, gender: c.gender });
  const extra: Record<string, string> = {};
  if (typeof ctx.number === 'string') { extra.number = ctx.number; extra['شماره'] = ctx.number; }
  if (typeof ctx.link === 'string') { extra.link = ctx.link; extra['لینک'] = ctx.link; }
  return text.replace(/\{([^{}\s]{1,20})\}/g, (whole, key: string) => extra[key] ?? whole);
}

const span = (amount: number, unit: 'hours' | 'days') => amount * (unit === 'days' ? 24 : 1) * HOUR;

export async function runAction(tx: Db, clock: Clock, s: StepContext, action: AutomationAction): Promise<BranchResult> {
  // Owner, field, survey, webhook, preferred channel and branch steps (automations.steps.ts); messages come back here.
  if (isExtraAction(action)) return runExtraAction(tx, clock, SYSTEM, s, action, (a) => runAction(tx, clock, s, a));
  const now = clock.now();
  if (action.kind === 'wait') return { outcome: 'waited', waitUntil: new Date(now.getTime() + span(action.amount, action.unit)) };
  const c = await loadVisibleCustomer(tx, SYSTEM, s.customerId, { forUpdate: action.kind === 'addTag' || action.kind === 'removeTag' });
  const dedupeKey = `automation:${s.runId}:${s.step}`;
  switch (action.kind) {
    case 'sms': {
      if (!c.smsConsent) return { outcome: 'skipped', detail: 'no SMS consent' };
      const mobile = c.phones.find((p) => /^\+989\d{9}$/.test(p.number))?.number;
      if (!mobile) return { outcome: 'skipped', detail: 'no mobile number' };
      const policy = action.advertising ? await readContactPolicy(tx) : undefined;
      const at = deliveryTime(now, c, action.advertising, policy);
      if (at > now) return { outcome: 'postponed', detail: c.contactFrom !== null ? 'preferred hours' : 'quiet hours', postponeUntil: at };
      const block = policy && await marketingBlock(tx, policy, now, { customerId: c.id, channel: 'sms', address: mobile });
      if (block) return { outcome: 'skipped', detail: block };
      const m = await queueMessage(tx, { customerId: c.id, channel: 'sms', address: mobile, body: personal(action.body, c, s.context), subjectType: 'automation', subjectId: s.runId, dedupeKey, createdBy: s.authorId,
        // Written at the step's time (the clock), marketing or not, so a rule's messages keep their order.
        at: now, ...(action.advertising ? { marketing: true, line: 'advertising' as const } : {}) });
      return { outcome: m ? 'queued' : 'already queued', detail: mobile };
    }
    case 'email': {
      if (!c.emailConsent) return { outcome: 'skipped', detail: 'no email consent' };
      const address = c.emails[0]?.address;
      if (!address) return { outcome: 'skipped', detail: 'no email address' };
      const at = deliveryTime(now, c, false);
      if (at > now) return { outcome: 'postponed', detail: 'preferred hours', postponeUntil: at };
      const block = action.marketing ? await marketingBlock(tx, await readContactPolicy(tx), now, { customerId: c.id, channel: 'email', address }) : null;
      if (block) return { outcome: 'skipped', detail: block };
      const m = await queueMessage(tx, { customerId: c.id, channel: 'email', address, subject: personal(action.subject, c, s.context), body: personal(action.body, c, s.context), subjectType: 'automation', subjectId: s.runId, dedupeKey, createdBy: s.authorId,
        at: now, ...(action.marketing ? { marketing: true } : {}) });
      return { outcome: m ? 'queued' : 'already queued', detail: address };
    }
    case 'task': {
      const assigneeId = c.ownerId ?? s.authorId;
      if (!assigneeId) return { outcome: 'skipped', detail: 'no owner' };
      const t = await createTask(tx, SYSTEM, clock, {
        title: personal(action.title, c, s.context), customerId: c.id, assigneeId, priority: 'normal',
        dueAt: new Date(now.getTime() + span(action.dueIn, action.unit)).toISOString(),
      });
      return { outcome: 'created', detail: t.id };
    }
    case 'addTag':
    case 'removeTag': {
      const has = c.tags.includes(action.tag);
      if (has === (action.kind === 'addTag')) return { outcome: 'unchanged', detail: action.tag };
      const tags = action.kind === 'addTag' ? [...c.tags, action.tag] : c.tags.filter((t) => t !== action.tag);
      await updateCustomer(tx, SYSTEM, clock, c.id, { tags });
      return { outcome: 'changed', detail: action.tag };
    }
    case 'setStage': {
      if (c.lifecycleStage === action.stage) return { outcome: 'unchanged', detail: action.stage };
      await updateCustomer(tx, SYSTEM, clock, c.id, { lifecycleStage: action.stage });
      return { outcome: 'changed', detail: action.stage };
    }
  }
}
