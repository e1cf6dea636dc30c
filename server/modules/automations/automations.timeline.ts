/**
 * Automation runs on the customer's timeline (kind `automation_run`): the rule's name, the run's status and last
 * outcome, and a link to the run in the rule's log. Shown to readers of the run log (settings:read), like
 * GET /api/customers/:id/automation-runs; the timeline itself already checked the customer is in the reader's scope.
 */
import { sql } from 'drizzle-orm';
import { registerTimelineSource, beforeCursor, isoAt } from '../customers/index.ts';
import { can } from '../auth/index.ts';
import type { RunLogEntry } from './automations.tables.ts';

export const AUTOMATION_TIMELINE_KIND = 'automation_run';

export function registerAutomationViews(): void {
  registerTimelineSource({
    kind: AUTOMATION_TIMELINE_KIND,
    async fetch(db, actor, customerId, cursor, limit) {
      if (!can(actor, 'settings', 'read') || !can(actor, 'customers', 'read')) return [];
      const rows = (await db.execute(sql`
        SELECT r.id, r.automation_id, a.name, r.status, r.step, jsonb_array_length(r.definition -> 'actions') AS steps, r.log, r.created_at, r.finished_at
        FROM automation_runs r JOIN automations a ON a.id = r.automation_id
        WHERE r.customer_id = ${customerId} AND ${beforeCursor(AUTOMATION_TIMELINE_KIND, sql`r.created_at`, sql`r.id::text`, cursor)}
        ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit}`)).rows as {
          id: string; automation_id: string; name: string; status: string; step: number; steps: number; log: RunLogEntry[] | string; created_at: Date | string; finished_at: Date | string | null }[];
      return rows.map((r) => {
        const log = (typeof r.log === 'string' ? JSON.parse(r.log) : r.log) as RunLogEntry[];
        const last = log.at(-1) ?? null;
        return {
          kind: AUTOMATION_TIMELINE_KIND, id: r.id, at: isoAt(r.created_at),
          data: {
            runId: r.id, automationId: r.automation_id, automationName: r.name, status: r.status, step: Number(r.step), steps: Number(r.steps),
            lastAction: last?.action ?? null, lastOutcome: last?.outcome ?? null, finishedAt: r.finished_at ? isoAt(r.finished_at) : null,
            // Where the run is read step by step: the rule's page with this run opened.
            link: `/automations?automation=${r.automation_id}&run=${r.id}`,
          },
        };
      });
    },
  });
}
