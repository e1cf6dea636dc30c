/** Lead forms: the builder's use cases. Managing a form needs customers:create and settings:update (admins, managers). */
import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { toIso } from '../../db/values.ts';
import { assertCan, can, userBrief, type Actor } from '../auth/index.ts';
import { loadStage } from '../sales/index.ts';
import type { LeadFormCreate, LeadFormUpdate } from '../../../common/leads.schemas.ts';
import { leadForms, leadSubmissions } from './leads.tables.ts';

export type LeadFormRow = typeof leadForms.$inferSelect;

function assertManage(actor: Actor) {
  assertCan(actor, 'customers', 'create');
  assertCan(actor, 'settings', 'update');
}
function assertRead(actor: Actor) {
  if (!can(actor, 'customers', 'create') || !can(actor, 'settings', 'read')) throw new AppError('FORBIDDEN', 'You may not see lead forms');
}

/** What the rule and the deal name must exist now (a submission later must not fail the visitor over a typo). */
async function checkReferences(db: Db, input: Pick<LeadFormCreate, 'ownerRule' | 'stageId'>) {
  if (input.stageId && !(await loadStage(db, input.stageId))) throw new AppError('VALIDATION_FAILED', 'Unknown stage', { stageId: 'unknown stage' });
  const rule = input.ownerRule;
  const ids = rule.kind === 'round_robin' ? rule.userIds : rule.kind === 'field' ? [...Object.values(rule.map), ...(rule.fallbackUserId ? [rule.fallbackUserId] : [])] : [];
  for (const id of new Set(ids)) {
    const u = await userBrief(db, id);
    if (!u?.active) throw new AppError('VALIDATION_FAILED', 'The owner rule names someone who is not an active user', { ownerRule: `unknown or inactive user ${id}` });
  }
}

function checkShape(input: Pick<LeadFormCreate, 'fields' | 'ownerRule' | 'createDeal' | 'stageId'>) {
  const keys = input.fields.map((f) => f.key);
  if (new Set(keys).size !== keys.length) throw new AppError('VALIDATION_FAILED', 'Two fields have the same key', { fields: 'keys must differ' });
  const targets = input.fields.map((f) => f.target).filter((t) => t !== 'note');
  if (new Set(targets).size !== targets.length) throw new AppError('VALIDATION_FAILED', 'Two fields fill the same customer field', { fields: 'targets must differ' });
  if (!input.fields.some((f) => ['firstName', 'lastName', 'orgName'].includes(f.target))) {
    throw new AppError('VALIDATION_FAILED', 'A lead form needs a name field', { fields: 'map a field to firstName, lastName or orgName' });
  }
  if (!input.fields.some((f) => f.target === 'phone' || f.target === 'email')) {
    throw new AppError('VALIDATION_FAILED', 'A lead form needs a phone or email field', { fields: 'map a field to phone or email' });
  }
  if (input.ownerRule.kind === 'field' && !keys.includes(input.ownerRule.field)) {
    throw new AppError('VALIDATION_FAILED', 'The owner rule names a field the form does not have', { ownerRule: 'unknown field' });
  }
}

export function presentForm(row: LeadFormRow, submissions: number, publicUrl: string) {
  return {
    id: row.id, name: row.name, token: row.token, title: row.title, fields: row.fields, consents: row.consents, thankYou: row.thankYou,
    language: row.language, ownerRule: row.ownerRule, createDeal: row.createDeal, stageId: row.stageId, proofOfWork: row.proofOfWork,
    active: row.active, submissions, pageUrl: `${publicUrl}/f/${row.token}`, scriptUrl: `${publicUrl}/f/${row.token}/embed.js`,
    createdAt: toIso(row.createdAt), updatedAt: toIso(row.updatedAt),
  };
}

const counts = (db: Db) => db.select({ formId: leadSubmissions.formId, n: sql<number>`count(*)::int` }).from(leadSubmissions).groupBy(leadSubmissions.formId);

