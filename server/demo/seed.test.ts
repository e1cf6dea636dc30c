import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { verifyIranianNationalId, verifyIranianLegalId } from '@persian-tools/persian-tools';
import { createTestEnv, loginAs, type TestEnv, type Agent } from '../test/harness.ts';
import { seedDemo, DEMO_PASSWORD, type DemoResult } from './seed.ts';
import { buildSearchDoc } from '../modules/customers/index.ts';
import { normalizePhone } from '../../common/phone.ts';
import { fixArabicLetters } from '../../common/fa-normalize.ts';
import type { Phone, Email } from '../../common/customer.schemas.ts';
import { computeTotals } from '../modules/documents/index.ts';
import { toJalaliString } from '../../common/jalali.ts';

let env: TestEnv;
let sales: Agent;
let first: DemoResult;
type Row = Record<string, unknown> & { id: string; display_name: string; phones: Phone[]; emails: Email[] };
let rows: Row[];

beforeAll(async () => {
  env = await createTestEnv();
  first = await seedDemo(env.rt, { log: () => {}, customers: 200 });
  sales = await loginAs(env.app, 'sales1@mehvar.local', DEMO_PASSWORD);
  rows = await env.rt.database.query<Row>('SELECT * FROM customers');
}, 180_000);
afterAll(async () => env?.close());

const names = async (agent: Agent, q: string) => {
  const res = await agent.get(`/api/customers?pageSize=100&q=${encodeURIComponent(q)}`);
  expect(res.statusCode, q).toBe(200);
  return res.json().items as { id: string; displayName: string }[];
};

