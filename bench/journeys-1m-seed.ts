/**
 * Seeds a PostgreSQL database for bench/journeys-1m.ts straight in SQL (generate_series): N customers and their
 * journey_events rows (~10 a customer), with journey_events_state stamped as filled now, so the refresh before a map
 * finds nothing to do (the source tables stay empty: the bench measures the map over journey_events, not the fill).
 *
 * The events follow server/demo/journey-story.ts (first purchase of one of four product lines 200–360 days ago, a
 * delivery CSAT answer 2–6 days later, 70 % a ticket 15–40 days later with its first response and resolution, a repeat
 * purchase) with both findings planted the same way:
 *  - pain point: the slow line's delivery CSAT is 60 % unhappy against 15 % (delivery_csat, product_line comparison);
 *  - moment of truth: a first ticket solved at first contact → 80 % buy again within 180 days against 20 %.
 * Around it, outcomes independent of everything (the control): two campaign messages, a web-form lead (40 %), an
 * answered call (50 %), a missed call (10 %, returned or not), a conversation before buying, a quote (30 %: sent,
 * viewed, accepted or expired), a conversation after buying, a service contract (10 %), an NPS answer (40 %) and a
 * hand-over on 5 % of tickets.
 *
 * Seeding only: the customers' search-word triggers are disabled for the insert (bench names, no search needed) and
 * enabled again; customers are stamped two hours back so the refresh does not see them as changed.
 */
import type { Database } from '../server/db/client.ts';

