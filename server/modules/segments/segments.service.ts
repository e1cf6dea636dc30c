/**
 * Segments: preview a rule (count and a sample, in the reader's scope), save it as dynamic or static (a snapshot of
 * the customers matching then), list, change, delete. Reading needs customers:read; saving customers:update. A
 * segment that is not shared is seen only by its owner; only the owner or someone who sees all customers changes it.
 */
import { and, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, customerScopeSql, scopeOf, type Actor } from '../auth/index.ts';
import { listCustomFields } from '../customers/index.ts';
import { getOrgSettings } from '../settings/index.ts';
import { todayIn } from '../../../common/jalali.ts';
import { OPS_BY_TYPE, type SegmentInput, type SegmentNode } from '../../../common/segments.schemas.ts';
import { compileRules, type CompileContext } from './compile.ts';
import { segmentFields, type SegmentFieldDef } from './fields.registry.ts';
import { customSegmentFields } from './customer-fields.ts';
import { segments, segmentMembers } from './segments.tables.ts';

type SegmentRow = typeof segments.$inferSelect;

/** Every field a rule may name now: the registered ones and this business's active custom fields. */
export async function availableFields(db: Db): Promise<Map<string, SegmentFieldDef>> {
  const all = new Map(segmentFields());
  for (const [k, v] of customSegmentFields(await listCustomFields(db, { activeOnly: true }))) all.set(k, v);
  return all;
}

export async function compileContext(db: Db, actor: Actor | null, clock: Clock): Promise<CompileContext> {
  const { timeZone } = await getOrgSettings(db);
  return { fields: await availableFields(db), today: todayIn(clock.now(), timeZone), timeZone, userId: actor?.userId ?? null };
}

/** The customers (alias `c`) a rule selects, within what the actor may see: a condition for any statement over customers. */
export async function segmentWhere(db: Db, actor: Actor, clock: Clock, rules: SegmentNode): Promise<SQL> {
  const cond = compileRules(rules, await compileContext(db, actor, clock));
  const scope = customerScopeSql(actor, 'c');
  return scope ? sql`c.deleted_at IS NULL AND ${scope} AND ${cond}` : sql`c.deleted_at IS NULL AND ${cond}`;
}

async function countAndSample(db: Db, where: SQL, sampleSize: number) {
  const [{ n }] = (await db.execute(sql`SELECT count(*)::int AS n FROM customers c WHERE ${where}`)).rows as { n: number }[];
  const sample = sampleSize === 0 ? [] : (await db.execute(sql`
    SELECT c.id, c.display_name, c.city, c.lifecycle_stage, c.phones -> 0 ->> 'number' AS phone
    FROM customers c WHERE ${where} ORDER BY c.updated_at DESC, c.id LIMIT ${sampleSize}`)).rows as { id: string; display_name: string; city: string | null; lifecycle_stage: string; phone: string | null }[];
  return {
    count: n,
    sample: sample.map((r) => ({ id: r.id, displayName: r.display_name, city: r.city, lifecycleStage: r.lifecycle_stage, phone: r.phone })),
  };
}

export async function previewSegment(db: Db, actor: Actor, clock: Clock, rules: SegmentNode, sampleSize = 10) {
  assertCan(actor, 'customers', 'read');
  return countAndSample(db, await segmentWhere(db, actor, clock, rules), sampleSize);
}

export function presentSegment(s: SegmentRow) {
  return {
    id: s.id, name: s.name, description: s.description, rules: s.rules, kind: s.kind, shared: s.shared, ownerId: s.ownerId,
    snapshotCount: s.snapshotCount, snapshotAt: s.snapshotAt, createdAt: s.createdAt, updatedAt: s.updatedAt,
  };
}

const visibleTo = (actor: Actor) => or(eq(segments.shared, true), eq(segments.ownerId, actor.userId));

export async function listSegments(db: Db, actor: Actor) {
  assertCan(actor, 'customers', 'read');
  const rows = await db.select().from(segments).where(and(isNull(segments.deletedAt), visibleTo(actor))).orderBy(desc(segments.updatedAt));
  return rows.map(presentSegment);
}

async function loadSegment(db: Db, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}): Promise<SegmentRow> {
  assertCan(actor, 'customers', 'read');
  const q = db.select().from(segments).where(and(eq(segments.id, id), isNull(segments.deletedAt), visibleTo(actor)));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('Segment');
  return row;
}

export async function getSegment(db: Db, actor: Actor, id: string) {
  return presentSegment(await loadSegment(db, actor, id));
}

function assertMayChange(actor: Actor, s: SegmentRow) {
  assertCan(actor, 'customers', 'update');
  if (s.ownerId !== actor.userId && scopeOf(actor, 'customers') !== 'all') {
    throw new AppError('FORBIDDEN', 'Only the owner of this segment, or someone who sees every customer, may change it');
  }
}

