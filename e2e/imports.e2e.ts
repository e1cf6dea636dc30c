/**
 * Importing customers, end to end in Chromium: from the customers list's empty state, a Persian XLSX (merged title
 * row, Jalali dates, Persian digits, a bad row) is uploaded; the mapping is fixed by hand (a column to tags), the
 * preview shows the bad row's error; the import runs with a progress bar; the rejected rows download with a reason
 * column; the import is undone. Then a Windows-1256 CSV goes through the same wizard, and the page reads in English.
 * Then purchase history from a Persian XLSX: the kind chosen on the import page, invoices with lines, a row whose
 * customer is not found rejected with its reason in Persian, the invoices listed, and the import undone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { RunningServer } from './server';
import { screenshot, until, requestJson, startAdminSession, choose } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[];
let headers: Record<string, string>;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mehvar-e2e-import-'));

type Page1 = { total: number; items: { displayName: string }[] };
const customers = () => requestJson<Page1>(page, headers, 'get', '/api/customers?pageSize=100');

async function persianXlsx(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('مشتریان');
  ws.addRow(['فهرست مشتریان فروشگاه — ۱۴۰۳']);
  ws.mergeCells('A1:E1');
  ws.addRow(['نام و نام خانوادگی', 'تلفن همراه', 'تاریخ تولد', 'شهر', 'رنگ محبوب']);
  ws.addRow(['شیرین عطایی', '۰۹۱۲۶۶۶۰۰۰۱', '۱۳۶۸/۰۲/۳۰', 'مشهد', 'سبز']);
  ws.addRow(['بهرام پارسا', '۰۹۱۲۶۶۶۰۰۰۲ - ۰۲۱۴۴۵۵۶۶۷۷', '1360-07-01', 'تبریز', 'آبی']);
  ws.addRow(['ردیف خراب', 'تلفن ندارد', '۱۳۶۸/۱۵/۴۰', '', '']);
  const file = path.join(dir, 'moshtarian.xlsx');
  await wb.xlsx.writeFile(file);
  return file;
}

describe('importing customers from a file', () => {
  beforeAll(async () => {
    ({ server, browser, page, problems, headers } = await startAdminSession());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a Persian XLSX: mapping fixed by hand, preview errors, progress, rejected rows, undo', async () => {
    await page.goto('/customers');
    await page.getByTestId('empty-import').click();
    await page.getByTestId('import-file').waitFor();
    await page.locator('input[type=file]').setInputFiles(await persianXlsx());
    await page.getByTestId('upload-file').click();
    await page.getByTestId('mapping-table').waitFor();
    const preview = page.getByTestId('preview-table');
    expect(await preview.innerText()).toContain('شیرین');
    // Reasons read in the user's language.
    expect(await preview.innerText()).toContain('تلفن: «تلفن ندارد» شماره تلفن درستی نیست');
    // The favourite-colour column is not recognized: it becomes tags by hand.
    await choose(page, 'map-4', 'برچسب');
    await page.getByTestId('apply-mapping').click();
    await until('the preview to show the tag', async () => (await preview.innerText()).includes('سبز'));
    await screenshot(page, 'import-mapping-fa');

    await page.getByTestId('start-import').click();
    await until('the import to finish', async () => (await page.getByTestId('import-status').getAttribute('data-status')) === 'done', 60_000);
    expect(await page.getByTestId('count-created').innerText()).toContain('۲');
    expect(await page.getByTestId('count-rejected').innerText()).toContain('۱');
    await screenshot(page, 'import-summary-fa');
    expect((await customers()).total).toBe(2);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-rejected').click()]);
    const rejected = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rejected[0]).toBe('نام و نام خانوادگی,تلفن همراه,تاریخ تولد,شهر,رنگ محبوب,دلیل');
    expect(rejected[1]).toMatch(/^ردیف خراب,تلفن ندارد,1368\/15\/40,,,تلفن: «تلفن ندارد» شماره تلفن درستی نیست؛ تاریخ تولد:/);

    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('undo-import').click();
    await page.getByTestId('undo-result').waitFor();
    expect((await customers()).total).toBe(0);
    await screenshot(page, 'import-undone-fa');
  });

  it('a Windows-1256 CSV, in English', async () => {
    await requestJson(page, headers, 'patch', '/api/auth/me/preferences', { locale: 'en' });
    const csv = path.join(dir, 'excel.csv');
    // Excel writes Persian ی/ک as the Arabic letters Windows-1256 has (ي/ك).
    const text = 'نام,نام خانوادگی,موبایل\r\nکاوه,یاوری,09127778888\r\n'.replace(/ی/g, 'ي').replace(/ک/g, 'ك');
    fs.writeFileSync(csv, iconv.encode(text, 'windows-1256'));
    await page.goto('/customers/import');
    await page.locator('input[type=file]').setInputFiles(csv);
    await page.getByTestId('upload-file').click();
    await page.getByTestId('mapping-table').waitFor();
    expect(await page.getByTestId('preview-table').innerText()).toContain('کاوه');
    await screenshot(page, 'import-mapping-en');
    await page.getByTestId('start-import').click();
    await until('the import to finish', async () => (await page.getByTestId('import-status').getAttribute('data-status')) === 'done', 60_000);
    expect((await customers()).items.map((c) => c.displayName)).toEqual(['کاوه یاوری']);
    await screenshot(page, 'import-summary-en');
    expect(problems).toEqual([]);
  });

  it('purchase history from a Persian XLSX: kind chosen, invoices with lines, a rejected row in Persian, undo; fa and en, desktop and phone', async () => {
    await requestJson(page, headers, 'patch', '/api/auth/me/preferences', { locale: 'fa' });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('فروش');
    ws.addRow(['شماره فاکتور', 'موبایل', 'تاریخ', 'نام کالا', 'تعداد', 'قیمت واحد', 'پرداخت']);
    ws.addRow(['۱۰۱', '۰۹۱۲۷۷۷۸۸۸۸', '۱۴۰۳/۰۲/۱۰', 'چای', '۲', '۱۵۰٬۰۰۰', 'بله']);
    ws.addRow(['۱۰۱', '۰۹۱۲۷۷۷۸۸۸۸', '۱۴۰۳/۰۲/۱۰', 'قند', '۱', '۸۰٬۰۰۰', 'بله']);
    ws.addRow(['۱۰۲', '۰۹۱۰۰۰۰۰۰۰۰', '۱۴۰۳/۰۲/۱۱', 'چای', '۱', '۱۵۰٬۰۰۰', '']);
    const file = path.join(dir, 'kharid.xlsx');
    await wb.xlsx.writeFile(file);

    await page.goto('/customers/import');
    await page.getByTestId('import-kind').getByText('سابقه خرید').click();
    expect(await page.getByTestId('kind-hint').innerText()).toContain('سطر فاکتور');
    await screenshot(page, 'import-kind-fa');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'import-kind-fa-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('upload-file').click();
    await page.getByTestId('mapping-table').waitFor();
    const preview = page.getByTestId('preview-table');
    await until('the preview rows', async () => (await preview.innerText()).includes('قند'));
    expect(await page.getByTestId('mapping-table').innerText()).toContain('شماره فاکتور');
    await screenshot(page, 'import-purchases-mapping-fa');
    await page.getByTestId('start-import').click();
    await until('the import to finish', async () => (await page.getByTestId('import-status').getAttribute('data-status')) === 'done', 60_000);
    expect(await page.getByTestId('count-created').innerText()).toContain('۲');
    expect(await page.getByTestId('count-rejected').innerText()).toContain('۱');
    await screenshot(page, 'import-purchases-summary-fa');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'import-purchases-summary-fa-phone');
    await page.setViewportSize({ width: 1440, height: 900 });

    type Docs = { items: { number: string | null; grandTotal: string; status: string }[] };
    const docs = await requestJson<Docs>(page, headers, 'get', '/api/documents?kind=invoice&pageSize=50');
    expect(docs.items.map((d) => [d.number, d.grandTotal, d.status])).toEqual([['101', '380000', 'paid']]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-rejected').click()]);
    const rejected = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rejected[0]).toBe('شماره فاکتور,موبایل,تاریخ,نام کالا,تعداد,قیمت واحد,پرداخت,دلیل');
    expect(rejected[1]).toMatch(/^102,09100000000,1403\/02\/11,چای,1,.+,,مشتری: مشتری‌ای با این مشخصات پیدا نشد \(تلفن \+989100000000\)$/);

    // The same page in English, then the undo.
    await requestJson(page, headers, 'patch', '/api/auth/me/preferences', { locale: 'en' });
    await page.reload();
    await page.getByTestId('import-status').waitFor();
    await screenshot(page, 'import-purchases-summary-en');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'import-purchases-summary-en-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('undo-import').click();
    await page.getByTestId('undo-result').waitFor();
    expect(await page.getByTestId('undo-result').innerText()).toContain('Undone: 1 record removed');
    expect((await requestJson<Docs>(page, headers, 'get', '/api/documents?kind=invoice&pageSize=50')).items).toEqual([]);
    await page.goto('/customers/import?kind=purchases');
    await screenshot(page, 'import-kind-en');
    expect(problems).toEqual([]);
  });
});