export async function seedJourneys1m(database: Database, n: number, log: (o: Record<string, unknown>) => void): Promise<void> {
  const q = (s: string) => database.exec(s);
  const t0 = performance.now();
  const step = async (name: string, s: string) => { const t = performance.now(); await q(s); log({ seedStep: name, ms: Math.round(performance.now() - t) }); };
  await step('customers', `ALTER TABLE customers DISABLE TRIGGER USER;
    INSERT INTO customers (kind, display_name, created_at, updated_at) SELECT 'person', 'bench ' || g, now() - interval '400 days', now() - interval '2 hours' FROM generate_series(1, ${n}) g;
    ALTER TABLE customers ENABLE TRIGGER USER;`);
  // One row per customer with every random draw the events need (correlated draws are decided here, once).
  await step('story', `DROP TABLE IF EXISTS bench_story; CREATE UNLOGGED TABLE bench_story AS
    SELECT id, line, slow, unhappy, first_at, has_ticket, fcr, tk_at, tk_at + (1 + floor(random() * 72)) * interval '1 hour' AS resolved_at,
      CASE WHEN has_ticket THEN random() < (CASE WHEN fcr THEN 0.8 ELSE 0.2 END) ELSE random() < (CASE WHEN unhappy THEN 0.2 ELSE 0.4 END) END AS repeats,
      CASE WHEN has_ticket THEN tk_at + (10 + floor(random() * 161)) * interval '1 day' ELSE first_at + (20 + floor(random() * 171)) * interval '1 day' END AS repeat_at,
      CASE WHEN unhappy THEN 1 + floor(random() * 2) ELSE 3 + floor(random() * 3) END AS score
    FROM (SELECT id, line, slow, first_at, has_ticket, random() < 0.5 AS fcr, random() < (CASE WHEN slow THEN 0.6 ELSE 0.15 END) AS unhappy,
        first_at + (15 + floor(random() * 26)) * interval '1 day' AS tk_at
      FROM (SELECT id, (ARRAY['یخچال', 'لباسشویی', 'تلویزیون', 'کولر'])[l + 1] AS line, l = 1 AS slow, random() < 0.7 AS has_ticket,
          now() - (200 + floor(random() * 161)) * interval '1 day' - floor(random() * 86400) * interval '1 second' AS first_at
        FROM (SELECT id, floor(random() * 4)::int AS l FROM customers) c) a) b`);
  const ins = (name: string, select: string) => step(name, `INSERT INTO journey_events (customer_id, src, ev, channel, at, outcome, line, ref, wait_h, score) ${select}`);
  await ins('first purchase', `SELECT id, 'invoice', 'paid', NULL, first_at, NULL, line, gen_random_uuid()::text, NULL, NULL FROM bench_story`);
  await ins('delivery csat', `SELECT id, 'survey', 'csat', 'invoice_paid', first_at + (2 + floor(random() * 5)) * interval '1 day', CASE WHEN unhappy THEN 'bad' ELSE 'good' END, line, gen_random_uuid()::text, NULL, score FROM bench_story`);
  await ins('ticket opened', `SELECT id, 'ticket', 'opened', 'phone', tk_at, CASE WHEN fcr THEN 'good' ELSE 'bad' END, line, id::text || '-t', NULL, NULL FROM bench_story WHERE has_ticket`);
  await ins('first response', `SELECT id, 'ticket', 'first_response', 'phone', tk_at + interval '30 minutes', NULL, line, id::text || '-t', 0.5, NULL FROM bench_story WHERE has_ticket`);
  await ins('resolved', `SELECT id, 'ticket', 'resolved', 'phone', resolved_at, NULL, line, id::text || '-t', extract(epoch FROM resolved_at - tk_at) / 3600, NULL FROM bench_story WHERE has_ticket`);
  await ins('repeat purchase', `SELECT id, 'invoice', 'paid', NULL, repeat_at, NULL, (ARRAY['یخچال', 'لباسشویی', 'تلویزیون', 'کولر'])[1 + floor(random() * 4)::int], gen_random_uuid()::text, NULL, NULL FROM bench_story WHERE repeats`);
  await ins('campaign messages', `SELECT id, 'campaign', 'message', 'sms', first_at - (5 + floor(random() * 56)) * interval '1 day', NULL, NULL, gen_random_uuid()::text, NULL, NULL FROM bench_story, generate_series(1, 2)`);
  await ins('web-form leads', `SELECT id, 'lead', 'web_form', NULL, first_at - (3 + floor(random() * 38)) * interval '1 day', NULL, NULL, gen_random_uuid()::text, NULL, NULL FROM bench_story WHERE random() < 0.4`);
  await ins('answered calls', `SELECT id, 'call', 'answered', 'in', first_at - (1 + floor(random() * 20)) * interval '1 day', NULL, NULL, gen_random_uuid()::text, NULL, NULL FROM bench_story WHERE random() < 0.5`);
  await ins('missed calls', `SELECT id, 'call', 'missed', 'in', first_at - (1 + floor(random() * 20)) * interval '1 day', CASE WHEN random() < 0.6 THEN 'good' ELSE 'pending' END, NULL, gen_random_uuid()::text, NULL, NULL FROM bench_story WHERE random() < 0.1`);
  await ins('conversations before', `SELECT id, 'interaction', 'call', NULL, first_at - (1 + floor(random() * 30)) * interval '1 day', NULL, NULL, gen_random_uuid()::text, NULL, NULL FROM bench_story`);
  await step('quotes', `DROP TABLE IF EXISTS bench_quote; CREATE UNLOGGED TABLE bench_quote AS
    SELECT id, first_at - (2 + floor(random() * 9)) * interval '1 day' AS sent_at, random() < 0.7 AS accepted, gen_random_uuid()::text AS ref FROM bench_story WHERE random() < 0.3`);
  await ins('quotes sent', `SELECT id, 'quote', 'sent', NULL, sent_at, CASE WHEN accepted THEN 'good' ELSE 'bad' END, NULL, ref, NULL, NULL FROM bench_quote`);
  await ins('quotes viewed', `SELECT id, 'quote', 'viewed', NULL, sent_at + interval '1 day', NULL, NULL, ref, NULL, NULL FROM bench_quote`);
  await ins('quotes decided', `SELECT id, 'quote', CASE WHEN accepted THEN 'accepted' ELSE 'expired' END, NULL, sent_at + interval '1 day 2 hours', NULL, NULL, ref, NULL, NULL FROM bench_quote`);
  await ins('conversations after', `SELECT id, 'interaction', 'call', NULL, first_at + (5 + floor(random() * 96)) * interval '1 day', NULL, NULL, gen_random_uuid()::text, NULL, NULL FROM bench_story`);
  await ins('contracts', `SELECT id, 'contract', 'started', 'service', first_at + interval '10 days', NULL, NULL, gen_random_uuid()::text, NULL, NULL FROM bench_story WHERE random() < 0.1`);
  await ins('nps answers', `SELECT id, 'survey', 'nps', 'periodic', first_at + (60 + floor(random() * 91)) * interval '1 day', CASE WHEN s <= 6 THEN 'bad' ELSE 'good' END, NULL, gen_random_uuid()::text, NULL, s
    FROM (SELECT id, first_at, floor(random() * 11) AS s FROM bench_story WHERE random() < 0.4) x`);
  await ins('hand-overs', `SELECT id, 'handover', 'assigneeId', NULL, tk_at + interval '1 hour', CASE WHEN w <= 24 THEN 'good' ELSE 'pending' END, NULL, id::text || '-t', w, NULL
    FROM (SELECT id, tk_at, 2 + floor(random() * 47) AS w FROM bench_story WHERE has_ticket AND random() < 0.05) x`);
  await step('state', `INSERT INTO journey_events_state (id, filled_at, refreshed_at, last_ms, last_customers) VALUES ('events', now(), now(), 0, -1)
    ON CONFLICT (id) DO UPDATE SET filled_at = now(), refreshed_at = now(), stale = '{}'`);
  await step('drop story tables', 'DROP TABLE bench_story; DROP TABLE bench_quote');
  await step('analyze', 'ANALYZE customers; ANALYZE journey_events');
  log({ seeded: n, seedSeconds: Math.round(performance.now() - t0) / 1000 });
}
