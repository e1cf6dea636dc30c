/**
 * The steps beyond messages, tasks and tags: assign an owner (a user, or round-robin in a team), update a field,
 * start a survey, call a registered webhook endpoint, send by the customer's preferred channel, and branch on a
 * condition. Each runs inside the step's transaction as the system, like the others (automations.actions.ts).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { users } from '../auth/index.ts';
import { loadVisibleCustomer, presentCustomer, updateCustomer } from '../customers/index.ts';
import { sendSurvey } from '../surveys/index.ts';
import { queueEndpointEvent } from '../webhooks/index.ts';
import { compileContext, compileRules } from '../segments/index.ts';
import { customerUpdate } from '../../../common/customer.schemas.ts';
import { SETTABLE_FIELDS, type AutomationAction, type SimpleAutomationAction } from '../../../common/automations.schemas.ts';
import { automations } from './automations.tables.ts';

export type ExtraAction = Extract<AutomationAction, { kind: 'preferredChannel' | 'assignOwner' | 'setField' | 'startSurvey' | 'webhook' | 'branch' }>;
const EXTRA = new Set(['preferredChannel', 'assignOwner', 'setField', 'startSurvey', 'webhook', 'branch']);
export const isExtraAction = (a: AutomationAction): a is ExtraAction => EXTRA.has(a.kind);

/** What a step knows and answers (as automations.actions.ts's; repeated here so the two files do not import each other). */
type StepContext = { runId: string; automationId: string; step: number; customerId: string; authorId: string | null };
type StepResult = { outcome: string; detail?: string | null; waitUntil?: Date; postponeUntil?: Date };
/** A branch's result also names the steps that run next (the runner puts them after the branch in the run's own copy). */
export type BranchResult = StepResult & { insert?: SimpleAutomationAction[] };
type Basic = (action: AutomationAction) => Promise<StepResult>;
type Actor = Parameters<typeof loadVisibleCustomer>[1];

/** The team's next member after the one this automation assigned last (by id order; inactive users skipped). */
async function nextInTeam(tx: Db, automationId: string, teamId: string): Promise<string | null> {
  const members = await tx.select({ id: users.id }).from(users).where(and(eq(users.teamId, teamId), eq(users.active, true))).orderBy(asc(users.id));
  if (!members.length) return null;
  // One rotation per automation: runs of the same rule take turns in order (the rule's row lock keeps two workers apart).
  await tx.select({ id: automations.id }).from(automations).where(eq(automations.id, automationId)).for('update');
  const [last] = (await tx.execute(sql`SELECT l ->> 'detail' AS user_id FROM automation_runs r, jsonb_array_elements(r.log) l
    WHERE r.automation_id = ${automationId} AND l ->> 'action' = 'assignOwner' AND l ->> 'outcome' = 'assigned'
    ORDER BY (l ->> 'at')::timestamptz DESC LIMIT 1`)).rows as { user_id: string }[];
  const i = last ? members.findIndex((m) => m.id === last.user_id) : -1;
  return members[(i + 1) % members.length].id;
}

/** The customer-API patch for one field, parsed by the customer API's own schema (a bad value is refused the same way). */
export function checkFieldValue(field: string, value: unknown): Record<string, unknown> { return fieldPatch(field, value); }
function fieldPatch(field: string, value: unknown): Record<string, unknown> {
  const raw = field.startsWith('custom.') ? { custom: { [field.slice(7)]: value } } : { [field]: value };
  if (!field.startsWith('custom.') && !(SETTABLE_FIELDS as readonly string[]).includes(field)) {
    throw new AppError('VALIDATION_FAILED', `The field ${field} cannot be set by an automation`, { field: 'not settable' });
  }
  const parsed = customerUpdate.safeParse(raw);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', `Not a valid value for ${field}`, { [field]: parsed.error.issues[0]?.message ?? 'invalid' });
  return parsed.data;
}

