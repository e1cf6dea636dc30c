/**
 * Voice of the customer, end to end in Chromium against the real server: a CES survey asked when a ticket is resolved
 * reaches the customer by SMS (read from the customer's timeline), the customer answers 2 on the public page, and the
 * manager sees it on /voc — the figures (n = 1 and the value, said to be too few answers), the open loop, closed
 * through the modal and listed under closed; then an admin adds a topic with a keyword, staff add feedback whose text
 * has it, and the topic chip appears. The same screens are checked in English. Screenshots go to e2e/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { screenshot, until, requestJson, dismissToasts as dismissToastsOn, startAdminSession } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[];
let headers: Record<string, string>;
let customerId = '';
let ticketId = '';
let surveyPath = '';
let npsPath = '';
const CUSTOMER = 'نرگس احمدی';
const COMMENT = 'سه بار زنگ زدم تا <b>کسی</b> جواب داد';

const CES_SURVEY = {
  name: 'رضایت از پشتیبانی', status: 'active', channel: 'sms',
  trigger: { type: 'ticket_resolved', delayMinutes: 0 },
  questions: [
    { id: 'ces', type: 'ces', text: { fa: 'رسیدگی به درخواستم آسان بود.', en: 'It was easy to get my issue handled.' },
      followUp: { maxScore: 3, text: { fa: 'چه چیزی را بهتر کنیم؟', en: 'What could we do better?' } } },
  ],
};

const apiJson = <T>(method: 'get' | 'post' | 'put' | 'patch', url: string, data?: unknown, status?: number) => requestJson<T>(page, headers, method, url, data, status);

const dismissToasts = () => dismissToastsOn(page);

/** Types into a Mantine TagsInput and commits each tag with Enter. */
async function addTags(testId: string, tags: string[]) {
  const input = page.getByTestId(testId);
  for (const tag of tags) {
    await input.fill(tag);
    await input.press('Enter');
  }
}

/** The survey SMS is on the customer's timeline; its link is the customer's single-use survey page. */
function surveyLinkOf(id: string) {
  return until('the survey SMS on the timeline', async () => {
    const tl = await apiJson<{ items: { kind: string; data: { body?: string; subjectType?: string } }[] }>('get', `/api/customers/${id}/timeline`);
    const sms = tl.items.find((i) => i.kind === 'message' && i.data.subjectType === 'survey_invitation');
    return sms?.data.body?.match(/\/s\/[A-Za-z0-9_-]+/)?.[0];
  }, 15_000);
}

