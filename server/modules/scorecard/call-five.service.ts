/**
 * The article's opening exercise, built in: "call five customers and ask what one thing they would change". One click
 * picks five customers the caller may see, with a phone, active in the last year and not heard in the last 90 days
 * (the same five all day for the same caller: a hash of the day orders them), and gives the caller a task per customer
 * due today. The answers come back through the post-call form's question, or the card's answer box, into the feedback inbox.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { assertCan, customerScopeSql, type Actor } from '../auth/index.ts';
import { createTask } from '../tasks/index.ts';
import { todayIn } from '../../../common/jalali.ts';

export const ONE_CHANGE_QUESTION = {
  fa: 'اگر فقط یک چیز را در کار ما می‌توانستید تغییر دهید، چه بود؟',
  en: 'If you could change just one thing about how we work with you, what would it be?',
};

export type CallFiveItem = { customerId: string; displayName: string; phone: string | null; taskId: string };

export async function startCallFive(tx: Db, actor: Actor, clock: Clock): Promise<{ question: typeof ONE_CHANGE_QUESTION; items: CallFiveItem[] }> {
  assertCan(actor, 'customers', 'read');
  assertCan(actor, 'tasks', 'create');
  const now = clock.now();
  const today = todayIn(now);
  const scope = customerScopeSql(actor, 'c');
  const picked = (await tx.execute(sql`
    SELECT c.id::text AS id, c.display_name AS name, c.phones->0->>'number' AS phone
    FROM customers c
    WHERE c.deleted_at IS NULL AND c.erased_at IS NULL AND cardinality(c.phone_keys) > 0
      AND c.last_activity_at >= ${new Date(now.getTime() - 365 * 86_400_000).toISOString()}::timestamptz
      AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.customer_id = c.id AND f.created_at >= ${new Date(now.getTime() - 90 * 86_400_000).toISOString()}::timestamptz)
      ${scope ? sql`AND ${scope}` : sql``}
    ORDER BY md5(c.id::text || ${today} || ${actor.userId}) LIMIT 5`)).rows as { id: string; name: string; phone: string | null }[];
  // Due at the end of the business day (21:00 Tehran).
  const dueAt = new Date(`${today}T21:00:00+03:30`).toISOString();
  const items: CallFiveItem[] = [];
  for (const c of picked) {
    const task = await createTask(tx, actor, clock, {
      title: `تماس با ${c.name}: یک چیزی که تغییر می‌دادند؟`, description: `${ONE_CHANGE_QUESTION.fa}\n${ONE_CHANGE_QUESTION.en}`,
      customerId: c.id, dueAt, priority: 'normal',
    } as Parameters<typeof createTask>[3]);
    items.push({ customerId: c.id, displayName: c.name, phone: c.phone, taskId: (task as { id: string }).id });
  }
  return { question: ONE_CHANGE_QUESTION, items };
}