export async function runExtraAction(tx: Db, clock: Clock, actor: Actor, s: StepContext, action: ExtraAction, basic: Basic): Promise<BranchResult> {
  switch (action.kind) {
    case 'preferredChannel': {
      const c = await loadVisibleCustomer(tx, actor, s.customerId);
      const can = {
        sms: c.smsConsent && c.phones.some((p) => /^\+989\d{9}$/.test(p.number)),
        email: c.emailConsent && c.emails.length > 0,
      };
      const first = c.preferredChannel === 'email' ? 'email' : c.preferredChannel === 'sms' ? 'sms' : null;
      // The preferred channel when the customer consented to it and can be reached on it; else the other one.
      const order: ('sms' | 'email')[] = first === 'email' ? ['email', 'sms'] : ['sms', 'email'];
      const channel = order.find((ch) => can[ch]);
      if (!channel) return { outcome: 'skipped', detail: 'no consent or address on either channel' };
      const r = await basic(channel === 'sms'
        ? { kind: 'sms', body: action.sms, advertising: action.advertising }
        : { kind: 'email', subject: action.subject, body: action.email });
      const fellBack = first !== null && channel !== first;
      return { ...r, detail: `${channel}${fellBack ? ' (fallback)' : ''}: ${r.detail ?? ''}` };
    }
    case 'assignOwner': {
      const c = await loadVisibleCustomer(tx, actor, s.customerId, { forUpdate: true });
      const ownerId = action.userId ?? (action.teamId ? await nextInTeam(tx, s.automationId, action.teamId) : null);
      if (!ownerId) return { outcome: 'skipped', detail: 'no active member in the team' };
      if (c.ownerId === ownerId) return { outcome: 'unchanged', detail: ownerId };
      // updateCustomer checks that the user may own customers (active, allowed): a bad owner fails the step.
      await updateCustomer(tx, actor, clock, c.id, { ownerId });
      return { outcome: 'assigned', detail: ownerId };
    }
    case 'setField': {
      const patch = fieldPatch(action.field, action.value);
      const c = await loadVisibleCustomer(tx, actor, s.customerId, { forUpdate: true });
      const before = action.field.startsWith('custom.') ? (c.custom as Record<string, unknown>)[action.field.slice(7)] : (c as Record<string, unknown>)[action.field];
      const after = action.field.startsWith('custom.') ? (patch.custom as Record<string, unknown>)[action.field.slice(7)] : patch[action.field];
      if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) return { outcome: 'unchanged', detail: action.field };
      await updateCustomer(tx, actor, clock, c.id, patch);
      return { outcome: 'changed', detail: action.field };
    }
    case 'startSurvey': {
      // As the rule's author (the invitation records who asked), with the system's permissions.
      const r = await sendSurvey(tx, s.authorId ? { ...actor, userId: s.authorId } : actor, clock, action.surveyId, { customerIds: [s.customerId] });
      const reason = Object.keys(r.skippedBy)[0];
      if (r.sent) return { outcome: 'sent', detail: action.surveyId };
      if (r.scheduled) return { outcome: 'scheduled', detail: 'quiet hours' };
      return { outcome: 'skipped', detail: reason ?? 'already asked' };
    }
    case 'webhook': {
      const c = await loadVisibleCustomer(tx, actor, s.customerId);
      const [a] = await tx.select({ name: automations.name }).from(automations).where(eq(automations.id, s.automationId));
      const id = await queueEndpointEvent(tx, action.endpointId, 'automation.step', {
        automation: { id: s.automationId, name: a?.name ?? '' }, runId: s.runId, step: s.step, customer: presentCustomer(c),
      }, clock.now());
      if (!id) return { outcome: 'skipped', detail: 'the endpoint is gone or switched off' };
      return { outcome: 'queued', detail: id };
    }
    case 'branch': {
      const cond = compileRules(action.condition, await compileContext(tx, null, clock));
      const met = (await tx.execute(sql`SELECT 1 FROM customers c WHERE c.id = ${s.customerId} AND c.deleted_at IS NULL AND ${cond}`)).rows.length > 0;
      const steps = met ? action.then : action.else;
      return { outcome: met ? 'then' : 'else', detail: `${steps.length}`, insert: steps };
    }
  }
}
