/**
 * When an end-to-end test fails, this prints what is needed to understand it from the CI log alone: each open page's
 * address and visible text, its recent console errors and failed requests, a screenshot next to the others
 * (failed-*.png), and the end of each running server's log.
 */
import { afterEach } from 'vitest';
import { join } from 'node:path';
import { ARTIFACTS, openContexts, recentTrouble } from './browser';
import { runningServers } from './server';

const slug = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60);

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  const lines = [`---- what the failed test "${ctx.task.name}" left behind`];
  let n = 0;
  for (const context of openContexts) {
    const trouble = recentTrouble.get(context) ?? [];
    if (trouble.length) lines.push('console errors and failed requests, last first:', ...[...trouble].reverse());
    for (const page of context.pages()) {
      n += 1;
      try {
        const file = join(ARTIFACTS, `failed-${slug(ctx.task.name)}-${n}.png`);
        await page.screenshot({ path: file, timeout: 5000 });
        const text = await page.locator('body').innerText({ timeout: 5000 });
        lines.push(`page ${n}: ${page.url()} (screenshot ${file})`, text.replace(/\n{2,}/g, '\n').slice(0, 1500));
      } catch (err) {
        lines.push(`page ${n}: ${page.url()} (could not be read: ${(err as Error).message.split('\n')[0]})`);
      }
    }
  }
  for (const server of runningServers) lines.push(`server ${server.baseUrl}, the end of its log:`, server.log().slice(-2500));
  console.error(lines.join('\n'));
});