/** Replaces a static segment's snapshot with the customers matching now (in the saver's scope). */
async function takeSnapshot(tx: Db, actor: Actor, clock: Clock, s: SegmentRow): Promise<SegmentRow> {
  const where = await segmentWhere(tx, actor, clock, s.rules);
  await tx.delete(segmentMembers).where(eq(segmentMembers.segmentId, s.id));
  await tx.execute(sql`INSERT INTO segment_members (segment_id, customer_id) SELECT ${s.id}::uuid, c.id FROM customers c WHERE ${where}`);
  const count = await tx.$count(segmentMembers, eq(segmentMembers.segmentId, s.id));
  const [row] = await tx.update(segments).set({ snapshotCount: count, snapshotAt: clock.now() }).where(eq(segments.id, s.id)).returning();
  return row;
}

export async function createSegment(tx: Db, actor: Actor, clock: Clock, input: SegmentInput) {
  assertCan(actor, 'customers', 'update');
  // Compiled now so a broken rule is refused when saved, not when used.
  compileRules(input.rules, await compileContext(tx, actor, clock));
  const now = clock.now();
  let [row] = await tx.insert(segments).values({
    name: input.name, description: input.description, rules: input.rules, kind: input.kind, shared: input.shared,
    ownerId: actor.userId, createdAt: now, updatedAt: now,
  }).returning();
  if (row.kind === 'static') row = await takeSnapshot(tx, actor, clock, row);
  return presentSegment(row);
}

export async function updateSegment(tx: Db, actor: Actor, clock: Clock, id: string, input: Partial<SegmentInput> & { refreshSnapshot?: boolean }) {
  const before = await loadSegment(tx, actor, id, { forUpdate: true });
  assertMayChange(actor, before);
  if (input.rules) compileRules(input.rules, await compileContext(tx, actor, clock));
  const { refreshSnapshot, ...patch } = input;
  let [row] = await tx.update(segments).set({ ...patch, updatedAt: clock.now() }).where(eq(segments.id, id)).returning();
  const becameStatic = row.kind === 'static' && (before.kind !== 'static' || input.rules !== undefined || refreshSnapshot);
  if (becameStatic) row = await takeSnapshot(tx, actor, clock, row);
  if (row.kind === 'dynamic' && before.kind === 'static') {
    await tx.delete(segmentMembers).where(eq(segmentMembers.segmentId, id));
    [row] = await tx.update(segments).set({ snapshotCount: null, snapshotAt: null }).where(eq(segments.id, id)).returning();
  }
  return presentSegment(row);
}

export async function deleteSegment(tx: Db, actor: Actor, clock: Clock, id: string) {
  const s = await loadSegment(tx, actor, id, { forUpdate: true });
  assertMayChange(actor, s);
  await tx.delete(segmentMembers).where(eq(segmentMembers.segmentId, id));
  await tx.update(segments).set({ deletedAt: clock.now() }).where(eq(segments.id, id));
}

/**
 * The customers (alias `c`) of a saved segment, as a condition: a dynamic one's rule now, a static one's snapshot —
 * both within what the actor may see. For lists, survey sends, campaigns and automation conditions.
 */
export async function savedSegmentWhere(db: Db, actor: Actor, clock: Clock, id: string): Promise<SQL> {
  const s = await loadSegment(db, actor, id);
  if (s.kind === 'dynamic') return segmentWhere(db, actor, clock, s.rules);
  const scope = customerScopeSql(actor, 'c');
  const member = sql`EXISTS (SELECT 1 FROM segment_members m WHERE m.segment_id = ${s.id} AND m.customer_id = c.id)`;
  return scope ? sql`c.deleted_at IS NULL AND ${scope} AND ${member}` : sql`c.deleted_at IS NULL AND ${member}`;
}

/** A saved segment's count and sample now (dynamic: the rule evaluated; static: its snapshot), in the reader's scope. */
export async function segmentMembersPreview(db: Db, actor: Actor, clock: Clock, id: string, sampleSize = 20) {
  return countAndSample(db, await savedSegmentWhere(db, actor, clock, id), sampleSize);
}

export function describeFields(fields: Map<string, SegmentFieldDef>) {
  return [...fields.entries()].map(([field, d]) => ({
    field, type: d.type, label: d.label, group: d.group,
    ops: [...(OPS_FOR(d))], ...('options' in d && d.options ? { options: d.options } : {}),
  }));
}
const OPS_FOR = (d: SegmentFieldDef) => (d.type === 'event' && !d.values ? ['eq' as const] : OPS_BY_TYPE[d.type]);
