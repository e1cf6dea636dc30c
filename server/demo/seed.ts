/**
 * The demo business (`npm run demo`, `npm start -- --demo`): «لوازم خانگی محور», a home-appliance shop with its staff,
 * ~2,000 customers and a year of their history. Fills an empty database only; the same seed gives the same shop.
 * Rows go in with multi-row inserts inside one transaction, with derived columns from the API's own helpers.
 */
import { eq, sql, getTableColumns, getTableName } from 'drizzle-orm';
import type { Runtime } from '../boot.ts';
import type { Db } from '../db/client.ts';
import { users, teams, roleByKey, hashPassword } from '../modules/auth/index.ts';
import { customers, customerRelations } from '../modules/customers/index.ts';
import { interactions } from '../modules/interactions/index.ts';
import { tasks } from '../modules/tasks/index.ts';
import { auditLog } from '../modules/audit/index.ts';
import { products, deals, dealItems, dealStageEvents, defaultPipelineId, stagesOf } from '../modules/sales/index.ts';
import { documents, documentLines, payments, documentEvents } from '../modules/documents/index.ts';
import { getOrgSettings } from '../modules/settings/index.ts';
import { fillDemoCompany } from './company.ts';
import { Rng } from './prng.ts';
import { makeCustomers, type CustomerInsert, type Staff } from './people.ts';
import { ActivityMaker } from './activity.ts';
import { catalogRows, type ProductInsert } from './catalog.ts';
import { DocumentWriter } from './documents.ts';
import { SalesMaker, type StageRef } from './sales.ts';
import { makeSupport } from './support.ts';
import { makeSurveys } from './surveys.ts';
import { plantJourneys } from './journey-plant.ts';
import { surveys, surveyInvitations, surveyResponses, feedback, feedbackTopics } from '../modules/surveys/index.ts';
import { defaultJourney } from '../modules/journeys/index.ts';
import { tickets, ticketMessages, contracts, contractProducts, regroupProblems } from '../modules/support/index.ts';

export const DEMO_PASSWORD = 'Anar-Sib-Golabi-1403';
export const DEMO_SEED = 1403;
const BATCH = 500;

/** The shop's staff. The admin is created only when the database has none. */
const STAFF: { email: string; name: string; role: Staff['role']; team?: 'sales' | 'support' }[] = [
  { email: 'demo@mehvar.local', name: 'مدیر سیستم', role: 'admin' },
  { email: 'manager@mehvar.local', name: 'نسرین مرادی', role: 'manager', team: 'sales' },
  { email: 'sales1@mehvar.local', name: 'علی رضایی', role: 'sales', team: 'sales' },
  { email: 'sales2@mehvar.local', name: 'سارا کریمی', role: 'sales', team: 'sales' },
  { email: 'sales3@mehvar.local', name: 'حمید نوری', role: 'sales', team: 'sales' },
  { email: 'support1@mehvar.local', name: 'مهسا احمدی', role: 'support', team: 'support' },
  { email: 'support2@mehvar.local', name: 'کامران یزدانی', role: 'support', team: 'support' },
  { email: 'marketing@mehvar.local', name: 'نیلوفر شریفی', role: 'marketing', team: 'sales' },
];

export type SalesCounts = { products: number; deals: number; quotes: number; invoices: number; creditNotes: number; payments: number };
export type DemoResult = { seeded: false; reason: string } | { seeded: true; customers: number; interactions: number; tasks: number; sales: SalesCounts; support: { tickets: number; contracts: number }; voice: VoiceCounts; journeys: JourneyCounts | null; seconds: number };
export type JourneyCounts = { customers: number; invoices: number; answers: number; tickets: number };
export type VoiceCounts = { surveys: number; invitations: number; sent: number; skipped: number; answers: number; feedback: number; openLoops: number };

/**
 * Inserts rows in batches, each batch as one JSON parameter expanded by jsonb_populate_recordset: far fewer bound
 * parameters than a multi-row VALUES list (PGlite spends its time binding those). Columns no row sets keep their defaults.
 */
