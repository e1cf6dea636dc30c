/** Surveys: the builder's CRUD, the voice-of-the-customer settings, and what a survey's questions mean. */
import { randomBytes } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, customerScopeSql, type Actor } from '../auth/index.ts';
import { readSetting, writeSetting } from '../settings/index.ts';
import { SCALES, isScored, vocSettings, type Question, type SurveyCreate, type SurveyUpdate, type VocSettings } from '../../../common/survey.schemas.ts';
import { surveys } from './surveys.tables.ts';

const SETTINGS_KEY = 'voc.settings';

export async function readVocSettings(db: Db): Promise<VocSettings> {
  const parsed = vocSettings.safeParse((await readSetting(db, SETTINGS_KEY)) ?? {});
  return parsed.success ? parsed.data : vocSettings.parse({});
}
export async function getVocSettings(db: Db, actor: Actor) {
  assertCan(actor, 'surveys', 'read');
  return readVocSettings(db);
}
export async function setVocSettings(db: Db, actor: Actor, input: VocSettings) {
  assertCan(actor, 'settings', 'update');
  await writeSetting(db, actor.userId, SETTINGS_KEY, input);
  return input;
}

/** The headline question: the first NPS, CSAT or CES question (stars and choices are not a headline metric). */
export function headline(questions: readonly Question[]): Question | undefined {
  return questions.find((q) => q.type === 'nps' || q.type === 'csat' || q.type === 'ces');
}
export const metricOf = (questions: readonly Question[]) => (headline(questions)?.type ?? null) as 'nps' | 'csat' | 'ces' | null;

export type SurveyRow = typeof surveys.$inferSelect;

export function presentSurvey(s: SurveyRow, publicUrl: string) {
  return {
    id: s.id, name: s.name, status: s.status, metric: s.metric, questions: s.questions, trigger: s.trigger, channel: s.channel,
    intro: s.intro, thanks: s.thanks, anonymousEnabled: s.anonymousEnabled,
    anonymousUrl: s.anonymousEnabled ? `${publicUrl}/s/a/${s.anonymousKey}` : null,
    createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(),
  };
}

/** Building surveys takes surveys:update (marketing, managers); sending one takes surveys:create (support and sales too). */
export async function createSurvey(tx: Db, actor: Actor, clock: Clock, input: SurveyCreate) {
  assertCan(actor, 'surveys', 'update');
  const now = clock.now();
  const [row] = await tx.insert(surveys).values({
    name: input.name, status: input.status, metric: metricOf(input.questions), questions: input.questions, trigger: input.trigger,
    channel: input.channel, intro: input.intro, thanks: input.thanks, anonymousEnabled: input.anonymousEnabled,
    anonymousKey: randomBytes(12).toString('base64url'), createdBy: actor.userId, createdAt: now, updatedAt: now,
  }).returning();
  return row;
}

export async function updateSurvey(tx: Db, actor: Actor, clock: Clock, id: string, input: SurveyUpdate) {
  assertCan(actor, 'surveys', 'update');
  const [cur] = await tx.select().from(surveys).where(eq(surveys.id, id)).for('update');
  if (!cur) throw notFound('Survey');
  if (input.questions) {
    // Answers refer to questions by id: a question that has answers keeps its id and type.
    const [{ n }] = (await tx.execute(sql`SELECT count(*)::int AS n FROM survey_responses WHERE survey_id = ${id}`)).rows as { n: number }[];
    if (n > 0) {
      const next = new Map(input.questions.map((q) => [q.id, q.type]));
      const changed = cur.questions.findIndex((q) => next.has(q.id) && next.get(q.id) !== q.type);
      if (changed >= 0) throw new AppError('UNPROCESSABLE', 'A question that has answers cannot change its type; add a new question instead', { [`questions`]: 'type of an answered question changed' });
      if (metricOf(input.questions) !== cur.metric) throw new AppError('UNPROCESSABLE', 'The headline question of a survey with answers cannot change', { questions: 'headline metric changed' });
    }
  }
  const [row] = await tx.update(surveys).set({
    ...input, ...(input.questions ? { metric: metricOf(input.questions) } : {}), updatedAt: clock.now(),
  }).where(eq(surveys.id, id)).returning();
  return row;
}

export async function getSurvey(db: Db, actor: Actor, id: string) {
  assertCan(actor, 'surveys', 'read');
  const [row] = await db.select().from(surveys).where(eq(surveys.id, id));
  if (!row) throw notFound('Survey');
  return row;
}

export async function listSurveys(db: Db, actor: Actor) {
  assertCan(actor, 'surveys', 'read');
  const rows = await db.select().from(surveys).orderBy(desc(surveys.createdAt));
  // Counted over the customers the reader may see, like the answers list (anonymous answers have no customer).
  const scope = customerScopeSql(actor, 'c');
  const visible = sql`c.deleted_at IS NULL${scope ? sql` AND ${scope}` : sql``}`;
  const stats = (await db.execute(sql`SELECT s.id,
      (SELECT count(*)::int FROM survey_invitations i JOIN customers c ON c.id = i.customer_id
        WHERE i.survey_id = s.id AND i.status IN ('sent', 'answered') AND ${visible}) AS sent,
      (SELECT count(*)::int FROM survey_responses r LEFT JOIN customers c ON c.id = r.customer_id
        WHERE r.survey_id = s.id AND (r.customer_id IS NULL OR (${visible}))) AS responses
    FROM surveys s`)).rows as { id: string; sent: number; responses: number }[];
  const by = new Map(stats.map((s) => [String(s.id), s]));
  return rows.map((r) => ({ row: r, sent: by.get(r.id)?.sent ?? 0, responses: by.get(r.id)?.responses ?? 0 }));
}

/** The scale of a scored question, for checking answers. */
export function scaleOf(q: Question): { min: number; max: number } | null {
  return isScored(q.type) ? SCALES[q.type] : null;
}
