/** Wiring shared by the server, the CLI and the tests: database → migrations → roles → modules → jobs. */
import type { Config } from './config.ts';
import { openDatabase, runMigrations, type Database } from './db/client.ts';
import { scheduledBackup } from './db/backup.ts';
import { afterCommit, withTx } from './db/tx.ts';
import { systemClock, type Clock } from './clock.ts';
import { NullQueue, startQueue, type JobQueue, type JobDef } from './jobs/queue.ts';
import { RealtimeHub } from './realtime/bus.ts';
import { actorFromApiKey, SessionCache, ensureBuiltInRoles, purgeExpiredSessions, countKeyRequest, beginIdempotent, finishIdempotent, abandonIdempotent, purgeApiUsage } from './modules/auth/index.ts';
import { serverSecret, readOutboundAllow } from './modules/settings/index.ts';
import { OutboundGuard, type Resolver } from './net/outbound-guard.ts';
import { registerInteractionViews, registerInteractionMover, registerInteractionDataRights, registerInteractionSegmentFields } from './modules/interactions/index.ts';
import { registerCustomerOwnDataRights, setCustomerSegmentFilter } from './modules/customers/index.ts';
import { setScorecardReviewSource, scorecardJobs, SCORECARD_MONTHLY_JOB, SCORECARD_MONTHLY_CRON } from './modules/scorecard/index.ts';
import { painReviewSummary, registerJourneyMover, journeyJobs, JOURNEY_MAP_REFRESH_JOB, JOURNEY_MAP_REFRESH_CRON } from './modules/journeys/index.ts';
import { reportJobs, DASHBOARD_REFRESH_JOB, DASHBOARD_REFRESH_CRON } from './modules/reports/index.ts';
import { registerTaskViews, registerTaskMover, registerTaskDataRights, setReminderHook, reminderJobs, REMINDER_JOB, REMINDER_SWEEP_JOB } from './modules/tasks/index.ts';
import { outboxJobs, outboxJobName, requeueStaleOutbox, OUTBOX_SWEEP_JOB } from './modules/notifications/index.ts';
import { Channels, channelSenders, setMessageQueueHook, registerMessageDelivery, registerMessageViews, registerMessageMover, pollSmsStatuses, registerMessagingDataRights } from './modules/messaging/index.ts';
import type { SmsDriver } from './drivers/sms/index.ts';
import { registerSalesViews, registerSalesMover, registerSalesDataRights } from './modules/sales/index.ts';
import { registerDocuments, registerDocumentMover, expireQuotes, registerDocumentDataRights, registerDocumentSegmentFields } from './modules/documents/index.ts';
import { registerSurveyViews, registerSurveyMover, registerSurveyDataRights, registerSurveySegmentFields, setSurveyLinkBase, dispatchDue, schedulePeriodic } from './modules/surveys/index.ts';
import { ensureDefaultSlaPolicies, registerSupportViews, registerSupportMover, registerSupportDataRights, registerSupportSegmentFields, sweepContracts, watchSla, regroupProblems } from './modules/support/index.ts';
import type { EmailDriver } from './drivers/email/smtp.driver.ts';
import { AmiManager, expireStaleCalls, registerTelephonyMover, registerTelephonyDataRights, type AmiClientFactory } from './modules/telephony/index.ts';
import { setWebhookQueueHook, webhookJobs, WEBHOOK_DELIVER_JOB, WEBHOOK_SWEEP_JOB } from './modules/webhooks/index.ts';
import { importJobs, resumeImports, registerImportCustomerLinks } from './modules/imports/index.ts';
import { shopJobs, SHOP_SYNC_JOB, SHOP_SYNC_CRON } from './modules/shop/index.ts';
import { registerLeadCustomerLinks } from './modules/leads/index.ts';
import { z } from 'zod';
import { maintainTables } from './db/maintenance.ts';
import type { AppContext } from './http/context.ts';
import type { Credentials } from './http/auth-hooks.ts';
import { registerCustomerSegmentFields, registerSegmentMover, registerSegmentDataRights, savedSegmentWhere } from './modules/segments/index.ts';
import { campaignJobs, registerCampaignMover, registerCampaignSegmentFields, CAMPAIGN_TICK_JOB } from './modules/campaigns/index.ts';
import { insightsJobs, registerInsightMover, registerInsightSegmentFields, registerInsightViews, INSIGHTS_REFIT_JOB, INSIGHTS_REFIT_CRON, recoverRefitRuns } from './modules/insights/index.ts';
import { registerPreferencesView } from './modules/preferences/index.ts';
import { loyaltyJobs, registerLoyalty, registerLoyaltyMover, registerLoyaltySegmentFields, LOYALTY_DAILY_JOB, LOYALTY_DAILY_CRON } from './modules/loyalty/index.ts';
import type { IdempotencyStore } from './http/idempotency.ts';
import { automationJobs, registerAutomationMover, registerAutomationTriggers, setAutomationWakeHook, AUTOMATIONS_TICK_JOB } from './modules/automations/index.ts';

