/**
 * "Campaign clicked" as a touchpoint (issue 19's list of rules): a customer who got a campaign's message is in the
 * stage of the message; once they click its tracked link, the click is a touchpoint of its own (source
 * 'campaign_click', at the first click), in journey_events at the next incremental refresh, on the customer's path
 * and in the map. A rule on campaign messages alone ({source: 'campaign'}) is not met by the click.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { refreshJourneyEvents } from './index.ts';

const START = '2027-02-01T08:00:00Z';
const SENT = '2027-01-05T07:00:00.000Z';
let env: TestEnv;
let admin: Agent;
let customerId = '';
let recipientId = '';
let journeyId = '';

const db = () => env.rt.database.db;
const eventsOf = async () => ((await db().execute(sql`SELECT src, ev, at FROM journey_events WHERE customer_id = ${customerId} ORDER BY at, src`)).rows as { src: string; ev: string; at: Date | string }[])
  .map((r) => `${r.src}/${r.ev}@${new Date(r.at).toISOString()}`);
const pathOf = async () => {
  const res = await admin.get(`/api/customers/${customerId}/journey?journeyId=${journeyId}`);
  expect(res.statusCode).toBe(200);
  const body = res.json() as { currentStage: string; path: { stageKey: string; touchpoints: { key: string; at: string }[] }[] };
  return { current: body.currentStage, path: body.path.map((v) => `${v.stageKey}: ${v.touchpoints.map((t) => `${t.key}@${t.at}`).join(', ')}`) };
};

beforeAll(async () => {
  env = await createTestEnv({ start: START });
  admin = await env.login('admin');
  const [c] = (await db().execute(sql`INSERT INTO customers (kind, display_name, created_at, updated_at) VALUES ('person', 'مشتری کلیک', '2026-12-01', '2026-12-01') RETURNING id`)).rows as { id: string }[];
  customerId = String(c.id);
  // Others with nothing to do with it: one changed customer of many is an incremental refresh, not a full one.
  await db().execute(sql`INSERT INTO customers (kind, display_name, created_at, updated_at) SELECT 'person', 'دیگری ' || g, '2026-12-01', '2026-12-01' FROM generate_series(1, 40) g`);
  const [cp] = (await db().execute(sql`INSERT INTO campaigns (name, segment_id, body, holdout_percent, advertising, status, started_at, created_at, updated_at)
    VALUES ('حراج زمستانه', gen_random_uuid(), 'سلام', 0, true, 'done', ${SENT}, ${SENT}, ${SENT}) RETURNING id`)).rows as { id: string }[];
  const [r] = (await db().execute(sql`INSERT INTO campaign_recipients (campaign_id, customer_id, grp, status, phone, channel, queued_at)
    VALUES (${cp.id}, ${customerId}, 'send', 'queued', '+989121234567', 'sms', ${SENT}) RETURNING id`)).rows as { id: string }[];
  recipientId = String(r.id);
  const res = await admin.post('/api/journeys', {
    name: 'کمپین تا خرید',
    stages: [{ key: 'awareness', name: 'آشنایی' }, { key: 'interest', name: 'علاقه' }],
    touchpoints: [
      { key: 'message', name: 'پیام کمپین', stageKey: 'awareness', rule: { source: 'campaign' } },
      { key: 'click', name: 'کلیک روی پیوند', stageKey: 'interest', rule: { source: 'campaign_click', channels: ['sms'] } },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  journeyId = res.json().id;
}, 180_000);
afterAll(async () => env?.close());

describe('a campaign click as a touchpoint', () => {
  it('before any click: the message alone, in the first stage', async () => {
    await refreshJourneyEvents(db(), env.clock.now());
    expect(await eventsOf()).toEqual([`campaign/message@${SENT}`]);
    expect(await pathOf()).toEqual({ current: 'awareness', path: [`awareness: message@${SENT}`] });
  });

  it('the click comes in through the next incremental refresh and moves the customer on', async () => {
    env.clock.advance(60_000);
    const clickedAt = env.clock.now().toISOString();
    // As the tracked link's route records it (campaigns-public.routes.ts): the first click's time, a count.
    await db().execute(sql`UPDATE campaign_recipients SET clicks = clicks + 1, clicked_at = coalesce(clicked_at, ${clickedAt}::timestamptz) WHERE id = ${recipientId}`);
    env.clock.advance(60_000);
    const r = await refreshJourneyEvents(db(), env.clock.now());
    expect(r).toMatchObject({ mode: 'incremental', customers: 1 });
    expect(await eventsOf()).toEqual([`campaign/message@${SENT}`, `campaign_click/clicked@${clickedAt}`]);
    expect(await pathOf()).toEqual({ current: 'interest', path: [`awareness: message@${SENT}`, `interest: click@${clickedAt}`] });

    // The map of the period counts the customer in both stages, one of one moving on.
    const map = await admin.get(`/api/journeys/${journeyId}/map?from=2027-01-01&to=2027-02-01`);
    expect(map.statusCode).toBe(200);
    expect(map.json().stages.map((s: { key: string; customers: number; conversion: number | null }) => [s.key, s.customers, s.conversion]))
      .toEqual([['awareness', 1, 1], ['interest', 1, null]]);
  });

  it('a click by another channel than the rule’s is not the touchpoint', async () => {
    await db().execute(sql`UPDATE campaign_recipients SET channel = 'email' WHERE id = ${recipientId}`);
    // The recipient row has no stamp of its own for a channel change: a full refresh reads it again.
    await refreshJourneyEvents(db(), env.clock.now(), { full: true });
    expect(await pathOf()).toEqual({ current: 'awareness', path: [`awareness: message@${SENT}`] });
  });
});
