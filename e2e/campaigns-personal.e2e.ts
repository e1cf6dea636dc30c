/**
 * Campaign gaps in Chromium: a campaign by each customer's preferred channel with an SMS and an email text, an English
 * text and the offer text, personal values ({lastProduct}, {points}, {offer} by co-purchase) in the preview with each
 * sample's channel and language; a test send to the user's own mobile; a start time picked on the Jalali calendar in
 * Tehran time, shown as "scheduled for …" in the list; fa and en.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import jalaali from 'jalaali-js';
import type { RunningServer } from './server';
import { choose, screenshot, switchLanguage, until, requestJson, startAdminSession } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let headers: Record<string, string>;
const ids: Record<string, string> = {};
const api = <T>(method: 'get' | 'post' | 'put', url: string, data?: unknown, status?: number) => requestJson<T>(page, headers, method, url, data, status);

async function invoice(customer: string, products: string[]) {
  const doc = await api<{ id: string }>('post', '/api/documents', { kind: 'invoice', customerId: ids[customer], lines: products.map((p) => ({ productId: ids[p], quantity: '1' })) });
  await api('post', `/api/documents/${doc.id}/send`, { sms: false, email: false }, 200);
}

describe('campaigns: personal values, languages, preferred channel, test send, schedule', () => {
  beforeAll(async () => {
    ({ server, browser, page, headers } = await startAdminSession());
    for (const [code, fa, en] of [['TEA', 'چای سبز', 'Green tea'], ['CUP', 'فنجان', 'Cup'], ['POT', 'قوری', 'Teapot']]) {
      ids[code] = (await api<{ id: string }>('post', '/api/products', { code, nameFa: fa, nameEn: en, price: '100000' })).id;
    }
    const people: [string, string, string, Record<string, unknown>][] = [
      ['maryam', 'مریم', 'قزوینی', { gender: 'female', emails: [{ address: 'maryam@test.example' }], emailConsent: true, preferredChannel: 'email' }],
      ['ali', 'علی', 'قزوینی‌پور', { gender: 'male' }],
      ['john', 'John', 'Baker', { gender: 'male' }],
      ['x1', 'خریدار', 'یک', {}], ['x2', 'خریدار', 'دو', {}],
    ];
    for (const [key, firstName, lastName, extra] of people) {
      ids[key] = (await api<{ id: string }>('post', '/api/customers', {
        kind: 'person', firstName, lastName, city: key.startsWith('x') ? 'ساوه' : 'قزوین', smsConsent: true, force: true,
        phones: [{ number: `0912444${String(Object.keys(ids).length).padStart(4, '0')}` }], ...extra,
      })).id;
    }
    await api('put', `/api/customers/${ids.john}/preferences`, { language: 'en' }, 200);
    // Buyers of tea buy cups (two of them) more than teapots: Ali, who bought tea, is offered a cup.
    await invoice('x1', ['TEA', 'CUP']);
    await invoice('x2', ['TEA', 'CUP', 'POT']);
    await invoice('ali', ['TEA']);
    await api('post', '/api/segments', { name: 'قزوینی‌ها', rules: { field: 'city', op: 'eq', value: 'قزوین' } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('makes a campaign by preferred channel with English text and a Jalali start time; previews, test-sends and schedules it', async () => {
    await page.goto('/campaigns');
    await page.getByTestId('campaigns-page').waitFor();
    await page.getByTestId('campaign-name').fill('هفتهٔ چای');
    await page.getByTestId('campaign-channel').getByText('کانال دلخواه مشتری').click();
    await choose(page, 'campaign-segment', 'قزوینی‌ها');
    await page.getByTestId('campaign-body').fill('{greeting}، پس از {lastProduct} این را هم ببینید: {offer}');
    await page.getByTestId('campaign-subject').fill('پیشنهاد هفتهٔ چای');
    await page.getByTestId('campaign-email-body').fill('{greeting} عزیز، پیشنهاد ما برای شما: {offer}');
    await page.getByTestId('campaign-offer').fill('ده درصد تخفیف');
    await page.getByTestId('campaign-english').click({ force: true });
    await page.getByTestId('campaign-body-en').fill('Dear {greeting}, try {offer}');
    await page.getByTestId('campaign-offer-en').fill('10% off');
    await page.getByTestId('campaign-advertising').click({ force: true });
    // Three days from now, 10:30 Tehran time, typed on the Jalali calendar.
    const day = new Date(Date.now() + 3 * 86_400_000);
    const [gy, gm, gd] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tehran' }).format(day).split('-').map(Number);
    const j = jalaali.toJalaali(gy, gm, gd);
    const input = page.getByTestId('campaign-schedule');
    await input.click();
    await input.pressSequentially(`${j.jy}/${String(j.jm).padStart(2, '0')}/${String(j.jd).padStart(2, '0')} 10:30`);
    await page.getByTestId('campaign-name').click();
    await until('the calendar to close', async () => (await page.locator('.rmdp-calendar').count()) === 0, 5000);
    await screenshot(page, 'campaigns-preferred-form-fa');
    await page.getByTestId('campaign-create').click();
    await page.getByTestId('campaign-preview').waitFor();

    const [c] = (await api<{ items: { id: string; channel: string; scheduledAt: string; bodyEn: string }[] }>('get', '/api/campaigns')).items;
    // 10:30 in Tehran (UTC+3:30) is 07:00 UTC.
    expect(c).toMatchObject({ channel: 'preferred', bodyEn: 'Dear {greeting}, try {offer}', scheduledAt: `${gy}-${String(gm).padStart(2, '0')}-${String(gd).padStart(2, '0')}T07:00:00.000Z` });
    const preview = await page.getByTestId('campaign-preview').innerText();
    expect(preview).toContain('آقای قزوینی‌پور، پس از چای سبز این را هم ببینید: فنجان');
    expect(preview).toContain('خانم قزوینی عزیز، پیشنهاد ما برای شما: ده درصد تخفیف');
    expect(preview).toContain('Dear Mr Baker, try 10% off');
    expect(await page.getByTestId('campaign-by-channel').innerText()).toBe('۲ نفر با پیامک · ۱ نفر با ایمیل');
    expect(await page.getByTestId('campaign-sample-lang').allInnerTexts()).toEqual(expect.arrayContaining(['انگلیسی', 'فارسی']));
    expect(await page.getByTestId('campaign-schedule-line').innerText()).toContain('زمان‌بندی‌شده برای');

    await page.getByTestId('campaign-test-to').fill('09129990000');
    await page.getByTestId('campaign-test-send').click();
    await page.getByTestId('campaign-test-result').waitFor();
    expect(await page.getByTestId('campaign-test-result').innerText()).toContain('پیامک');
    await screenshot(page, 'campaigns-preferred-preview-fa');
    const outbox = await api<{ recipients: number }>('get', `/api/campaigns/${c.id}`);
    expect(outbox.recipients).toBe(0);

    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('campaign-send').click();
    await until('scheduled', async () => (await page.getByTestId('campaign-status').innerText()) === 'زمان‌بندی‌شده');
    const item = page.getByTestId('campaign-scheduled-for').first();
    await item.waitFor();
    const jDigits = (n: number) => String(n).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
    expect(await item.innerText()).toContain(jDigits(j.jd));
    expect(await item.innerText()).toContain('۱۰:۳۰');
    await screenshot(page, 'campaigns-scheduled-fa');
    // The recipients are fixed at the start (with the default 10 % hold-out); nothing is sent before the time.
    const view = await api<{ status: string; recipients: number; holdout: number; queued: number }>('get', `/api/campaigns/${c.id}`);
    expect(view).toMatchObject({ status: 'scheduled', queued: 0 });
    expect(view.recipients + view.holdout).toBe(3);
  });

  it('reads in English', async () => {
    await switchLanguage(page, 'en');
    await until('the page in English', async () => (await page.getByTestId('campaigns-page').innerText()).includes('SMS and email campaigns'));
    await until('scheduled in English', async () => (await page.getByTestId('campaign-scheduled-for').first().innerText()).startsWith('Scheduled for'));
    expect(await page.getByTestId('campaign-scheduled-for').first().innerText()).toContain('10:30');
    await screenshot(page, 'campaigns-scheduled-en');
    await page.goto('/campaigns');
    await page.getByTestId('campaign-channel').getByText("Customer's preferred").click();
    await page.getByTestId('campaign-english').click({ force: true });
    await screenshot(page, 'campaigns-preferred-form-en');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'campaigns-preferred-form-en-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  });
});
