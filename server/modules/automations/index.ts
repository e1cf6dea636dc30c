// Automations: trigger (record event with field/stage filters, daily schedule, manual) → condition (segment language)
// → actions (SMS, email, preferred channel, task, owner, tags, stage, field, survey, webhook, branch, waits), each
// customer's run logged step by step, resumable after a crash, and shown on the customer's timeline.
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { JobDef } from '../../jobs/queue.ts';
import { sql } from 'drizzle-orm';
import { onDomainEvent } from '../webhooks/index.ts';
import { setDocumentSmsHandover } from '../documents/index.ts';
import { pickScheduled, onAutomationEvent } from './automations.triggers.ts';
import { processDueRuns } from './automations.runner.ts';
import { registerAutomationViews } from './automations.timeline.ts';
import { AUTOMATIONS_TICK_JOB } from './automations.jobs.ts';
export { automations, automationRuns } from './automations.tables.ts';
export { listAutomations, getAutomation, createAutomation, updateAutomation, deleteAutomation, runAutomationManually, listRuns } from './automations.service.ts';
export { processDueRuns, processRun } from './automations.runner.ts';
export { pickScheduled, customerOfEvent } from './automations.triggers.ts';
export { nextSendingTime } from './automations.actions.ts';
export { setAutomationWakeHook } from './automations.context.ts';
export { registerAutomationMover } from './automations.mover.ts';
export { AUTOMATION_TEMPLATES } from './automations.templates.ts';
export { registerAutomationViews, AUTOMATION_TIMELINE_KIND } from './automations.timeline.ts';
export { eventMatches } from './automations.triggers.ts';
export { AUTOMATIONS_TICK_JOB };

/** At boot: automations observe every domain event in its own transaction, and their runs join the customer's timeline. */
export function registerAutomationTriggers(): void {
  onDomainEvent('automations', onAutomationEvent);
  registerAutomationViews();
  // An enabled rule on a document's first sending that sends an SMS takes the place of the built-in SMS notice.
  setDocumentSmsHandover(async (tx, event) => (await tx.execute(sql`
    SELECT 1 FROM automations WHERE enabled AND trigger ->> 'kind' = 'event' AND trigger ->> 'event' = ${event}
      AND EXISTS (SELECT 1 FROM jsonb_array_elements(actions) a WHERE a ->> 'kind' = 'sms') LIMIT 1`)).rows.length > 0);
}

/** One tick: today's scheduled customers, then every due run. */
export async function automationTick(database: Database, clock: Clock): Promise<void> {
  await pickScheduled(database, clock);
  await processDueRuns(database, clock);
}

export function automationJobs(deps: { database: Database; clock: Clock }): JobDef<unknown>[] {
  return [{ name: AUTOMATIONS_TICK_JOB, schema: z.unknown(), handler: async () => automationTick(deps.database, deps.clock) }];
}
