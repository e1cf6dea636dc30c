/**
 * The customer's voice, end to end in Chromium against the real server and a fake Kavenegar gateway: an agent
 * resolves a ticket → the gateway receives the survey link → the customer answers a 3 ("hard") on a phone-sized,
 * right-to-left page → a follow-up task appears for the agent → the answer is on the 360° timeline, on the ticket,
 * beside the ticket (last answer) and in the figures; a second answer through the same link within the edit window
 * changes it rather than counting twice.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { ARTIFACTS, newContext, screenshot, until, requestJson, startAdminSession } from './browser';
import { startFakeKavenegar, type FakeGateway } from '../server/test/fakes/sms-gateways.ts';

const KEY = 'voice-e2e-key-1234567890';
let server: RunningServer;
let kave: FakeGateway;
let browser: Browser;
let page: Page;
let problems: string[];
let headers: Record<string, string>;
let customerId = '';
let ticketId = '';
let link = '';

const apiJson = <T>(method: 'get' | 'post' | 'patch' | 'put', url: string, data?: unknown, status?: number) => requestJson<T>(page, headers, method, url, data, status);

describe('voice of the customer: resolved ticket → survey SMS → answer on a phone → follow-up → timeline and figures', () => {
  beforeAll(async () => {
    kave = await startFakeKavenegar({ apiKey: KEY });
    ({ server, browser, page, problems, headers } = await startAdminSession({ env: { SMS_DRIVER: 'kavenegar', SMS_API_KEY: KEY, SMS_BASE_URL: kave.url, SMS_SENDER: '10004346' } }));
    const me = await (await page.request.get('/api/auth/me')).json() as { user: { id: string } };
    // The test may run at night in Tehran: no quiet hours here (they have their own API test).
    await apiJson('put', '/api/voc/settings', { quietStart: '00:00', quietEnd: '00:00' });
    await apiJson('post', '/api/surveys', {
      name: 'رضایت از پشتیبانی', status: 'active', channel: 'sms', trigger: { type: 'ticket_resolved', delayMinutes: 0 },
      intro: { fa: 'پاسخ شما به ما کمک می‌کند بهتر شویم.', en: '' },
      questions: [
        { id: 'ces', type: 'ces', text: { fa: 'رسیدگی به درخواستم آسان بود.', en: 'It was easy to get my issue handled.' },
          followUp: { maxScore: 3, text: { fa: 'چه چیزی را بهتر کنیم؟', en: 'What could we do better?' } } },
        { id: 'note', type: 'text', required: false, text: { fa: 'توضیح دیگری دارید؟', en: 'Anything else?' } },
      ],
    });
    customerId = (await apiJson<{ id: string }>('post', '/api/customers', { kind: 'person', firstName: 'شیرین', lastName: 'نادری',
      phones: [{ number: '0912 640 7788' }], smsConsent: true })).id;
    ticketId = (await apiJson<{ id: string }>('post', '/api/tickets', { customerId, channel: 'phone', subject: 'ماشین ظرفشویی آب گرم نمی‌کند', assigneeId: me.user.id })).id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await kave?.close();
  });

  it('resolving the ticket sends the survey link by SMS', async () => {
    await page.goto(`/tickets/${ticketId}`);
    await page.getByTestId('ticket-resolve').click();
    await until('the survey SMS at the gateway', () => kave.messages.some((m) => /\/s\/[A-Za-z0-9_-]{20,}/.test(m.text)), 45_000);
    const sms = kave.messages.find((m) => /\/s\/[A-Za-z0-9_-]{20,}/.test(m.text))!;
    expect(sms.to).toBe('09126407788');
    expect(sms.text).toContain('شیرین');
    link = /https?:\/\/\S+\/s\/[A-Za-z0-9_-]+/.exec(sms.text)![0].replace(/^https?:\/\/[^/]+/, server.baseUrl);
  });

  it('the customer answers a 3 on a phone, right to left', async () => {
    const phone = await (await newContext(browser, server.baseUrl, { width: 390, height: 844 })).newPage();
    await phone.goto(link);
    expect(await phone.getAttribute('html', 'dir')).toBe('rtl');
    await phone.getByText('رسیدگی به درخواستم آسان بود.').waitFor();
    // The follow-up appears only for a low score.
    const followUp = phone.locator('.fu');
    expect(await followUp.isVisible()).toBe(false);
    await phone.locator('label.cell', { hasText: '۳' }).first().click();
    await followUp.waitFor({ state: 'visible' });
    await phone.locator('textarea[name="ces_followup"]').fill('سه بار تماس گرفتم تا کسی جواب داد <b>!</b>');
    await phone.evaluate(() => document.fonts.ready);
    await phone.screenshot({ path: join(ARTIFACTS, 'survey-phone-fa.png'), fullPage: true });
    await phone.getByTestId('survey-submit').click();
    await phone.getByTestId('survey-state').waitFor();
    expect(await phone.getByTestId('survey-state').innerText()).toContain('سپاس');
    // Within the edit window the answer may change (the page shows it), and it is still one answer.
    await phone.locator('label.cell', { hasText: '۲' }).first().click();
    await phone.getByTestId('survey-submit').click();
    await phone.getByTestId('survey-state').waitFor();
    await phone.locator('label.cell', { hasText: '۳' }).first().click();
    await phone.getByTestId('survey-submit').click();
    await phone.getByTestId('survey-state').waitFor();
    await phone.screenshot({ path: join(ARTIFACTS, 'survey-phone-answered-fa.png'), fullPage: true });
    await phone.close();
    const answers = await apiJson<{ items: { score: number; comment: string; loop: { status: string } | null }[] }>('get', `/api/survey-responses?sourceType=ticket&sourceId=${ticketId}`);
    expect(answers.items).toHaveLength(1);
    expect(answers.items[0]).toMatchObject({ score: 3, loop: { status: 'open' } });
  });

  it('a follow-up task appears for the agent', async () => {
    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('bucket-upcoming').click(); // due in 24 hours: tomorrow by now
    await until('the follow-up task', async () => (await page.getByText(/پیگیری نظر ناراضی شیرین نادری/).count()) > 0);
    await screenshot(page, 'voice-followup-task');
  });

  it('the answer shows on the ticket, beside it, and on the 360° timeline', async () => {
    await page.goto(`/tickets/${ticketId}`);
    const card = page.getByTestId('ticket-survey-answer');
    await card.waitFor();
    expect(await card.getByTestId('survey-score').innerText()).toMatch(/۳ از ۷/);
    expect(await card.getByTestId('survey-score').getAttribute('data-mood')).toBe('unhappy');
    expect(await card.getByTestId('survey-comment').innerText()).toContain('<b>!</b>'); // shown as text
    const last = page.getByTestId('ticket-panel-last-answer');
    await last.getByTestId('survey-score').waitFor();
    await screenshot(page, 'voice-ticket-fa');
    await page.goto(`/customers/${customerId}`);
    const item = page.getByTestId('timeline-survey').first();
    await item.waitFor();
    expect(await item.innerText()).toContain('رضایت از پشتیبانی');
    expect(await item.getByTestId('survey-loop').innerText()).toBe('پیگیری باز');
    await screenshot(page, 'voice-timeline-fa');
  });

  it('counts in the figures', async () => {
    const m = await apiJson<{ summary: { n: number; value: number }; responseRate: { delivered: number; responses: number } }>('get', '/api/voc/metrics?metric=ces');
    expect(m.summary).toMatchObject({ n: 1, value: 3 });
    expect(m.responseRate).toMatchObject({ delivered: 1, responses: 1 });
  });

  it('reads right in English', async () => {
    await page.goto(`/tickets/${ticketId}`);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    const card = page.getByTestId('ticket-survey-answer');
    await card.waitFor();
    expect(await card.getByTestId('survey-score').innerText()).toMatch(/Effort: 3 of 7/);
    await screenshot(page, 'voice-ticket-en');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-fa').click();
    expect(problems).toEqual([]);
  });
});