/** Each module's part of a customer's data export and erasure (see customers/data-rights.registry.ts). */
function registerDataRights(): void {
  registerCustomerOwnDataRights();
  registerInteractionDataRights();
  registerTaskDataRights();
  registerMessagingDataRights();
  registerTelephonyDataRights();
  registerSurveyDataRights();
  registerSupportDataRights();
  registerDocumentDataRights();
  registerSalesDataRights();
  registerImportCustomerLinks();
  registerLeadCustomerLinks();
  registerSegmentDataRights();
}

/** What each module knows about a customer, as fields segment rules may name. */
function registerSegmentFields(): void {
  registerCustomerSegmentFields();
  registerInteractionSegmentFields();
  registerDocumentSegmentFields();
  registerSupportSegmentFields();
  registerSurveySegmentFields();
  registerInsightSegmentFields();
  registerCampaignSegmentFields();
  registerLoyaltySegmentFields();
}

const SMS_STATUS_JOB = 'sms.status-poll';
const QUOTE_EXPIRY_JOB = 'documents.expire-quotes';
const CONTRACT_SWEEP_JOB = 'contracts.sweep';
const SLA_WATCH_JOB = 'support.sla-watch';
const REGROUP_JOB = 'support.regroup';
/** Embedded only: VACUUM and ANALYZE of the tables that changed (PGlite has no autovacuum; server/db/maintenance.ts). */
const DB_MAINTENANCE_JOB = 'db.maintenance';
const SURVEY_DISPATCH_JOB = 'surveys.dispatch';
const SURVEY_PERIODIC_JOB = 'surveys.periodic';
const STALE_CALLS_JOB = 'telephony.stale-calls';
const BACKUP_JOB = 'ops.backup';
const API_USAGE_PURGE_JOB = 'auth.api-usage-purge';

/** The routes' context plus the modules' long-lived services (the channels, the PBX link), handed to their own routes. */
export type AppServices = AppContext & { channels: Channels; ami: AmiManager };
export type Runtime = AppServices & { sessionCache: SessionCache; startJobs(): Promise<void>; close(): Promise<void> };