async function insertAll<T extends Record<string, unknown>>(tx: Db, table: Parameters<Db['insert']>[0], rows: T[]) {
  if (!rows.length) return;
  const columns = Object.entries(getTableColumns(table as never) as Record<string, { name: string }>)
    .filter(([key]) => rows.some((r) => r[key] !== undefined));
  const name = getTableName(table as never);
  const list = sql.raw(columns.map(([, c]) => `"${c.name}"`).join(', '));
  const plain = (v: unknown): unknown => (v === undefined ? null : typeof v === 'bigint' ? v.toString() : v instanceof Date ? v.toISOString() : v);
  for (let i = 0; i < rows.length; i += BATCH * 4) {
    const json = JSON.stringify(rows.slice(i, i + BATCH * 4).map((r) => Object.fromEntries(columns.map(([key, c]) => [c.name, plain(r[key])]))));
    await tx.execute(sql`INSERT INTO ${sql.identifier(name)} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${sql.identifier(name)}, ${json}::jsonb)`);
  }
}

async function ensureTeam(tx: Db, name: string): Promise<string> {
  const [found] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.name, name));
  if (found) return found.id;
  const [t] = await tx.insert(teams).values({ name }).returning({ id: teams.id });
  return t.id;
}

/** The staff, reusing accounts that already exist with the same email; the admin only if there is no admin. */
async function ensureStaff(tx: Db, log: (m: string) => void): Promise<Staff[]> {
  const teamIds = { sales: await ensureTeam(tx, 'فروش'), support: await ensureTeam(tx, 'پشتیبانی') };
  const adminRole = await roleByKey(tx, 'admin');
  const [{ admins }] = (await tx.execute(sql`SELECT count(*)::int AS admins FROM users WHERE role_id = ${adminRole.id}`)).rows as { admins: number }[];
  const hash = await hashPassword(DEMO_PASSWORD);
  const staff: Staff[] = [];
  for (const s of STAFF) {
    if (s.role === 'admin' && admins > 0) continue;
    const [existing] = await tx.select({ id: users.id, name: users.name, teamId: users.teamId }).from(users).where(eq(sql`lower(${users.email})`, s.email));
    if (existing) { staff.push({ id: existing.id, name: existing.name, email: s.email, role: s.role, teamId: existing.teamId }); continue; }
    const role = await roleByKey(tx, s.role);
    const teamId = s.team ? teamIds[s.team] : null;
    // One hash for every demo account: they share the printed demo password anyway.
    const [u] = await tx.insert(users).values({ email: s.email, name: s.name, passwordHash: hash, roleId: role.id, teamId, locale: 'fa' }).returning({ id: users.id });
    staff.push({ id: u.id, name: s.name, email: s.email, role: s.role, teamId });
  }
  log(`staff: ${staff.map((s) => `${s.name} (${s.role})`).join('، ')}`);
  return staff;
}