export async function listForms(db: Db, actor: Actor) {
  assertRead(actor);
  const rows = await db.select().from(leadForms).where(isNull(leadForms.deletedAt)).orderBy(desc(leadForms.createdAt));
  const n = new Map((await counts(db)).map((c) => [c.formId, c.n]));
  return rows.map((r) => ({ row: r, submissions: n.get(r.id) ?? 0 }));
}

export async function getForm(db: Db, actor: Actor, id: string) {
  assertRead(actor);
  const [row] = await db.select().from(leadForms).where(and(eq(leadForms.id, id), isNull(leadForms.deletedAt)));
  if (!row) throw new AppError('NOT_FOUND', 'No such lead form');
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(leadSubmissions).where(eq(leadSubmissions.formId, id));
  return { row, submissions: c.n };
}

export async function createForm(tx: Db, actor: Actor, clock: Clock, input: LeadFormCreate) {
  assertManage(actor);
  checkShape(input);
  await checkReferences(tx, input);
  const now = clock.now();
  const [row] = await tx.insert(leadForms).values({ ...input, token: randomBytes(18).toString('base64url'), createdBy: actor.via === 'system' ? null : actor.userId, createdAt: now, updatedAt: now }).returning();
  return { row, submissions: 0 };
}

export async function updateForm(tx: Db, actor: Actor, clock: Clock, id: string, input: LeadFormUpdate) {
  assertManage(actor);
  const [before] = await tx.select().from(leadForms).where(and(eq(leadForms.id, id), isNull(leadForms.deletedAt))).for('update');
  if (!before) throw new AppError('NOT_FOUND', 'No such lead form');
  const patch = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as LeadFormUpdate;
  checkShape({ fields: patch.fields ?? before.fields, ownerRule: patch.ownerRule ?? before.ownerRule, createDeal: patch.createDeal ?? before.createDeal, stageId: patch.stageId ?? before.stageId });
  await checkReferences(tx, { ownerRule: patch.ownerRule ?? { kind: 'none' }, stageId: patch.stageId ?? null });
  const [row] = await tx.update(leadForms).set({ ...patch, ...(patch.ownerRule ? { rrNext: 0 } : {}), updatedAt: clock.now() }).where(eq(leadForms.id, id)).returning();
  const [c] = await tx.select({ n: sql<number>`count(*)::int` }).from(leadSubmissions).where(eq(leadSubmissions.formId, id));
  return { row, submissions: c.n };
}

export async function deleteForm(tx: Db, actor: Actor, clock: Clock, id: string) {
  assertManage(actor);
  const gone = await tx.update(leadForms).set({ deletedAt: clock.now(), active: false }).where(and(eq(leadForms.id, id), isNull(leadForms.deletedAt))).returning({ id: leadForms.id });
  if (!gone.length) throw new AppError('NOT_FOUND', 'No such lead form');
}

export async function listSubmissions(db: Db, actor: Actor, formId: string, page: number, pageSize: number) {
  await getForm(db, actor, formId);
  // Submissions name customers: only those who may read customers across the company see them here.
  assertCan(actor, 'customers', 'read');
  const rows = await db.select().from(leadSubmissions).where(eq(leadSubmissions.formId, formId)).orderBy(desc(leadSubmissions.at)).limit(pageSize).offset((page - 1) * pageSize);
  const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(leadSubmissions).where(eq(leadSubmissions.formId, formId));
  return {
    items: rows.map((r) => ({ id: r.id, customerId: r.customerId, dealId: r.dealId, outcome: r.outcome, consents: r.consents, payload: r.payload, at: toIso(r.at) })),
    total: c.n,
  };
}

/** The active form behind a public token (404 for unknown, deleted or inactive forms alike). */
export async function publicForm(db: Db, token: string): Promise<LeadFormRow> {
  if (!/^[A-Za-z0-9_-]{10,64}$/.test(token)) throw new AppError('NOT_FOUND', 'No such form');
  const [row] = await db.select().from(leadForms).where(and(eq(leadForms.token, token), isNull(leadForms.deletedAt), eq(leadForms.active, true)));
  if (!row) throw new AppError('NOT_FOUND', 'No such form');
  return row;
}