export async function boot(config: Config, opts: { clock?: Clock; database?: Database; jobs?: boolean; deferJobs?: boolean; emailDriver?: EmailDriver; smsDriver?: SmsDriver; log?: (msg: string, err?: unknown) => void; amiFactory?: AmiClientFactory; resolve?: Resolver } = {}): Promise<Runtime> {
  const log = opts.log ?? ((m: string, e?: unknown) => console.error(m, e ?? ''));
  const clock = opts.clock ?? systemClock;
  const database = opts.database ?? await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, pool: config.databasePool, worker: config.pgliteWorker });
  await runMigrations(database);
  await ensureBuiltInRoles(database.db);
  await ensureDefaultSlaPolicies(database.db);
  await purgeExpiredSessions(database.db, clock);
  const secret = await serverSecret(database.db);
  registerInteractionViews();
  registerTaskViews();
  registerSalesViews();
  registerMessageViews();
  // Before support: a customer's texted-back survey score is taken before the text can join a ticket.
  registerSurveyViews(clock);
  setSurveyLinkBase(config.publicUrl);
  registerSupportViews();
  registerDocuments(database.db);
  registerInsightViews();
  // The customers list filters by a saved segment (customers cannot import segments, which read customers).
  setCustomerSegmentFilter((db, actor, segmentId) => savedSegmentWhere(db, actor, clock, segmentId));
  // The scorecard's "processes reviewed" reads the journeys' pain point reviews.
  setScorecardReviewSource(painReviewSummary);
  registerLoyalty();
  registerPreferencesView();
  registerMessageDelivery();
  // Every module owning rows that point at a customer hands them over when two customers are merged.
  registerInteractionMover();
  registerTaskMover();
  registerSalesMover();
  registerDocumentMover();
  registerSupportMover();
  registerSurveyMover();
  registerMessageMover();
  registerTelephonyMover();
  registerSegmentMover();
  registerCampaignMover();
  registerAutomationMover();
  registerAutomationTriggers();
  registerInsightMover();
  registerLoyaltyMover();
  registerJourneyMover();
  registerDataRights();
  registerSegmentFields();
  const hub = new RealtimeHub();
  await hub.start(database);
  // What session cookies stand for, kept in memory and dropped on every change (server/modules/auth/session-cache.ts).
  const sessionCache = new SessionCache(database, clock, { sessionDays: config.sessionDays, ttlSeconds: config.sessionCacheSeconds });
  await sessionCache.start();

  // One guard for every outbound connection: the operator's allow-list plus the admin's, read at each check.
  const outbound = new OutboundGuard({ allow: async () => [...config.outboundAllow, ...(await readOutboundAllow(database.db))], resolve: opts.resolve });
  const channels = new Channels(database.db, config, secret, outbound, { email: opts.emailDriver, sms: opts.smsDriver });
  let queue: JobQueue = new NullQueue();
  const defs: JobDef<unknown>[] = [
    ...campaignJobs({ database, clock, links: { secret, publicUrl: config.publicUrl }, rates: config.campaignRates }),
    ...automationJobs({ database, clock }),
    ...insightsJobs({ database, clock }),
    ...loyaltyJobs({ database, clock }),
    ...scorecardJobs({ database, clock }),
    ...journeyJobs({ database, clock }),
    ...reportJobs({ database, clock }),
    ...reminderJobs({ database, clock, queue: () => queue, emailEnabled: async () => Boolean(await channels.email()) }),
    ...outboxJobs({ db: database.db, now: () => clock.now(), queue: () => queue, senders: async () => channelSenders(await channels.email(), await channels.sms(), await channels.smsLines()) }),
    ...webhookJobs({ db: database.db, clock, guard: outbound, queue: () => queue }),
    { name: QUOTE_EXPIRY_JOB, schema: z.unknown(), handler: async () => { await expireQuotes(database.db, clock); } },
    { name: CONTRACT_SWEEP_JOB, schema: z.unknown(), handler: async () => { await sweepContracts(database.db, clock); } },
    { name: SLA_WATCH_JOB, schema: z.unknown(), handler: async () => { await withTx(database, (tx) => watchSla(tx, clock)); } },
    { name: SURVEY_DISPATCH_JOB, schema: z.unknown(), handler: async () => { await dispatchDue(database.db, clock, (fn) => withTx(database, fn)); } },
    { name: SURVEY_PERIODIC_JOB, schema: z.unknown(), handler: async () => { await withTx(database, (tx) => schedulePeriodic(tx, clock)); } },
    { name: STALE_CALLS_JOB, schema: z.unknown(), handler: async () => { await withTx(database, (tx) => expireStaleCalls(tx, clock)); } },
    { name: REGROUP_JOB, schema: z.unknown(), handler: async () => { await regroupProblems(database, clock); } },
    { name: DB_MAINTENANCE_JOB, schema: z.unknown(), handler: async () => {
      if (database.kind !== 'pglite') return;
      const done = await maintainTables(database);
      if (done.length) log(`Database maintenance: vacuumed and analyzed ${done.map((t) => t.table).join(', ')}`);
    } },
    { name: BACKUP_JOB, schema: z.unknown(), handler: async () => {
      if (!config.backup) return;
      const { file, deleted } = await scheduledBackup(database, config.backup.dir, config.backup.keep, clock.now());
      log(`Scheduled backup written: ${file}${deleted.length ? ` (${deleted.length} older removed)` : ''}`);
    } },
    { name: API_USAGE_PURGE_JOB, schema: z.unknown(), handler: async () => { await purgeApiUsage(database.db, clock); } },
    // Fault injection for the import crash test: die right after the second chunk of an import is committed.
    ...importJobs({ database, clock, afterChunk: config.failpoint === 'crash-in-import' ? (k) => { if (k === 2) process.kill(process.pid, 'SIGKILL'); } : undefined }),
    ...shopJobs({ database, clock, guard: outbound }),
    { name: SMS_STATUS_JOB, schema: z.unknown(), handler: async () => { const d = await channels.sms(); if (d) await pollSmsStatuses(database.db, d, clock.now()); } },
  ];
  let jobsStarted = false;
  const startJobs = async () => {
    if (jobsStarted || !(opts.jobs ?? config.jobs)) return;
    jobsStarted = true;
    queue = await startQueue(database, defs, log);
    await queue.schedule(REMINDER_SWEEP_JOB, '* * * * *');
    await queue.schedule(OUTBOX_SWEEP_JOB, '* * * * *');
    await queue.schedule(SMS_STATUS_JOB, '*/5 * * * *');
    await queue.schedule(WEBHOOK_SWEEP_JOB, '* * * * *');
    await queue.schedule(QUOTE_EXPIRY_JOB, '5 * * * *');
    await queue.schedule(CONTRACT_SWEEP_JOB, '20 * * * *');
    await queue.schedule(SLA_WATCH_JOB, '* * * * *');
    await queue.schedule(REGROUP_JOB, '40 * * * *');
    await queue.schedule(STALE_CALLS_JOB, '*/5 * * * *');
    await queue.schedule(API_USAGE_PURGE_JOB, '*/15 * * * *');
    await queue.schedule(SURVEY_DISPATCH_JOB, '* * * * *');
    await queue.schedule(CAMPAIGN_TICK_JOB, '* * * * *');
    await queue.schedule(AUTOMATIONS_TICK_JOB, '* * * * *');
    await queue.schedule(SHOP_SYNC_JOB, SHOP_SYNC_CRON); // does nothing until a store is configured
    await queue.schedule(SURVEY_PERIODIC_JOB, '0 7 * * *'); // 10:30 in Tehran
    await queue.schedule(INSIGHTS_REFIT_JOB, INSIGHTS_REFIT_CRON); // nightly customer models
    await queue.schedule(LOYALTY_DAILY_JOB, LOYALTY_DAILY_CRON); // points expiry, tiers as the window moves
    await queue.schedule(SCORECARD_MONTHLY_JOB, SCORECARD_MONTHLY_CRON); // the month just ended, stored as measured
    await queue.schedule(JOURNEY_MAP_REFRESH_JOB, JOURNEY_MAP_REFRESH_CRON); // the journey maps read in the last day stay fresh
    await queue.schedule(DASHBOARD_REFRESH_JOB, DASHBOARD_REFRESH_CRON); // and the dashboards
    if (config.backup) await queue.schedule(BACKUP_JOB, config.backup.cron);
    if (database.kind === 'pglite') {
      await queue.schedule(DB_MAINTENANCE_JOB, '*/10 * * * *');
      // Tables written by an earlier version or by `mehvar import` while the server was down.
      await queue.send(DB_MAINTENANCE_JOB, {}, { singletonKey: 'start', startAfter: new Date(Date.now() + 30_000) });
    }
    await queue.send(REGROUP_JOB, {}, { singletonKey: 'start' }); // tickets opened while the app was down
    // Messages committed by a previous run whose delivery job never got queued (a crash right after the commit).
    await requeueStaleOutbox(database.db, queue, clock.now(), 0);
    // Imports a previous run left midway go on from their cursor.
    await resumeImports(database, queue);
    // Refits asked for on demand that a previous process left running (or that are past the limit) are marked failed.
    await recoverRefitRuns(database, clock);
  };
  // The server defers the queue until it listens (pg-boss's start-up is the slowest part of booting on PGlite);
  // a reminder set in that second is caught by the sweep.
  if (!opts.deferJobs) await startJobs();
  setMessageQueueHook(async (outboxId, channel) => {
    // Fault injection for the crash test: die after the outbox row is committed, before its job is queued.
    if (config.failpoint === 'crash-after-outbox-commit') process.kill(process.pid, 'SIGKILL');
    await queue.send(outboxJobName(channel), { outboxId }, { singletonKey: outboxId });
  });
  setAutomationWakeHook(async () => { await queue.send(AUTOMATIONS_TICK_JOB, {}); });
  setWebhookQueueHook(async (ids) => { for (const id of ids) await queue.send(WEBHOOK_DELIVER_JOB, { id }, { singletonKey: id }); });
  setReminderHook(async (t) => afterCommit(() => queue.send(REMINDER_JOB, { taskId: t.id }, { startAfter: t.reminderAt, singletonKey: `${t.id}:${t.reminderAt.toISOString()}` })));

  // The PBX link logs what an operator needs (connected, refused, reconnecting); only problems go to stderr.
  const telephonyLog = (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => {
    if (level === 'info' && !opts.log) console.log(msg, extra ? JSON.stringify(extra) : ''); else log(msg, extra ? JSON.stringify(extra) : undefined);
  };
  const ami = new AmiManager(database, clock, telephonyLog, outbound, opts.amiFactory);
  await ami.start();

  const credentials: Credentials = {
    apiKey: (key) => actorFromApiKey(database.db, clock, key),
    session: (token) => sessionCache.resolve(token),
    forget: (change) => sessionCache.forget(change),
    countKeyRequest: (keyId, limit) => countKeyRequest(database.db, clock, keyId, limit),
  };
  const idempotency: IdempotencyStore = {
    begin: (userId, key, hash) => beginIdempotent(database.db, clock, userId, key, hash),
    finish: (userId, key, status, body) => finishIdempotent(database.db, userId, key, status, body),
    abandon: (userId, key) => abandonIdempotent(database.db, userId, key),
  };
  const ctx: AppServices = { database, clock, config, queue, hub, secret, credentials, idempotency, outbound, channels, ami };
  return {
    ...ctx,
    sessionCache,
    get queue() { return queue; },
    startJobs,
    async close() {
      await queue.stop();
      await ami.close();
      await sessionCache.close();
      await hub.close();
      await database.close();
    },
  };
}