export async function seedDemo(rt: Runtime, opts: { log: (m: string) => void; customers?: number; seed?: number }): Promise<DemoResult> {
  const started = Date.now();
  const log = opts.log;
  const db = rt.database.db;
  const [{ n }] = (await db.execute(sql`SELECT count(*)::int AS n FROM customers`)).rows as { n: number }[];
  if (n > 0) {
    const reason = `The database already has ${n} customer(s); the demo business is only added to an empty database. Use a new MEHVAR_DATA_DIR (or an empty DATABASE_URL) to try the demo.`;
    log(reason);
    return { seeded: false, reason };
  }
  const count = opts.customers ?? 2000;
  const rng = new Rng(opts.seed ?? DEMO_SEED);
  const now = rt.clock.now();

  const result = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const staff = await ensureStaff(tx, log);
    const sellers = staff.filter((s) => s.role === 'sales');
    if (!sellers.length) throw new Error('the demo needs its sales staff');
    const { rows, relations } = makeCustomers(rng, count, now, sellers, staff);
    const activity = new ActivityMaker(rng, now, staff);
    for (const c of rows) {
      activity.audit.push({ at: c.createdAt, actorId: c.createdBy ?? null, entityType: 'customer', entityId: c.id, customerId: c.id, action: 'create', newValue: { displayName: c.displayName } });
      const last = activity.forCustomer(c);
      if (last && last > c.createdAt) c.updatedAt = last;
    }
    const byOwner = new Map<string, CustomerInsert[]>();
    for (const c of rows) if (c.ownerId) byOwner.set(c.ownerId, [...(byOwner.get(c.ownerId) ?? []), c]);
    for (const s of staff) if (s.role !== 'admin') activity.forStaff(s, byOwner.get(s.id) ?? rows);

    await fillDemoCompany(tx);
    const sales = await makeSales(tx, rng, now, staff, rows, rt.secret);
    activity.audit.push(...sales.audit);
    const support = makeSupport(rng, now, staff, rows, sales.catalog);
    activity.audit.push(...support.audit);
    const voice = makeSurveys(rng, now, staff, rows, support.tickets, sales.docs, sales.catalog);
    activity.audit.push(...voice.audit);
    // Topics of the same name may exist already (an admin made them): those are kept, the feedback refers to names.
    // The journey story (issue 19): a planted pain point and moment of truth, on its own random stream.
    const purchaseSurvey = voice.surveys.find((s) => (s.trigger as { type: string }).type === 'invoice_paid');
    const planted = plantJourneys(new Rng((opts.seed ?? DEMO_SEED) + 19), now, rows, sales.catalog, staff, sales.docs.documents[0]?.seller ?? null,
      (purchaseSurvey?.id as string | undefined) ?? null, support.tickets.length + 1);
    const topicNames = new Set(((await tx.execute(sql`SELECT name FROM feedback_topics`)).rows as { name: string }[]).map((t) => t.name));

    await insertAll(tx, customers, rows);
    await insertAll(tx, customerRelations, relations);
    await insertAll(tx, interactions, activity.interactions);
    await insertAll(tx, tasks, [...activity.tasks, ...voice.tasks]);
    activity.audit.sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime());
    await insertAll(tx, auditLog, activity.audit);
    await insertSales(tx, sales);
    await insertAll(tx, tickets, support.tickets);
    await insertAll(tx, ticketMessages, support.messages);
    if (planted) {
      await insertAll(tx, documents, planted.documents);
      await insertAll(tx, documentLines, planted.lines);
      await insertAll(tx, payments, planted.payments);
      await insertAll(tx, documentEvents, planted.events);
      await insertAll(tx, tickets, planted.tickets);
      await insertAll(tx, ticketMessages, planted.messages);
      await insertAll(tx, tasks, planted.tasks);
    }
    await insertAll(tx, contracts, support.contracts);
    await insertAll(tx, contractProducts, support.contractProducts);
    // The numbers were given here: the next ticket or contract continues after them.
    await tx.execute(sql`SELECT setval(pg_get_serial_sequence('tickets', 'number'), (SELECT max(number) FROM tickets))`);
    await tx.execute(sql`SELECT setval(pg_get_serial_sequence('contracts', 'number'), (SELECT max(number) FROM contracts))`);
    // Each customer's latest touch, as the writes keep it (and migration 0019 filled it): the lists' default order.
    await tx.execute(sql`UPDATE customers c SET last_activity_at = x.at FROM (
      SELECT customer_id, max(at) AS at FROM (
        SELECT customer_id, LEAST(occurred_at, now()) AS at FROM interactions WHERE deleted_at IS NULL
        UNION ALL SELECT customer_id, updated_at FROM tickets
        UNION ALL SELECT customer_id, updated_at FROM documents) a GROUP BY customer_id) x WHERE x.customer_id = c.id`);
    await insertAll(tx, feedbackTopics, voice.topics.filter((t) => !topicNames.has(t.name)));
    await insertAll(tx, surveys, voice.surveys);
    await insertAll(tx, surveyInvitations, voice.invitations);
    await insertAll(tx, surveyResponses, voice.responses);
    if (planted) await insertAll(tx, surveyResponses, planted.responses);
    await defaultJourney(tx);
    await insertAll(tx, feedback, voice.feedback);
    return { customers: rows.length, interactions: activity.interactions.length, tasks: activity.tasks.length + voice.tasks.length, staff, sales: sales.counts,
      support: { tickets: support.tickets.length + (planted?.tickets.length ?? 0), contracts: support.contracts.length }, voice: voice.counts,
      journeys: planted ? { customers: new Set(planted.story.purchases.map((p) => p.customerId)).size, invoices: planted.documents.length, answers: planted.responses.length, tickets: planted.tickets.length } : null };
  });
  if (rt.database.kind === 'postgresql') await rt.database.query('ANALYZE');
  // The desk's recurring problems, as the hourly regrouping would have found them.
  const problems = await regroupProblems(rt.database, rt.clock);

  const seconds = (Date.now() - started) / 1000;
  const promises = await rt.database.query<{ open: number; broken: number; kept: number }>(`SELECT
    count(*) FILTER (WHERE status = 'open' AND due_at >= $1)::int AS open, count(*) FILTER (WHERE status = 'open' AND due_at < $1)::int AS broken,
    count(*) FILTER (WHERE status = 'done')::int AS kept FROM tasks WHERE is_promise`, [now.toISOString()]);
  log(`Demo business «لوازم خانگی محور» ready in ${seconds.toFixed(1)} s: ${result.customers} customers, ${result.interactions} interactions, ` +
    `${result.tasks} tasks (promises: ${promises[0].kept} kept, ${promises[0].open} open, ${promises[0].broken} broken); ` +
    `${result.sales.products} products, ${result.sales.deals} deals, ${result.sales.quotes} quotes, ${result.sales.invoices} invoices ` +
    `(${result.sales.creditNotes} cancelled with a credit note), ${result.sales.payments} payments; ` +
    `${result.support.tickets} support tickets in ${problems.groups} recurring problems, ${result.support.contracts} contracts; ` +
    `${result.voice.surveys} surveys, ${result.voice.sent} survey invitations sent (${result.voice.skipped} skipped for fatigue), ` +
    `${result.voice.answers} survey answers (${result.voice.openLoops} open follow-ups), ${result.voice.feedback} feedback.`);
  if (result.journeys) log(`Journey story: ${result.journeys.customers} new buyers with ${result.journeys.invoices} invoices, ${result.journeys.answers} delivery answers and ${result.journeys.tickets} tickets (planted: slow washing-machine delivery, first-contact resolution keeps customers).`);
  log(`Log in with any of these (password: ${DEMO_PASSWORD}):`);
  for (const s of result.staff) log(`  ${s.email!.padEnd(24)} ${s.role.padEnd(10)} ${s.name}`);
  return { seeded: true, customers: result.customers, interactions: result.interactions, tasks: result.tasks, sales: result.sales, support: result.support, voice: result.voice, journeys: result.journeys, seconds };
}

