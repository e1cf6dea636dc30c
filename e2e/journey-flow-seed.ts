/**
 * Rows that plant the flow findings of the journey map (server/modules/journeys/journeys.flow-findings.ts) and the
 * satisfaction moment of truth, written straight into a stopped server's database, every date counted back from now:
 *  - drop-off at «آشنایی» (awareness): web-form leads; in the year before the period 70 % of 150 go on to buy within
 *    90 days, in the period only 30 % (105 of 150 stop);
 *  - long wait at the hand-over touchpoint: the year before, 60 replies 2 h and 60 replies 10 h after a ticket changed
 *    hands (median 6 h); in the period 100 waits of 20 h and 10 of 2 h;
 *  - satisfaction_180d at «ثبت تیکت»: 200 tickets at least 200 days old, solved at first contact (one reply) or not
 *    (three), and a CSAT answer 20–100 days later: happy 9 in 10 after a good ticket, 3 in 10 after a bad one.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../server/db/client.ts';
import { customers } from '../server/modules/customers/index.ts';
import { products } from '../server/modules/sales/index.ts';
import { leadSubmissions } from '../server/modules/leads/index.ts';
import { auditLog } from '../server/modules/audit/index.ts';
import { tickets, ticketMessages } from '../server/modules/support/index.ts';
import { writeStory, type Story } from '../server/demo/journey-story.ts';

const DAY = 86_400_000, HOUR = 3_600_000;
export const DROP_OFF = { before: 150, during: 150, stuckDuring: 105 };
export const WAITS = { beforeShort: 60, beforeLong: 60, duringLong: 100, duringShort: 10 };

async function people(db: Db, prefix: string, n: number) {
  const rows = await db.insert(customers).values(Array.from({ length: n }, (_, i) => ({ kind: 'person' as const, displayName: `${prefix} ${i + 1}` }))).returning({ id: customers.id });
  return rows.map((r) => r.id);
}

export async function writeFlowStory(db: Db, now = Date.now()) {
  const [product] = await db.insert(products).values({ code: 'JF-1', nameFa: 'سرویس', category: 'سرویس', price: 10_000_000n }).returning({ id: products.id });
  const story: Story = { purchases: [], answers: [], tickets: [] };
  const buy = (customerId: string, at: number) => story.purchases.push({ customerId, at: new Date(at), productId: product.id, line: 'سرویس' });

  // Drop-off: leads, some of whom buy within 90 days.
  const leadIds = await people(db, 'سرنخ', DROP_OFF.before + DROP_OFF.during);
  const stuck: string[] = [];
  const leads = leadIds.map((customerId, i) => {
    const during = i >= DROP_OFF.before;
    const k = during ? i - DROP_OFF.before : i;
    const at = now - (during ? 100 + (k * 200) / DROP_OFF.during : 400 + (k * 250) / DROP_OFF.before) * DAY;
    const goesOn = during ? k % 10 < 3 : k % 10 < 7;
    if (goesOn) buy(customerId, at + (10 + (k % 50)) * DAY);
    else if (during) stuck.push(customerId);
    return { formId: randomUUID(), customerId, outcome: 'created' as const, ipHash: 'e2e', payload: {}, consents: [], at: new Date(at) };
  });
  await db.insert(leadSubmissions).values(leads);

  // Long waits: a ticket per customer that changed hands, and the reply that came after.
  const waits: { daysAgo: number; hours: number }[] = [
    ...Array.from({ length: WAITS.beforeShort }, (_, k) => ({ daysAgo: 400 + k * 4, hours: 2 })),
    ...Array.from({ length: WAITS.beforeLong }, (_, k) => ({ daysAgo: 402 + k * 4, hours: 10 })),
    ...Array.from({ length: WAITS.duringLong }, (_, k) => ({ daysAgo: 20 + k * 2.5, hours: 20 })),
    ...Array.from({ length: WAITS.duringShort }, (_, k) => ({ daysAgo: 30 + k * 20, hours: 2 })),
  ];
  const waitIds = await people(db, 'ارجاع', waits.length);
  const handed = waits.map((w, i) => ({ id: randomUUID(), customerId: waitIds[i], at: now - w.daysAgo * DAY, hours: w.hours }));
  await db.insert(tickets).values(handed.map((h) => ({
    id: h.id, customerId: h.customerId, channel: 'phone' as const, subject: 'ارجاع به کارشناس فنی', status: 'open' as const,
    createdAt: new Date(h.at - HOUR), updatedAt: new Date(h.at + h.hours * HOUR),
  })));
  await db.insert(auditLog).values(handed.map((h) => ({
    at: new Date(h.at), entityType: 'ticket' as const, entityId: h.id, customerId: h.customerId, action: 'update' as const,
    field: 'assigneeId', oldValue: randomUUID(), newValue: randomUUID(),
  })));
  await db.insert(ticketMessages).values(handed.map((h) => ({
    ticketId: h.id, customerId: h.customerId, kind: 'reply' as const, body: 'پاسخ کارشناس', channel: 'none', createdAt: new Date(h.at + h.hours * HOUR),
  })));

  // Satisfaction after a ticket: solved at first contact or not, then a CSAT answer.
  const ticketIds = await people(db, 'تیکت', 200);
  ticketIds.forEach((customerId, i) => {
    const good = i % 2 === 0, k = Math.floor(i / 2);
    const at = now - (200 + (k % 150)) * DAY;
    story.tickets.push({ id: randomUUID(), customerId, at: new Date(at), replies: good ? 1 : 3, resolvedAt: new Date(at + 5 * HOUR), productId: product.id, line: 'سرویس' });
    const happy = good ? k % 10 < 9 : k % 10 < 3;
    story.answers.push({ customerId, at: new Date(at + (20 + (k % 80)) * DAY), score: happy ? 5 : 1, productId: product.id, line: 'سرویس' });
  });
  await writeStory(db, story);
  return { stuck };
}
