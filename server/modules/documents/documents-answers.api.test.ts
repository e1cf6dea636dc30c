/**
 * Answers of the document routes the flow test does not read: editing a draft, its PDF, the public link, a decision
 * taken by staff, and removing the logo.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
let customerId: string;
beforeAll(async () => {
  env = await createTestEnv({ start: '2026-11-23T08:00:00Z' });
  admin = await env.login('admin');
  const c = await admin.post('/api/customers', { kind: 'organization', orgName: 'کارگاه نور' });
  expect(c.statusCode, c.body).toBe(201);
  customerId = c.json().id;
});
afterAll(async () => env?.close());

describe('document answers', () => {
  it('edits a draft, renders its PDF, sends it and gives its link, and records the customer’s yes', async () => {
    const made = await admin.post('/api/documents', { kind: 'quote', customerId, lines: [{ description: 'تعمیر', quantity: '2', unitPrice: '1500000', taxable: false }] });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;

    const edited = await admin.patch(`/api/documents/${id}`, { lines: [{ description: 'تعمیر', quantity: '3', unitPrice: '1500000', taxable: false }], notes: 'تحویل فوری' });
    expect(edited.statusCode, edited.body).toBe(200);
    // 3 × 1,500,000 Rials, no tax: 4,500,000.
    expect(edited.json()).toMatchObject({ id, status: 'draft', number: null, notes: 'تحویل فوری', subtotal: '4500000', grandTotal: '4500000', balance: '4500000' });
    expect(edited.json().lines).toEqual([expect.objectContaining({ description: 'تعمیر', quantity: '3', unitPrice: '1500000', total: '4500000', taxable: false })]);

    const pdf = await admin.get(`/api/documents/${id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    expect((await admin.get(`/api/documents/${id}/link`)).statusCode).toBe(409);
    const sent = await admin.post(`/api/documents/${id}/send`, { email: false, sms: false });
    expect(sent.statusCode, sent.body).toBe(200);
    const link = await admin.get(`/api/documents/${id}/link`);
    expect(link.statusCode, link.body).toBe(200);
    expect(link.json()).toEqual({ url: sent.json().link, expiresAt: expect.stringMatching(/^2026-12-\d\dT/) });

    const decided = await admin.post(`/api/documents/${id}/decision`, { decision: 'accept', note: 'تلفنی تأیید شد' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ id, status: 'accepted', decisionNote: 'تلفنی تأیید شد', decidedAt: '2026-11-23T08:00:00.000Z' });
  });

  it('removes the logo (204) and then has none', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    expect((await admin.put('/api/settings/logo', { dataUrl: `data:image/png;base64,${png}` })).json()).toEqual({ ok: true, bytes: 70 });
    const del = await admin.del('/api/settings/logo');
    expect(del.statusCode, del.body).toBe(204);
    expect((await admin.get('/api/settings/logo')).statusCode).toBe(404);
    expect((await admin.get('/api/settings')).json().hasLogo).toBe(false);
  });

  it('serves the public page’s fonts, and nothing else from that folder', async () => {
    const font = await env.app.inject({ method: 'GET', url: '/d/_font/vazirmatn-arabic-400-normal.woff2' });
    expect(font.statusCode).toBe(200);
    expect(font.headers['content-type']).toBe('font/woff2');
    expect(font.rawPayload.subarray(0, 4).toString()).toBe('wOF2');
    const other = await env.app.inject({ method: 'GET', url: '/d/_font/..%2F..%2Fpackage.json' });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('NOT_FOUND');
  });
});