/**
 * The catalog (products whose code already exists are reused), the default pipeline's deals, and a year of quotes,
 * invoices and payments, all generated in memory first.
 */
async function makeSales(tx: Db, rng: Rng, now: Date, staff: Staff[], rows: CustomerInsert[], secret: string) {
  const manager = staff.find((s) => s.role === 'manager') ?? staff[0];
  const catalog = catalogRows(rng, now, manager.id);
  const existing = (await tx.execute(sql`SELECT id, lower(code) AS code FROM products`)).rows as { id: string; code: string }[];
  const known = new Map(existing.map((p) => [p.code, String(p.id)]));
  const newProducts: ProductInsert[] = [];
  for (const p of catalog) {
    const id = known.get(p.code.toLowerCase());
    if (id) p.id = id;
    else newProducts.push(p);
  }
  const pipelineId = await defaultPipelineId(tx);
  const stages: StageRef[] = (await stagesOf(tx, pipelineId)).map((s) => ({ id: s.id, name: s.name, outcome: s.outcome, position: s.position }));
  const docs = new DocumentWriter(rng, now, await getOrgSettings(tx), secret);
  const maker = new SalesMaker(rng, now, staff, catalog, stages, docs);
  for (const c of rows) maker.forCustomer(c);
  const teams = new Map(staff.map((s) => [s.id, s.teamId]));
  maker.finish(pipelineId, (id) => teams.get(id) ?? null);
  const counters = docs.number();
  const audit = [
    ...newProducts.map((p) => ({ at: p.createdAt as Date, actorId: manager.id, entityType: 'product' as const, entityId: p.id, customerId: null, action: 'create' as const, newValue: { code: p.code, nameFa: p.nameFa, price: String(p.price) } })),
    ...maker.audit,
  ];
  const count = (k: string) => docs.documents.filter((d) => d.kind === k).length;
  return {
    newProducts, catalog, maker, docs, counters, audit,
    counts: { products: catalog.length, deals: maker.deals.length, quotes: count('quote'), invoices: count('invoice'), creditNotes: count('credit_note'), payments: docs.payments.length },
  };
}

async function insertSales(tx: Db, s: Awaited<ReturnType<typeof makeSales>>) {
  await insertAll(tx, products, s.newProducts);
  await insertAll(tx, deals, s.maker.deals);
  await insertAll(tx, dealItems, s.maker.dealItems);
  await insertAll(tx, dealStageEvents, s.maker.stageEvents);
  await insertAll(tx, documents, s.docs.documents);
  await insertAll(tx, documentLines, s.docs.lines);
  await insertAll(tx, payments, s.docs.payments);
  await insertAll(tx, documentEvents, s.docs.events);
  // The next document sent in each series takes the number after the demo's last one.
  for (const c of s.counters) {
    await tx.execute(sql`INSERT INTO document_counters (kind, fiscal_year, last) VALUES (${c.kind}, ${c.fiscalYear}, ${c.last})
      ON CONFLICT (kind, fiscal_year) DO UPDATE SET last = GREATEST(document_counters.last, EXCLUDED.last)`);
  }
}
