/** Organization settings through the API: the seller's legal fields (digit-only text stays text), VAT and templates. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
beforeAll(async () => { env = await createTestEnv(); admin = await env.login('admin'); });
afterAll(async () => env?.close());

describe('organization settings', () => {
  it('keeps codes made only of digits as text, and "true" as text', async () => {
    const body = { companyEconomicCode: '411122223333', companyNationalId: '10101234567', companyPostalCode: '0015936543', companyLegalName: 'true', vatRateBp: 900 };
    const res = await admin.patch('/api/settings', body);
    expect(res.statusCode, res.body).toBe(200);
    const read = (await admin.get('/api/settings')).json();
    expect(read).toMatchObject(body);
    expect(typeof read.companyEconomicCode).toBe('string');
  });

  it('refuses an impossible VAT rate and a bad colour, changing nothing', async () => {
    expect((await admin.patch('/api/settings', { vatRateBp: 10_001 })).statusCode).toBe(400);
    expect((await admin.patch('/api/settings', { pdfTemplate: { primaryColor: 'red' } })).statusCode).toBe(400);
    expect((await admin.get('/api/settings')).json()).toMatchObject({ vatRateBp: 900, pdfTemplate: { primaryColor: '#1c7ed6' } });
  });

  it('changing one setting leaves the others as they were', async () => {
    await admin.patch('/api/settings', { companyName: 'فروشگاه محور' });
    await admin.patch('/api/settings', { defaultLocale: 'en' });
    expect((await admin.get('/api/settings')).json()).toMatchObject({ companyName: 'فروشگاه محور', defaultLocale: 'en', vatRateBp: 900, companyEconomicCode: '411122223333' });
    await admin.patch('/api/settings', { defaultLocale: 'fa' });
  });

  it('refuses a company email that is not one', async () => {
    expect((await admin.patch('/api/settings', { companyEmail: 'not-an-email' })).statusCode).toBe(400);
    expect((await admin.patch('/api/settings', { companyEmail: 'sales@shop.ir' })).statusCode).toBe(200);
  });

  it('says whether a logo is set; the logo must be the image it claims to be', async () => {
    expect((await admin.get('/api/settings')).json().hasLogo).toBe(false);
    const put = (dataUrl: string) => env.app.inject({ method: 'PUT', url: '/api/settings/logo', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, payload: { dataUrl } });
    const png1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    expect((await put(`data:image/jpeg;base64,${png1x1}`)).statusCode).toBe(400);
    expect((await put(`data:image/png;base64,${png1x1}`)).statusCode).toBe(200);
    expect((await admin.get('/api/settings')).json().hasLogo).toBe(true);
    const logo = await admin.get('/api/settings/logo');
    expect(logo.headers['content-type']).toBe('image/png');
  });

  it('a new VAT rate applies to new quotes', async () => {
    const c = (await admin.post('/api/customers', { kind: 'person', firstName: 'آزمون', lastName: 'مالیات' })).json();
    const q = (await admin.post('/api/documents', { kind: 'quote', customerId: c.id, lines: [{ description: 'کالا', quantity: '1', unitPrice: '1000000' }] })).json();
    expect(q).toMatchObject({ vatRateBp: 900, taxTotal: '90000', grandTotal: '1090000' });
  });
});