describe('demo business seeder', () => {
  it('creates the asked number of customers, people and organizations, with a year of interactions and tasks', async () => {
    expect(first).toMatchObject({ seeded: true, customers: 200 });
    expect(rows).toHaveLength(200);
    const orgs = rows.filter((r) => r.kind === 'organization').length;
    expect(orgs).toBeGreaterThan(15);
    expect(orgs).toBeLessThan(50);
    const [{ n, links }] = await env.rt.database.query<{ n: number; links: number }>(
      'SELECT (SELECT count(*) FROM interactions)::int AS n, (SELECT count(*) FROM customer_relations)::int AS links');
    expect(n).toBeGreaterThan(200 * 5);
    expect(links).toBeGreaterThan(0);
  });

  it('stores derived columns exactly as the API would', () => {
    for (const r of rows) {
      expect(r.search_doc).toBe(buildSearchDoc({
        kind: r.kind as string, firstName: r.first_name as string, lastName: r.last_name as string, orgName: r.org_name as string,
        latinName: r.latin_name as string, phones: r.phones, emails: r.emails, nationalId: r.national_id as string,
        companyNationalId: r.company_national_id as string, economicCode: r.economic_code as string,
      }));
      expect(r.phone_keys).toEqual([...new Set(r.phones.map((p) => p.number))]);
      expect(r.phones.filter((p) => p.primary)).toHaveLength(1);
    }
  });

  it('has names typed with Arabic letters that a Persian-letter search finds', async () => {
    const arabic = rows.filter((r) => /[يك]/.test(r.display_name));
    expect(arabic.length).toBeGreaterThanOrEqual(3);
    for (const r of arabic.slice(0, 3)) {
      const persian = fixArabicLetters(r.display_name);
      expect(persian).not.toBe(r.display_name);
      expect((await names(sales, persian)).map((c) => c.id)).toContain(r.id);
      const quick = (await sales.get(`/api/customers/search?limit=20&q=${encodeURIComponent(persian)}`)).json().items as { id: string }[];
      expect(quick.map((c) => c.id)).toContain(r.id);
    }
  });

  it('has names written with ZWNJ that are found typed with a space or joined', async () => {
    const zwnj = rows.filter((r) => r.display_name.includes('\u200C') && !/[يك]/.test(r.display_name));
    expect(zwnj.length).toBeGreaterThan(0);
    const r = zwnj[0];
    for (const q of [r.display_name.replace(/\u200C/g, ' '), r.display_name.replace(/\u200C/g, '')]) {
      expect((await names(sales, q)).map((c) => c.id), q).toContain(r.id);
    }
  });

  it('stores every phone in E.164 and only valid national IDs', () => {
    const phones = rows.flatMap((r) => r.phones.map((p) => p.number));
    expect(phones.length).toBeGreaterThanOrEqual(200);
    for (const p of phones) {
      expect(p).toMatch(/^\+98\d{10}$/);
      expect(normalizePhone(p)).toMatchObject({ ok: true, e164: p });
    }
    expect(phones.some((p) => p.startsWith('+9821'))).toBe(true);
    const nids = rows.map((r) => r.national_id as string | null).filter((x): x is string => !!x);
    expect(nids.length).toBeGreaterThan(100);
    for (const id of nids) expect(verifyIranianNationalId(id), id).toBe(true);
    const legal = rows.map((r) => r.company_national_id as string | null).filter((x): x is string => !!x);
    expect(legal.length).toBeGreaterThan(15);
    for (const id of legal) expect(verifyIranianLegalId(id), id).toBe(true);
  });

  it('finds a customer by a partial phone typed in another format', async () => {
    const r = rows.find((x) => x.kind === 'person')!;
    const national = '0' + r.phones[0].number.slice(3);
    const partial = national.slice(0, 4) + ' ' + national.slice(4, 8);
    expect((await names(sales, partial)).length).toBeGreaterThan(0);
    expect((await names(sales, national)).map((c) => c.id)).toContain(r.id);
  });

  it('shows a manager the broken promises, and gives each seller tasks for today, overdue and upcoming', async () => {
    const manager = await loginAs(env.app, 'manager@mehvar.local', DEMO_PASSWORD);
    const broken = (await manager.get('/api/tasks?view=broken_promises&bucket=all&pageSize=100')).json();
    expect(broken.total).toBeGreaterThan(0);
    for (const t of broken.items) expect(t).toMatchObject({ isPromise: true, status: 'open', overdue: true });
    const mine = (await sales.get('/api/tasks?view=mine&bucket=all')).json();
    expect(mine.counts.today).toBeGreaterThan(0);
    expect(mine.counts.overdue).toBeGreaterThan(0);
    expect(mine.counts.upcoming).toBeGreaterThan(0);
    // Promises and the staff's own tasks are due in working hours, Tehran time (09:00–18:00 on the half hour); only a
    // "today" task seeded after 17:30 may fall in the evening, and never past midnight. (Follow-ups of unhappy survey
    // answers are due a fixed number of hours after the answer: a reaction deadline, not a chosen time.)
    const [h] = await env.rt.database.query<{ promises: number; off: number; odd: number; staff: number; late: number }>(`SELECT
      count(*) FILTER (WHERE is_promise)::int AS promises,
      count(*) FILTER (WHERE is_promise AND (due_at AT TIME ZONE 'Asia/Tehran')::time NOT BETWEEN '09:00' AND '18:00')::int AS off,
      count(*) FILTER (WHERE extract(minute FROM due_at AT TIME ZONE 'Asia/Tehran') NOT IN (0, 30) AND is_promise)::int AS odd,
      count(*) FILTER (WHERE NOT is_promise AND interaction_id IS NULL AND created_by = assignee_id AND title NOT LIKE 'پیگیری نظر ناراضی%')::int AS staff,
      count(*) FILTER (WHERE NOT is_promise AND interaction_id IS NULL AND created_by = assignee_id AND title NOT LIKE 'پیگیری نظر ناراضی%'
        AND (due_at AT TIME ZONE 'Asia/Tehran')::time NOT BETWEEN '09:00' AND '18:00'
        AND (due_at AT TIME ZONE 'Asia/Tehran')::date <> ($1::timestamptz AT TIME ZONE 'Asia/Tehran')::date)::int AS late
      FROM tasks`, [env.clock.now()]);
    expect(h.promises).toBeGreaterThan(10);
    expect(h.staff).toBeGreaterThan(10);
    expect({ off: h.off, odd: h.odd, late: h.late }).toEqual({ off: 0, odd: 0, late: 0 });
  });

  it('gives a rich 360 view', async () => {
    const [busy] = await env.rt.database.query<{ customer_id: string; n: number }>(
      'SELECT customer_id, count(*)::int AS n FROM interactions GROUP BY customer_id ORDER BY n DESC LIMIT 1');
    const view = (await sales.get(`/api/customers/${busy.customer_id}`)).json();
    expect(view.counters.interactions).toBe(busy.n);
    expect(view.timeline.items.length).toBeGreaterThan(5);
    expect(view.timeline.items.some((i: { kind: string; data: { summary?: string } }) => i.kind === 'interaction' && /[\u0600-\u06FF]/.test(i.data.summary ?? ''))).toBe(true);
  });

  it('sells a catalog of appliances and services, with deals on the default pipeline at every stage', async () => {
    expect(first.seeded && first.sales).toMatchObject({ products: 41 });
    const [c] = await env.rt.database.query<Record<string, number>>(`SELECT
      (SELECT count(*) FROM products)::int AS products, (SELECT count(*) FROM products WHERE kind = 'service')::int AS services,
      (SELECT count(DISTINCT category) FROM products)::int AS categories, (SELECT count(*) FROM deals)::int AS deals,
      (SELECT count(DISTINCT customer_id) FROM deals)::int AS deal_customers,
      (SELECT count(*) FROM deals WHERE status = 'won')::int AS won, (SELECT count(*) FROM deals WHERE status = 'lost' AND lost_reason IS NOT NULL)::int AS lost,
      (SELECT count(DISTINCT stage_id) FROM deals WHERE status = 'open')::int AS open_stages,
      (SELECT count(*) FROM deals d WHERE d.stage_id <> (SELECT e.to_stage_id FROM deal_stage_events e WHERE e.deal_id = d.id ORDER BY e.at DESC LIMIT 1))::int AS stale`);
    expect(c).toMatchObject({ products: 41, stale: 0 });
    expect(c.services).toBeGreaterThan(5);
    expect(c.categories).toBeGreaterThan(8);
    expect(c.deals).toBeGreaterThan(30);
    expect(c.deal_customers).toBe(c.deals);
    expect(c.won).toBeGreaterThan(5);
    expect(c.lost).toBeGreaterThan(5);
    expect(c.open_stages).toBe(4);
    const names = await env.rt.database.query<{ name_fa: string; price: string }>('SELECT name_fa, price::text AS price FROM products');
    expect(names.every((p) => /[\u0600-\u06FF]/.test(p.name_fa) && BigInt(p.price) > 0n)).toBe(true);
  });

  it('writes quotes, invoices, credit notes and payments whose totals are exactly what the app computes', async () => {
    const docs = await env.rt.database.query<Record<string, string | number | null> & { fees: { amount: string }[] }>(
      `SELECT id, kind, status, number, seq, fiscal_year, issue_date::text AS issue_date, vat_rate_bp, fees, discount::text AS discount, subtotal::text AS subtotal,
              tax_total::text AS tax_total, fee_total::text AS fee_total, grand_total::text AS grand_total, paid_total::text AS paid_total, source_id
       FROM documents`);
    const lines = await env.rt.database.query<{ document_id: string; quantity: string; unit_price: string; discount: string; taxable: number; total: string; tax: string }>(
      'SELECT document_id, quantity::text AS quantity, unit_price::text AS unit_price, discount::text AS discount, taxable, total::text AS total, tax::text AS tax FROM document_lines ORDER BY document_id, position');
    const pays = await env.rt.database.query<{ document_id: string; amount: string }>('SELECT document_id, amount::text AS amount FROM payments');
    const by = <T extends { document_id: string }>(rows: T[]) => rows.reduce((m, r) => m.set(r.document_id, [...(m.get(r.document_id) ?? []), r]), new Map<string, T[]>());
    const linesOf = by(lines);
    const paysOf = by(pays);
    const count = (k: string, st?: string) => docs.filter((d) => d.kind === k && (!st || d.status === st)).length;
    expect(count('quote')).toBeGreaterThan(20);
    expect(count('invoice')).toBeGreaterThan(100);
    for (const st of ['paid', 'partially_paid', 'issued', 'cancelled']) expect(count('invoice', st), st).toBeGreaterThan(0);
    for (const st of ['accepted', 'rejected', 'expired']) expect(count('quote', st), st).toBeGreaterThan(0);
    expect(count('credit_note')).toBe(count('invoice', 'cancelled'));
    for (const d of docs) {
      const ls = linesOf.get(String(d.id)) ?? [];
      expect(ls.length).toBeGreaterThan(0);
      const t = computeTotals({
        lines: ls.map((l) => ({ quantity: l.quantity, unitPrice: BigInt(l.unit_price), discount: BigInt(l.discount), taxable: l.taxable === 1 })),
        discount: BigInt(String(d.discount)), vatRateBp: Number(d.vat_rate_bp), fees: d.fees.map((f) => ({ label: '', amount: BigInt(f.amount) })),
      });
      expect([d.subtotal, d.tax_total, d.grand_total]).toEqual([t.subtotal, t.taxTotal, t.grandTotal].map(String));
      expect(ls.map((l) => [l.total, l.tax])).toEqual(t.lines.map((l) => [String(l.total), String(l.tax)]));
      // grand total = Σ line totals + fees; paid total = Σ payments
      expect(BigInt(String(d.grand_total))).toBe(ls.reduce((s, l) => s + BigInt(l.total), 0n) + BigInt(String(d.fee_total)));
      const paid = (paysOf.get(String(d.id)) ?? []).reduce((s, p) => s + BigInt(p.amount), 0n);
      expect(BigInt(String(d.paid_total))).toBe(paid);
      if (d.kind === 'invoice' && d.status !== 'cancelled') {
        expect(d.status).toBe(paid === 0n ? 'issued' : paid === BigInt(String(d.grand_total)) ? 'paid' : 'partially_paid');
      }
    }
  });

  it('keeps each customer’s documents, payments and deals within their life, and nothing after now', async () => {
    const [r] = await env.rt.database.query<Record<string, number>>(`SELECT
      (SELECT count(*) FROM documents d JOIN customers c ON c.id = d.customer_id WHERE d.created_at < c.created_at)::int AS docs_before,
      (SELECT count(*) FROM deals d JOIN customers c ON c.id = d.customer_id WHERE d.created_at < c.created_at)::int AS deals_before,
      (SELECT count(*) FROM payments p JOIN documents d ON d.id = p.document_id WHERE p.paid_at < d.sent_at)::int AS paid_before_issue,
      (SELECT count(*) FROM document_events e JOIN documents d ON d.id = e.document_id WHERE e.at < d.created_at)::int AS events_before,
      (SELECT count(*) FROM documents WHERE created_at > $1 OR sent_at > $1)::int AS docs_future,
      (SELECT count(*) FROM payments WHERE paid_at > $1)::int AS pays_future,
      (SELECT count(*) FROM deal_stage_events WHERE at > $1)::int AS moves_future,
      (SELECT count(*) FROM documents d JOIN customers c ON c.id = d.customer_id WHERE d.kind = 'invoice' AND c.lifecycle_stage IN ('lead', 'visitor'))::int AS leads_buying,
      (SELECT count(*) FROM documents d WHERE d.kind = 'invoice' AND d.issue_date < ($1::timestamptz - interval '366 days')::date)::int AS older_than_a_year`,
      [env.clock.now().toISOString()]);
    expect(r).toEqual({ docs_before: 0, deals_before: 0, paid_before_issue: 0, events_before: 0, docs_future: 0, pays_future: 0, moves_future: 0, leads_buying: 0, older_than_a_year: 0 });
  });

  it('numbers sent documents per series and Jalali fiscal year without gaps, and the next quote takes the next number', async () => {
    const series = await env.rt.database.query<{ kind: string; fiscal_year: number; n: number; max: number; bad: number; last: number }>(`
      SELECT d.kind, d.fiscal_year, count(*)::int AS n, max(d.seq)::int AS max,
             count(*) FILTER (WHERE d.number <> (CASE d.kind WHEN 'quote' THEN 'PF' WHEN 'invoice' THEN 'INV' ELSE 'CN' END) || '-' || d.fiscal_year || '-' || lpad(d.seq::text, 5, '0')
               OR d.fiscal_year <> substr(d.number, strpos(d.number, '-') + 1, 4)::int)::int AS bad,
             (SELECT last FROM document_counters k WHERE k.kind = d.kind AND k.fiscal_year = d.fiscal_year) AS last
      FROM documents d WHERE d.number IS NOT NULL GROUP BY d.kind, d.fiscal_year`);
    expect(series.length).toBeGreaterThanOrEqual(3);
    for (const s of series) expect(s, `${s.kind} ${s.fiscal_year}`).toMatchObject({ n: s.max, bad: 0, last: s.max });
    const wrongYear = await env.rt.database.query<{ issue_date: string; fiscal_year: number }>('SELECT issue_date::text AS issue_date, fiscal_year FROM documents WHERE number IS NOT NULL');
    for (const w of wrongYear) expect(Number(toJalaliString(w.issue_date).slice(0, 4))).toBe(w.fiscal_year);
    const [{ cid }] = await env.rt.database.query<{ cid: string }>(`SELECT c.id AS cid FROM customers c JOIN users u ON u.id = c.owner_id
      WHERE u.email = 'sales1@mehvar.local' AND jsonb_array_length(c.emails) > 0 LIMIT 1`);
    const [{ pid }] = await env.rt.database.query<{ pid: string }>("SELECT id AS pid FROM products WHERE code = 'TV-LED-43'");
    const q = await sales.post('/api/documents', { kind: 'quote', customerId: cid, lines: [{ productId: pid, quantity: '1' }] });
    expect(q.statusCode, q.body).toBe(201);
    const sent = await sales.post(`/api/documents/${q.json().id}/send`, { email: true, sms: false });
    expect(sent.statusCode, sent.body).toBe(200);
    const fy = Number(toJalaliString(env.clock.now().toISOString().slice(0, 10)).slice(0, 4));
    const last = series.find((s) => s.kind === 'quote' && s.fiscal_year === fy)?.max ?? 0;
    expect(sent.json().number).toBe(`PF-${fy}-${String(last + 1).padStart(5, '0')}`);
  });

  it('gives the reports a year of sales: the yearly best sellers add up to the invoices less the credit notes', async () => {
    const manager = await loginAs(env.app, 'manager@mehvar.local', DEMO_PASSWORD);
    const res = await manager.get('/api/reports/sales?groupBy=category&period=month&top=100');
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as { from: string; to: string; total: { revenue: string }; periods: { items: unknown[] }[] };
    const [{ net }] = await env.rt.database.query<{ net: string }>(`SELECT coalesce(sum(CASE WHEN d.kind = 'credit_note' THEN -l.total ELSE l.total END), 0)::text AS net
      FROM document_lines l JOIN documents d ON d.id = l.document_id
      WHERE ((d.kind = 'invoice' AND d.number IS NOT NULL) OR d.kind = 'credit_note') AND d.issue_date BETWEEN $1 AND $2`, [report.from, report.to]);
    expect(BigInt(report.total.revenue)).toBeGreaterThan(0n);
    expect(report.total.revenue).toBe(net);
    expect(report.periods.filter((p) => p.items.length > 0).length).toBeGreaterThanOrEqual(10);
    const win = (await manager.get('/api/reports/win-rate?from=2025-11-01')).json();
    expect(win.total.won + win.total.lost).toBeGreaterThan(5);
    expect(win.total.rate).toBeGreaterThan(0);
  });

  it('runs a support desk: the 320 labelled tickets with SLA clocks, conversations and summaries, and contracts; numbering continues', async () => {
    expect(first).toMatchObject({ seeded: true, support: { tickets: 320, contracts: 60 } });
    const [t] = await env.rt.database.query<{ n: number; done: number; open: number; breached: number; summaries: number; unassigned_new: number; no_doc: number }>(`SELECT
      count(*)::int AS n, count(*) FILTER (WHERE status IN ('resolved', 'closed'))::int AS done, count(*) FILTER (WHERE status NOT IN ('resolved', 'closed'))::int AS open,
      count(*) FILTER (WHERE resolved_at > resolution_due_at)::int AS breached,
      (SELECT count(*)::int FROM ticket_messages WHERE kind = 'summary') AS summaries,
      count(*) FILTER (WHERE status = 'new' AND assignee_id IS NOT NULL)::int AS unassigned_new,
      count(*) FILTER (WHERE search_doc = '' OR first_response_due_at IS NULL)::int AS no_doc FROM tickets`);
    expect(t.n).toBe(320);
    expect(t.done).toBeGreaterThan(100);
    expect(t.open).toBeGreaterThan(5);
    expect(t.breached).toBeGreaterThan(0);
    expect(t.summaries).toBe(t.done);
    expect(t.unassigned_new).toBe(0);
    expect(t.no_doc).toBe(0);
    const support = await loginAs(env.app, 'support1@mehvar.local', DEMO_PASSWORD);
    const [{ customer_id }] = await env.rt.database.query<{ customer_id: string }>("SELECT customer_id FROM ticket_messages WHERE kind = 'summary' LIMIT 1");
    const view = (await support.get(`/api/customers/${customer_id}`)).json();
    expect(view.tickets.totalCount).toBeGreaterThan(0);
    expect(view.timeline.items.some((i: { kind: string; data: { event?: string } }) => i.kind === 'ticket' && i.data.event === 'summary')).toBe(true);
    const created = await support.post('/api/tickets', { customerId: customer_id, channel: 'phone', subject: 'یخچال برفک زده' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().number).toBe(321);
    // The recurring problems are grouped, and a new ticket of a known problem lands in its group.
    const problems = (await support.get('/api/support/problems?days=120')).json() as { items: { count: number }[]; groupedAt: string | null };
    expect(problems.groupedAt).not.toBeNull();
    expect(problems.items.length).toBeGreaterThanOrEqual(10);
    expect(created.json().problemGroupId).not.toBeNull();
    const ending = (await support.get('/api/contracts?expiringWithinDays=30&pageSize=100')).json();
    expect(ending.total).toBeGreaterThan(0);
    const k = await sales.post('/api/contracts', { customerId: customer_id, kind: 'service', title: 'سرویس', startDate: '2026-01-01', endDate: '2026-12-31' });
    expect(k.statusCode, k.body).toBe(201);
    expect(k.json().number).toBe(61);
  });

  it('has a year of survey answers consistent with the tickets and invoices, their feedback and the closed loop', async () => {
    expect(first.seeded && first.voice).toMatchObject({ surveys: 4 });
    const db = env.rt.database;
    const now = env.clock.now().toISOString();
    const [c] = await db.query<Record<string, number>>(`SELECT
      (SELECT count(*) FROM surveys WHERE status = 'active')::int AS surveys,
      (SELECT count(*) FROM survey_responses)::int AS answers,
      (SELECT count(*) FROM survey_responses r JOIN survey_invitations i ON i.id = r.invitation_id WHERE i.status <> 'answered')::int AS answer_not_answered,
      (SELECT count(*) FROM survey_invitations i WHERE i.status = 'answered' AND NOT EXISTS (SELECT 1 FROM survey_responses r WHERE r.invitation_id = i.id))::int AS answered_no_answer,
      (SELECT count(*) FROM survey_invitations a JOIN survey_invitations b ON a.customer_id = b.customer_id AND a.id <> b.id
         AND a.sent_at <= b.sent_at AND b.sent_at - a.sent_at < interval '30 days')::int AS fatigue_broken,
      (SELECT count(*) FROM survey_invitations WHERE status = 'skipped' AND skip_reason = 'fatigue')::int AS fatigued,
      (SELECT count(*) FROM survey_invitations WHERE status IN ('sent', 'answered') AND (token_hash IS NULL OR expires_at <> sent_at + interval '336 hours'))::int AS bad_link,
      (SELECT count(*) FROM survey_responses WHERE customer_id IS NULL AND channel = 'anonymous')::int AS anonymous,
      (SELECT count(*) FROM survey_responses r JOIN surveys s ON s.id = r.survey_id WHERE r.metric IS DISTINCT FROM s.metric OR r.score IS NULL)::int AS bad_metric,
      (SELECT count(*) FROM survey_responses r WHERE r.customer_id IS NOT NULL AND r.metric IS NOT NULL
         AND (r.metric = 'nps' AND r.score <= 6 OR r.metric = 'csat' AND r.score <= 2 OR r.metric = 'ces' AND r.score <= 3) AND r.loop_status IS NULL)::int AS unlooped,
      (SELECT count(*) FROM survey_responses WHERE loop_status = 'closed' AND (loop_note IS NULL OR loop_closed_at IS NULL))::int AS closed_without_note,
      (SELECT count(*) FROM survey_responses r LEFT JOIN tasks t ON t.id = r.loop_task_id
         WHERE r.loop_status IS NOT NULL AND (t.id IS NULL OR t.status <> CASE r.loop_status WHEN 'open' THEN 'open' ELSE 'done' END OR t.customer_id <> r.customer_id))::int AS loop_task_mismatch,
      (SELECT count(*) FROM survey_responses WHERE loop_status = 'open')::int AS open_loops,
      (SELECT count(*) FROM survey_responses WHERE loop_status = 'closed')::int AS closed_loops,
      (SELECT count(*) FROM survey_responses r WHERE r.comment IS NOT NULL AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.response_id = r.id AND f.text = r.comment AND f.channel = 'survey'))::int AS comment_no_feedback,
      (SELECT count(DISTINCT comment) FROM survey_responses)::int AS comments,
      (SELECT count(*) FROM feedback WHERE response_id IS NULL AND created_by IS NOT NULL)::int AS staff_feedback,
      (SELECT count(*) FROM feedback WHERE cardinality(topics) > 0)::int AS topical,
      (SELECT count(*) FROM survey_responses r JOIN tickets t ON r.source_type = 'ticket' AND t.id = r.source_id
         WHERE r.agent_id IS DISTINCT FROM t.assignee_id OR r.product_id IS DISTINCT FROM t.product_id OR r.created_at < t.resolved_at)::int AS ticket_mismatch,
      (SELECT count(*) FROM survey_responses r JOIN documents d ON r.source_type = 'document' AND d.id = r.source_id
         WHERE d.status <> 'paid' OR r.agent_id IS DISTINCT FROM d.owner_id)::int AS invoice_mismatch,
      (SELECT count(*) FROM survey_responses WHERE created_at > $1)::int
        + (SELECT count(*) FROM survey_invitations WHERE scheduled_at > $1 OR sent_at > $1 OR created_at > $1)::int
        + (SELECT count(*) FROM feedback WHERE created_at > $1)::int
        + (SELECT count(*) FROM tasks t JOIN survey_responses r ON r.loop_task_id = t.id WHERE t.created_at > $1 OR t.completed_at > $1)::int AS future`, [now]);
    expect(c).toMatchObject({ surveys: 4, answer_not_answered: 0, answered_no_answer: 0, fatigue_broken: 0, bad_link: 0, bad_metric: 0, unlooped: 0,
      closed_without_note: 0, loop_task_mismatch: 0, comment_no_feedback: 0, ticket_mismatch: 0, invoice_mismatch: 0, future: 0 });
    expect(c.answers).toBeGreaterThan(100);
    expect(c.fatigued).toBeGreaterThan(0);
    expect(c.anonymous).toBeGreaterThan(5);
    expect(c.open_loops).toBeGreaterThan(0);
    expect(c.closed_loops).toBeGreaterThan(c.open_loops);
    expect(c.comments).toBeGreaterThanOrEqual(25);
    expect(c.staff_feedback).toBeGreaterThan(40);
    expect(c.topical).toBeGreaterThan(20);
    // Harder tickets: answers about tickets that broke their SLA are on average less easy.
    const [ces] = await db.query<{ breached: number | null; kept: number | null }>(`SELECT
      avg(r.score) FILTER (WHERE t.resolved_at > t.resolution_due_at)::float AS breached, avg(r.score) FILTER (WHERE t.resolved_at <= t.resolution_due_at)::float AS kept
      FROM survey_responses r JOIN tickets t ON t.id = r.source_id WHERE r.metric = 'ces'`);
    if (ces.breached !== null && ces.kept !== null) expect(ces.breached).toBeLessThan(ces.kept);

    const manager = await loginAs(env.app, 'manager@mehvar.local', DEMO_PASSWORD);
    const from = new Date(env.clock.now().getTime() - 364 * 86_400_000).toISOString().slice(0, 10);
    const nps = await manager.get(`/api/voc/metrics?metric=nps&from=${from}&groupBy=month`);
    expect(nps.statusCode, nps.body).toBe(200);
    const body = nps.json() as { summary: { n: number; value: number | null }; groups: { key: string; n: number }[] };
    expect(body.summary.n).toBeGreaterThan(50);
    expect(body.summary.value).toBeGreaterThan(-100);
    expect(body.summary.value).toBeLessThan(100);
    expect(body.groups.filter((g) => g.n > 0).length).toBeGreaterThanOrEqual(10);
    const open = await manager.get('/api/survey-responses?loop=open');
    expect(open.statusCode, open.body).toBe(200);
    expect(open.json().total).toBeGreaterThanOrEqual(1);
    const loop = open.json().items[0] as { loop: { status: string; taskId: string } };
    expect(loop.loop).toMatchObject({ status: 'open' });
    const task = (await manager.get(`/api/tasks/${loop.loop.taskId}`)).json();
    expect(task).toMatchObject({ status: 'open' });
  });

  it('fills the seller block of its quotes and invoices: the settings and every document carry the legal details', async () => {
    const manager = await loginAs(env.app, 'manager@mehvar.local', DEMO_PASSWORD);
    const settings = (await manager.get('/api/settings')).json();
    expect(settings).toMatchObject({ companyLegalName: 'شرکت بازرگانی لوازم خانگی محور (سهامی خاص)', companyEconomicCode: '411155667788', companyNationalId: '10320845671',
      companyRegistrationNo: '543210', companyPostalCode: '1131745613', companyPhone: '021-66778899' });
    expect(settings.companyAddress).toContain('تهران');
    expect(verifyIranianLegalId(settings.companyNationalId)).toBe(true);
    const [{ n, filled }] = await env.rt.database.query<{ n: number; filled: number }>(`SELECT count(*)::int AS n,
      count(*) FILTER (WHERE seller->>'economicCode' = '411155667788' AND seller->>'nationalId' = '10320845671' AND seller->>'postalCode' = '1131745613')::int AS filled FROM documents`);
    expect(n).toBeGreaterThan(0);
    expect(filled).toBe(n);
  });

  it('refuses to seed a database that has customers, and says so', async () => {
    const again = await seedDemo(env.rt, { log: () => {}, customers: 50 });
    expect(again.seeded).toBe(false);
    expect(again.seeded === false && again.reason).toMatch(/already has 200 customer/);
    const [{ n }] = await env.rt.database.query<{ n: number }>('SELECT count(*)::int AS n FROM customers');
    expect(n).toBe(200);
  });
});
