/**
 * The one search box, end to end in Chromium: Ctrl+K (and ⌘K, and the header button) opens the palette; typing finds
 * a customer, a ticket, a quote, a deal, a product and a contract, grouped under their kinds' names; ↑ ↓ and Enter open
 * the record; Esc closes; "see all results" opens /search with the groups. In Persian and English, at 1440 px and on a
 * 390 px phone (no sideways scrolling), with mixed-script text isolated in <bdi dir="auto">.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './server';
import { newContext, requestJson, screenshot, signIn, startAdminSession, until } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[];
let headers: Record<string, string>;
const ids: Record<string, string> = {};
let ticketNumber = 0;
let docNumber = '';

const WORD = 'دوربین';
const persian = (s: string | number) => String(s).replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
const apiJson = <T>(method: 'get' | 'post', url: string, data?: unknown, status?: number) => requestJson<T>(page, headers, method, url, data, status);

const palette = () => page.getByTestId('spotlight-input');
async function openPalette(keys = 'Control+k') {
  await page.keyboard.press(keys);
  await palette().waitFor();
}
async function typeAndWait(text: string, firstKind?: string) {
  await palette().fill(text);
  await until(`results for «${text}»`, async () => {
    const first = page.getByTestId('spotlight-result').first();
    if (!(await first.count())) return false;
    return !firstKind || (await first.getAttribute('data-kind')) === firstKind;
  }, 15_000);
}
const selected = () => page.locator('#spotlight-results [role="option"][aria-selected="true"]');
/** Where the subtitle's parts of the first hit of a kind stand, left edges in page order (the DOM order is customer, stage). */
const partXs = async (p: Page, kind: string) => {
  const parts = p.getByTestId(`search-group-${kind}`).getByTestId('search-hit-subtitle').first().locator('bdi');
  return Promise.all((await parts.all()).map(async (b) => (await b.boundingBox())!.x));
};
const noSideways = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe('search: one box for every kind of record', () => {
  beforeAll(async () => {
    ({ server, browser, page, problems, headers } = await startAdminSession());
    await page.setViewportSize({ width: 1440, height: 900 });
    const c = await apiJson<{ id: string }>('post', '/api/customers', { kind: 'person', firstName: 'بهاره', lastName: 'صدری', phones: [{ number: '09121112233' }], emails: [{ address: 'bahareh@example.com' }] });
    ids.customer = c.id;
    ids.product = (await apiJson<{ id: string }>('post', '/api/products', { code: 'CAM-77', nameFa: `${WORD} مداربسته`, nameEn: 'CCTV camera', unit: 'دستگاه', price: '25000000' })).id;
    const ticket = await apiJson<{ id: string; number: number }>('post', '/api/tickets', { customerId: c.id, channel: 'phone', subject: `${WORD} حیاط تصویر ندارد` });
    ids.ticket = ticket.id;
    ticketNumber = ticket.number;
    ids.document = (await apiJson<{ id: string }>('post', '/api/documents', { kind: 'quote', customerId: c.id, lines: [{ productId: ids.product, quantity: '2' }] })).id;
    docNumber = (await apiJson<{ number: string }>('post', `/api/documents/${ids.document}/send`, {}, 200)).number;
    ids.deal = (await apiJson<{ id: string }>('post', '/api/deals', { customerId: c.id, title: `نصب ${WORD} فروشگاه` })).id;
    ids.contract = (await apiJson<{ id: string }>('post', '/api/contracts', { customerId: c.id, kind: 'maintenance', title: `پشتیبانی ${WORD}‌ها`, startDate: '2026-01-01', endDate: '2027-12-31' })).id;
    await page.goto('/customers');
    await page.getByTestId('nav-customers').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('Ctrl+K finds every kind, grouped under Persian labels; arrows and Enter open the record', async () => {
    await openPalette();
    await typeAndWait(WORD);
    for (const kind of ['ticket', 'deal', 'product', 'contract']) await page.getByTestId(`spotlight-group-${kind}`).waitFor();
    expect(await page.getByTestId('spotlight-group-product').innerText()).toContain('کالاها و خدمات');
    expect(await page.getByTestId('spotlight-group-contract').innerText()).toContain('قراردادها');
    // Mixed script: the Latin code and English name beside Persian text are each their own bidi island.
    const isolated = await page.getByTestId('spotlight-group-product').locator('bdi[dir="auto"]').allInnerTexts();
    expect(isolated).toEqual([`${WORD} مداربسته`, 'CAM-77', 'CCTV camera']);
    await screenshot(page, 'search-palette-fa');

    expect(await selected().getAttribute('id')).toBe('spotlight-option-0');
    await palette().press('ArrowDown');
    await palette().press('ArrowDown');
    await palette().press('ArrowUp');
    expect(await selected().getAttribute('id')).toBe('spotlight-option-1');
    const second = page.locator('#spotlight-option-1');
    const kind = await second.getAttribute('data-kind');
    await palette().press('Enter');
    const expected: Record<string, RegExp> = {
      ticket: new RegExp(`/tickets/${ids.ticket}$`), deal: new RegExp(`/deals\\?deal=${ids.deal}$`),
      product: /\/products\?q=CAM-77$/, contract: new RegExp(`/contracts\\?contract=${ids.contract}$`),
    };
    await page.waitForURL(expected[kind!]);
    expect(await palette().count()).toBe(0);
  });

  it('a document number typed in Persian digits, and a #ticket number, come first and open with Enter', async () => {
    expect(docNumber).toMatch(/^PF-\d{4}-\d{5}$/);
    await openPalette();
    await typeAndWait(persian(docNumber), 'document');
    expect(await page.getByTestId('spotlight-result').first().innerText()).toContain(persian(docNumber));
    await screenshot(page, 'search-palette-document-fa');
    await palette().press('Enter');
    await page.waitForURL(new RegExp(`/documents/${ids.document}$`));

    await openPalette('Meta+k'); // ⌘K works too
    await typeAndWait(`#${persian(ticketNumber)}`, 'ticket');
    await palette().press('Enter');
    await page.waitForURL(new RegExp(`/tickets/${ids.ticket}$`));
  });

  it("a whole email or phone number finds its owner, not a customer whose address only contains it; Enter opens the record", async () => {
    await apiJson('post', '/api/customers', { kind: 'person', firstName: 'سارا', lastName: 'مهری', emails: [{ address: 'xbahareh@example.com' }] });
    await openPalette();
    await typeAndWait('bahareh@example.com', 'customer');
    const customers = () => page.getByTestId('spotlight-group-customer').getByTestId('spotlight-result');
    expect(await customers().count()).toBe(1);
    expect(await customers().first().innerText()).toContain('بهاره صدری');
    await screenshot(page, 'search-palette-email-fa');
    await palette().fill('');
    await until('the results to clear', async () => (await page.getByTestId('spotlight-result').count()) === 0, 5000);
    await typeAndWait(persian('0912 111 2233'), 'customer');
    expect(await customers().count()).toBe(1);
    expect(await customers().first().innerText()).toContain('بهاره صدری');
    await palette().press('Enter');
    await page.waitForURL(new RegExp(`/customers/${ids.customer}$`));
  });

  it('Esc closes the palette; the header button opens it', async () => {
    await page.getByTestId('open-search').click();
    await palette().waitFor();
    await palette().press('Escape');
    await until('the palette to close', async () => (await palette().count()) === 0, 5000);
  });

  it('"see all results" opens the results page with every group; a hit opens its record', async () => {
    await openPalette();
    await typeAndWait(WORD);
    const options = await page.locator('#spotlight-results [role="option"]').count();
    for (let i = 1; i < options; i++) await palette().press('ArrowDown');
    expect(await selected().getAttribute('data-testid')).toBe('spotlight-see-all');
    await palette().press('Enter');
    await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === WORD);
    for (const kind of ['ticket', 'deal', 'product', 'contract']) await page.getByTestId(`search-group-${kind}`).waitFor();
    expect(await page.getByTestId('search-page-input').inputValue()).toBe(WORD);
    await page.waitForLoadState('networkidle');
    // Two Persian parts of a deal's subtitle (customer · stage): the first stands right of the second in Persian.
    const [customerX, stageX] = await partXs(page, 'deal');
    expect(customerX).toBeGreaterThan(stageX);
    await screenshot(page, 'search-page-fa');
    await page.getByTestId('search-group-product').getByTestId('search-page-hit').click();
    await page.waitForURL(/\/products\?q=CAM-77$/);
    await page.getByText('CAM-77').first().waitFor();
  });

  it('reads right in English: Latin labels, left to right, the same records', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    await openPalette();
    await typeAndWait('camera', 'product');
    expect(await page.getByTestId('spotlight-group-product').innerText()).toContain('Products & services');
    await palette().fill('صدری');
    await page.getByTestId('spotlight-group-customer').waitFor();
    expect(await page.getByTestId('spotlight-group-customer').innerText()).toContain('Customers');
    await screenshot(page, 'search-palette-en');
    await palette().press('Enter');
    await page.waitForURL(new RegExp(`/customers/${ids.customer}$`));
    await page.goto(`/search?q=${encodeURIComponent(WORD)}`);
    await page.getByTestId('search-group-contract').waitFor();
    expect(await page.getByTestId('search-group-deal').innerText()).toContain('Deals');
    // The same Persian parts in the English page keep their order left to right: isolated, they never swap.
    const [customerX, stageX] = await partXs(page, 'deal');
    expect(customerX).toBeLessThan(stageX);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'search-page-en');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-fa').click();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  });

  it('on a 390 px phone: the header button opens the palette, nothing scrolls sideways', async () => {
    const phone = await (await newContext(browser, server.baseUrl, { width: 390, height: 844 })).newPage();
    await signIn(phone, ADMIN_EMAIL, ADMIN_PASSWORD);
    await phone.getByTestId('open-search-mobile').click();
    const input = phone.getByTestId('spotlight-input');
    await input.fill(WORD);
    await phone.getByTestId('spotlight-group-contract').waitFor();
    expect(await noSideways(phone)).toBe(true);
    await screenshot(phone, 'search-palette-phone-fa');
    await input.press('Escape');
    await phone.goto(`/search?q=${encodeURIComponent(WORD)}`);
    await phone.getByTestId('search-group-contract').waitFor();
    await phone.waitForLoadState('networkidle');
    expect(await noSideways(phone)).toBe(true);
    await screenshot(phone, 'search-page-phone-fa');
    await phone.context().close();
  });

  it('ran without console errors', () => {
    expect(problems).toEqual([]);
  });
});
