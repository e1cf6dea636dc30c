/**
 * Importing customers, end to end in Chromium: from the customers list's empty state, a Persian XLSX (merged title
 * row, Jalali dates, Persian digits, a bad row) is uploaded; the mapping is fixed by hand (a column to tags), the
 * preview shows the bad row's error; the import runs with a progress bar; the rejected rows download with a reason
 * column; the import is undone. Then a Windows-1256 CSV goes through the same wizard, and the page reads in English.
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
    expect(await preview.innerText()).toContain('phone: "تلفن ندارد" is not a valid phone number');
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
    expect(rejected[0]).toBe('نام و نام خانوادگی,تلفن همراه,تاریخ تولد,شهر,رنگ محبوب,reason');
    expect(rejected[1]).toMatch(/^ردیف خراب,تلفن ندارد,1368\/15\/40,,,"phone: ""تلفن ندارد"" is not a valid phone number; birthday:/);

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
});
