/** The node flags of a checkout's `npm start` (`node --max-semi-space-size=64 scripts/start.mjs` → that flag), for whoever starts its server as `npm start` does (the load test, the e2e servers). */
import fs from 'node:fs';

export function startFlags(root: string): string[] {
  const start: string = JSON.parse(fs.readFileSync(`${root}/package.json`, 'utf8')).scripts?.start ?? '';
  const m = /^node\s+((?:--\S+\s+)*)\S/.exec(start);
  return m ? m[1].split(/\s+/).filter(Boolean) : [];
}
