/**
 * Ticket categories through the API: everyone who reads tickets lists them with both names; only an admin adds,
 * renames and deactivates; a ticket takes only a defined, active category, and a ticket already filed under an old
 * or deactivated key keeps it. Refused writes leave the table as it was (re-read from the database).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
let support: Agent;
let sales: Agent;
let customerId = '';

type Cat = { key: string; labelFa: string; labelEn: string; active: boolean; position: number; ticketCount: number };
const rowsOf = (key: string) => env.rt.database.query<{ key: string; label_fa: string; label_en: string; active: boolean }>(
  'SELECT key, label_fa, label_en, active FROM ticket_categories WHERE key = $1', [key]);

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  support = await env.login('support');
  sales = await env.login('sales');
  customerId = (await sales.post('/api/customers', { kind: 'person', firstName: 'مینا', lastName: 'رضایی', phones: [{ number: '09121234567' }] })).json().id;
}, 180_000);
afterAll(async () => env?.close());

describe('ticket categories', () => {
  it('come with the built-in categories, named in Persian and English, in their order', async () => {
    const res = await sales.get('/api/support/ticket-categories');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Cat[];
    expect(items.map((c) => c.key)).toEqual(['repair', 'installation', 'warranty', 'after-sales', 'logistics', 'billing', 'digital', 'complaint', 'question']);
    expect(items[0]).toEqual({ key: 'repair', labelFa: 'تعمیر و خرابی', labelEn: 'Repair', active: true, position: 10, ticketCount: 0 });
    for (const c of items) {
      expect(c.labelFa).toMatch(/[\u0600-\u06FF]/);
      expect(c.labelEn).toMatch(/^[A-Za-z -]+$/);
    }
  });

  it('are added and changed by an admin only; others get 403 and nothing changes', async () => {
    expect((await support.post('/api/support/ticket-categories', { key: 'spare-parts', labelFa: 'قطعات یدکی', labelEn: 'Spare parts' })).statusCode).toBe(403);
    expect(await rowsOf('spare-parts')).toEqual([]);
    const made = await admin.post('/api/support/ticket-categories', { key: 'Spare-Parts', labelFa: ' قطعات یدکی ', labelEn: 'Spare parts', position: 36 });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toEqual({ key: 'spare-parts', labelFa: 'قطعات یدکی', labelEn: 'Spare parts', active: true, position: 36, ticketCount: 0 });
    const again = await admin.post('/api/support/ticket-categories', { key: 'spare-parts', labelFa: 'دیگر', labelEn: 'Other' });
    expect(again.statusCode).toBe(409);
    expect(await rowsOf('spare-parts')).toEqual([{ key: 'spare-parts', label_fa: 'قطعات یدکی', label_en: 'Spare parts', active: true }]);

    expect((await sales.patch('/api/support/ticket-categories/spare-parts', { labelEn: 'Parts' })).statusCode).toBe(403);
    const renamed = await admin.patch('/api/support/ticket-categories/spare-parts', { labelEn: 'Parts' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ key: 'spare-parts', labelFa: 'قطعات یدکی', labelEn: 'Parts' });
    expect((await admin.patch('/api/support/ticket-categories/nothing-here', { labelEn: 'X' })).statusCode).toBe(404);
    const order = ((await sales.get('/api/support/ticket-categories')).json().items as Cat[]).map((c) => c.key);
    expect(order.indexOf('spare-parts')).toBe(order.indexOf('after-sales') + 1);
  });

  it('refuses bad keys and empty names with field-named 400s', async () => {
    const bad = await admin.post('/api/support/ticket-categories', { key: 'تعمیر', labelFa: '', labelEn: 'x'.repeat(61) });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.details ?? {})).toEqual(expect.arrayContaining(['key', 'labelFa', 'labelEn']));
    const [{ n }] = await env.rt.database.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket_categories');
    expect(n).toBe(10);
  });

  it('gives a ticket only a defined, active category; old and deactivated keys stay on their tickets', async () => {
    const filed = await support.post('/api/tickets', { customerId, channel: 'phone', subject: 'لباسشویی آب را تخلیه نمی‌کند', category: 'repair' });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json().category).toBe('repair');

    const unknown = await support.post('/api/tickets', { customerId, channel: 'phone', subject: 'سؤال', category: 'خرابی' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toEqual({ category: 'unknown category' });
    const [{ n }] = await env.rt.database.query<{ n: number }>("SELECT count(*)::int AS n FROM tickets WHERE subject = 'سؤال'");
    expect(n).toBe(0);

    // A ticket filed before categories were defined (free text) keeps its category through other edits.
    const old = await support.post('/api/tickets', { customerId, channel: 'phone', subject: 'تیکت قدیمی' });
    await env.rt.database.query("UPDATE tickets SET category = 'خرابی' WHERE id = $1", [old.json().id]);
    const edited = await support.patch(`/api/tickets/${old.json().id}`, { priority: 'high', category: 'خرابی' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ category: 'خرابی', priority: 'high' });

    // Deactivated: no longer offered, refused for another ticket, kept on the one that has it.
    expect((await admin.patch('/api/support/ticket-categories/repair', { active: false })).json()).toMatchObject({ active: false, ticketCount: 1 });
    const refused = await support.patch(`/api/tickets/${old.json().id}`, { category: 'repair' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toEqual({ category: 'inactive category' });
    const [{ category }] = await env.rt.database.query<{ category: string }>('SELECT category FROM tickets WHERE id = $1', [old.json().id]);
    expect(category).toBe('خرابی');
    const kept = await support.patch(`/api/tickets/${filed.json().id}`, { priority: 'urgent' });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().category).toBe('repair');
    const listed = ((await support.get('/api/support/ticket-categories')).json().items as Cat[]).find((c) => c.key === 'repair');
    expect(listed).toMatchObject({ active: false, labelEn: 'Repair', ticketCount: 1 });
  });
});
