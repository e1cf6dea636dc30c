/**
 * API keys and the API's docs in the web app: an admin makes a key narrowed to reading customers, with its own rate
 * limit; the key reads but cannot create; the keys list shows its access, limit and last use; the docs page lists the
 * operations by tag, finds one by search and shows its schemas as a tree, in Persian (RTL) and English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startAdminSession, type AdminSession } from './browser.ts';

let s: AdminSession;

beforeAll(async () => { s = await startAdminSession(); });
afterAll(async () => {
  await s?.browser.close();
  await s?.server.stop();
});

describe('API keys and the API docs', () => {
  it('makes a key that may only read customers, limited to 2 requests a minute', async () => {
    const { page } = s;
    await page.goto('/admin/users?tab=api-keys');
    await page.getByTestId('new-api-key').click();
    await page.getByTestId('api-key-name').fill('داشبورد فروش');
    await page.getByTestId('api-key-rate').fill('2');
    await page.getByTestId('api-key-narrow').click();
    await page.getByTestId('key-permissions-grid').waitFor();
    await page.getByTestId('key-perm-customers-read').click();
    await screenshot(page, 'api-key-create-fa');
    await page.getByTestId('create-api-key').click();
    const key = await page.getByTestId('api-key-value').innerText();
    expect(key).toMatch(/^mhv_/);
    await page.getByTestId('api-key-done').click();

    const auth = { Authorization: `Bearer ${key.trim()}` };
    expect((await page.request.get('/api/customers', { headers: auth })).status()).toBe(200);
    const denied = await page.request.post('/api/customers', { headers: auth, data: { kind: 'organization', orgName: 'نباید ساخته شود' } });
    expect(denied.status()).toBe(403);
    const limited = await page.request.get('/api/customers', { headers: auth });
    expect(limited.status()).toBe(429);
    expect(Number(limited.headers()['retry-after'])).toBeGreaterThan(0);

    await page.reload();
    const row = page.getByTestId('api-keys-table').getByRole('row', { name: /داشبورد فروش/ });
    await row.waitFor();
    expect(await row.innerText()).toContain('محدود');
    expect(await row.innerText()).toContain('۲ در دقیقه');
    expect(await row.innerText()).not.toContain('هرگز');
    await screenshot(page, 'api-keys-list-fa');

    // The limit is changed from the list; the key then has a fresh allowance in this same minute.
    await row.getByTestId('edit-api-key-rate').click();
    await page.getByTestId('api-key-rate-edit').fill('50');
    await page.getByTestId('save-api-key-rate').click();
    await expect.poll(() => row.innerText()).toContain('۵۰ در دقیقه');
    const keys = await (await page.request.get('/api/api-keys')).json() as { items: { name: string; rateLimitPerMinute: number }[] };
    expect(keys.items.find((k) => k.name === 'داشبورد فروش')?.rateLimitPerMinute).toBe(50);
    expect((await page.request.get('/api/customers', { headers: auth })).status()).toBe(200);
  });

  it('the docs page lists operations by tag, searches, and shows request and response schemas', async () => {
    const { page, problems } = s;
    await page.getByTestId('api-docs-link').click();
    await page.waitForURL((u) => u.pathname === '/api-docs');
    await page.getByTestId('api-operation').first().waitFor();
    expect(await page.getByTestId('api-operation').count()).toBeGreaterThan(100);
    await page.getByTestId('api-docs-search').fill('api-keys');
    await expect.poll(() => page.getByTestId('api-operation').count()).toBe(4);
    await page.getByTestId('api-operation').filter({ hasText: 'POST' }).getByRole('button').first().click();
    const tree = page.getByTestId('schema-tree').first();
    await tree.waitFor();
    expect(await tree.innerText()).toContain('rateLimitPerMinute');
    await screenshot(page, 'api-docs-fa');

    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    await page.getByRole('heading', { name: 'API documentation' }).waitFor();
    await page.getByTestId('api-docs-search').fill('post /api/customers');
    await page.getByTestId('api-operation').first().getByRole('button').first().click();
    await page.getByTestId('schema-tree').first().waitFor();
    await screenshot(page, 'api-docs-en');
    expect(problems).toEqual([]);
  });
});
