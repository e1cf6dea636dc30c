/** How the business reviews its journeys, for the scorecard: pain points reviewed (and given an action) in a period, and the last review. */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { toIso } from '../../db/values.ts';

export async function painReviewSummary(db: Db, since: string, to: string): Promise<{ reviewed: number; acted: number; lastReviewAt: string | null }> {
  const [r] = (await db.execute(sql`
    SELECT count(*) FILTER (WHERE reviewed_at >= ${since}::timestamptz AND reviewed_at < ${to}::timestamptz)::int AS reviewed,
           count(*) FILTER (WHERE reviewed_at >= ${since}::timestamptz AND reviewed_at < ${to}::timestamptz
             AND (action_owner_id IS NOT NULL OR action_task_id IS NOT NULL OR action_due_date IS NOT NULL))::int AS acted,
           max(reviewed_at) FILTER (WHERE reviewed_at < ${to}::timestamptz) AS last
    FROM journey_pain_reviews`)).rows as { reviewed: number; acted: number; last: unknown }[];
  return { reviewed: Number(r?.reviewed ?? 0), acted: Number(r?.acted ?? 0), lastReviewAt: r?.last == null ? null : toIso(r.last) };
}