describe('voice of the customer: figures, the closed loop and the feedback inbox', () => {
  beforeAll(async () => {
    ({ server, browser, page, problems, headers } = await startAdminSession());
    const me = await (await page.request.get('/api/auth/me')).json() as { user: { id: string } };

    // Quiet hours far from now (the test may run at night in Tehran) and no fatigue rule.
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tehran', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
    const hh = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
    await apiJson('put', '/api/voc/settings', { quietStart: hh(hour + 8), quietEnd: hh(hour + 9), fatigueDays: 0 });
    await apiJson('post', '/api/surveys', CES_SURVEY);
    const c = await apiJson<{ id: string }>('post', '/api/customers', { kind: 'person', firstName: 'نرگس', lastName: 'احمدی', phones: [{ number: '0912 555 7788' }], smsConsent: true });
    customerId = c.id;
    const t = await apiJson<{ id: string }>('post', '/api/tickets', { customerId, channel: 'phone', subject: 'یخچال برفک می‌زند', assigneeId: me.user.id });
    ticketId = t.id;
    await apiJson('patch', `/api/tickets/${ticketId}`, { status: 'resolved' });
    surveyPath = await surveyLinkOf(customerId);
    // A happy customer, asked by hand with an NPS survey: the one to ask for a review.
    const nps = await apiJson<{ id: string }>('post', '/api/surveys', { name: 'توصیه به دوستان', status: 'active', channel: 'sms', trigger: { type: 'manual' },
      questions: [{ id: 'nps', type: 'nps', text: { fa: 'چقدر ما را به دوستانتان توصیه می‌کنید؟', en: 'How likely are you to recommend us?' } }] });
    const happy = await apiJson<{ id: string }>('post', '/api/customers', { kind: 'person', firstName: 'کاوه', lastName: 'شریفی', phones: [{ number: '0912 555 9900' }], smsConsent: true });
    await apiJson('post', `/api/surveys/${nps.id}/send`, { customerIds: [happy.id] }, 200);
    npsPath = await surveyLinkOf(happy.id);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the customer answers 2 (hard) with a comment on the public page', async () => {
    const pub = await page.context().newPage();
    await pub.goto(surveyPath);
    await pub.locator('input[name="ces"][value="2"]').check();
    await pub.locator('textarea[name="ces_followup"]').fill(COMMENT);
    await pub.getByTestId('survey-submit').click();
    await until('the answer to be saved', async () => {
      const r = await apiJson<{ items: { score: number }[] }>('get', '/api/survey-responses?loop=open');
      return r.items.length === 1 && r.items[0].score === 2;
    });
    // The happy customer gives a 10.
    await pub.goto(npsPath);
    await pub.locator('input[name="nps"][value="10"]').check();
    await pub.getByTestId('survey-submit').click();
    await until('the NPS answer', async () => (await apiJson<{ items: { score: number }[] }>('get', '/api/survey-responses')).items.some((r) => r.score === 10));
    await pub.close();
  });

  it('shows the figures: CES from one answer, said plainly to be too few', async () => {
    await page.getByTestId('nav-voc').click();
    await page.getByTestId('voc-page').waitFor();
    await page.getByTestId('voc-metric').getByText('CES', { exact: true }).click();
    await page.waitForURL(/metric=ces/);
    await until('the CES figure', async () => (await page.getByTestId('voc-headline').getAttribute('data-metric')) === 'ces');
    expect(await page.getByTestId('voc-value').innerText()).toBe('۲');
    expect(await page.getByTestId('voc-n').innerText()).toContain('۱ پاسخ');
    expect(await page.getByTestId('voc-small').innerText()).toContain('پاسخ‌ها کم است');
    expect(await page.getByTestId('voc-counts').innerText()).toMatch(/دشوار[\s\S]*۱/);
    expect(await page.getByTestId('voc-change').innerText()).toContain('دورهٔ قبل پاسخی');
    // One Saturday week with an answer: one filled bar.
    expect(await page.locator('[data-testid="voc-trend-bar"][data-empty="0"]').count()).toBe(1);
    // The NPS rows stay dimmed until the CES ones come: the breakdown says which metric it shows.
    await page.locator('[data-testid="voc-breakdown"][data-metric="ces"]').waitFor();
    expect(await page.getByTestId('voc-breakdown').innerText()).toContain('رضایت از پشتیبانی');
    await page.getByTestId('voc-low-sample').first().waitFor();
    await page.mouse.move(0, 0);
    await screenshot(page, 'voc-figures-fa');
  });

  it('lists the open loop and closes it through the modal, asking what was done', async () => {
    await page.getByTestId('voc-tab-loops').click();
    await page.waitForURL(/tab=loops/);
    const row = page.getByTestId('voc-loop-row').filter({ hasText: CUSTOMER });
    await row.waitFor();
    // The comment is text, not markup; the source links to the ticket; the customer to the profile.
    expect(await row.getByTestId('voc-comment').innerText()).toBe(COMMENT);
    expect(await row.locator('[data-testid="voc-comment"] b').count()).toBe(0);
    expect(await row.getByTestId('voc-source').getAttribute('href')).toBe(`/tickets/${ticketId}`);
    expect(await row.getByRole('link', { name: CUSTOMER }).getAttribute('href')).toBe(`/customers/${customerId}`);
    expect(await row.getByTestId('voc-score').innerText()).toMatch(/۲ از ۷\s*CES/);
    await row.getByTestId('voc-due').waitFor();
    await screenshot(page, 'voc-loops-fa');

    await row.getByTestId('voc-close-loop').click();
    const form = page.getByTestId('voc-close-form');
    await form.waitFor();
    await form.getByTestId('voc-close-submit').click();
    await form.getByText('بنویسید چه کاری انجام شد').waitFor();
    await form.getByTestId('voc-close-note').fill('تماس گرفتم، عذرخواهی کردم و شمارهٔ مستقیم کارشناس را دادم');
    await form.getByTestId('voc-close-submit').click();
    await form.waitFor({ state: 'detached' });
    await page.getByText('پیگیری بازی نمانده است').waitFor();

    await page.getByTestId('voc-loop-status').getByText('بسته‌شده').click();
    const closed = page.getByTestId('voc-loop-row').filter({ hasText: CUSTOMER });
    await closed.waitFor();
    expect(await closed.getByTestId('voc-loop-note').innerText()).toContain('شمارهٔ مستقیم کارشناس');
    // Closing twice is a clear 409 (from the API; the modal says the same in words).
    const [r] = (await apiJson<{ items: { id: string }[] }>('get', '/api/survey-responses?loop=closed')).items;
    const again = await page.request.post(`/api/survey-responses/${r.id}/close-loop`, { data: { note: 'دوباره' }, headers });
    expect(again.status()).toBe(409);
  });

  it('asks a promoter for a review from the recent answers, once', async () => {
    const row = page.getByTestId('voc-recent-row').filter({ hasText: 'کاوه شریفی' });
    expect(await row.getByTestId('voc-score').innerText()).toMatch(/۱۰ از ۱۰\s*NPS/);
    await row.getByTestId('voc-ask').click();
    const form = page.getByTestId('voc-ask-form');
    await form.getByTestId('voc-ask-submit').click();
    await form.waitFor({ state: 'detached' });
    await row.getByText('درخواست نظر فرستاده شد').waitFor();
    const [r] = (await apiJson<{ items: { id: string; score: number }[] }>('get', '/api/survey-responses')).items.filter((x) => x.score === 10);
    expect((await page.request.post(`/api/survey-responses/${r.id}/ask`, { data: { kind: 'referral' }, headers })).status()).toBe(409);
  });

  it('adds a topic with a keyword as admin, then feedback whose text has it gets the chip', async () => {
    await page.getByTestId('voc-tab-feedback').click();
    await page.waitForURL(/tab=feedback/);
    // The survey comment already joined the inbox as negative feedback.
    await page.getByTestId('voc-feedback-item').filter({ hasText: 'سه بار زنگ زدم' }).waitFor();

    await page.getByTestId('voc-topic-add').click();
    const tf = page.getByTestId('voc-topic-form');
    await tf.getByTestId('voc-topic-name').fill('قیمت');
    await addTags('voc-topic-keywords', ['گران', 'تخفیف']);
    await tf.getByTestId('voc-topic-save').click();
    await tf.waitFor({ state: 'detached' });
    await page.getByTestId('voc-topic-row').filter({ hasText: 'قیمت' }).waitFor();

    await page.getByTestId('voc-add-feedback').click();
    const ff = page.getByTestId('voc-feedback-form');
    await ff.waitFor();
    await ff.getByTestId('voc-feedback-text-input').fill('در اینستاگرام نوشت قیمت‌ها نسبت به پارسال خیلی گران شده');
    await page.getByTestId('voc-feedback-sentiment-input').click();
    await page.getByRole('option', { name: 'منفی', exact: true }).click();
    await ff.getByTestId('voc-feedback-save').click();
    await ff.waitFor({ state: 'detached' });
    const item = page.getByTestId('voc-feedback-item').filter({ hasText: 'اینستاگرام' });
    await item.waitFor();
    await until('the topic chip', async () => (await item.locator('.mantine-Pill-root').allInnerTexts()).includes('قیمت'));
    expect(await item.getAttribute('data-sentiment')).toBe('negative');
    await page.getByTestId('voc-topic-trend').filter({ hasText: 'قیمت' }).waitFor();
    await dismissToasts();
    await page.mouse.move(0, 0);
    await screenshot(page, 'voc-feedback-fa');
  });

  it('reads right in English (LTR)', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    await page.getByTestId('voc-tab-feedback').getByText('Feedback inbox').waitFor();
    await page.getByTestId('voc-feedback-item').filter({ hasText: 'اینستاگرام' }).getByText('Phone call').waitFor();
    await screenshot(page, 'voc-feedback-en');
    await page.getByTestId('voc-tab-figures').click();
    await page.getByTestId('voc-metric').getByText('CES', { exact: true }).click();
    await until('the English CES figure', async () => (await page.getByTestId('voc-headline').getAttribute('data-metric')) === 'ces');
    expect(await page.getByTestId('voc-value').innerText()).toBe('2');
    expect(await page.getByTestId('voc-n').innerText()).toBe('Based on 1 answer');
    await page.mouse.move(0, 0);
    await screenshot(page, 'voc-figures-en');
    await page.getByTestId('voc-tab-loops').click();
    await page.getByTestId('voc-loop-status').getByText('Closed', { exact: true }).click();
    await page.getByTestId('voc-loop-row').filter({ hasText: CUSTOMER }).getByText('What was done:').waitFor();
    await screenshot(page, 'voc-loops-en');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-fa').click();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    expect(problems).toEqual([]);
  });
});
