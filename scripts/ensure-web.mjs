#!/usr/bin/env node
// Builds web/dist when it is missing or older than its sources, so `npm start` never serves a stale app.
// `--force` always builds (used before the end-to-end tests).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const builtMarker = join(root, 'web', 'dist', 'index.html');
const sources = [join(root, 'web', 'src'), join(root, 'common'), join(root, 'web', 'index.html'), join(root, 'web', 'vite.config.ts')];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const force = process.argv.includes('--force');
const builtAt = existsSync(builtMarker) ? statSync(builtMarker).mtimeMs : 0;
const sourcesAt = Math.max(...sources.map(newestMtime));

if (!force && builtAt > sourcesAt) {
  console.log('web/dist is up to date');
  process.exit(0);
}

console.log(force ? 'building web app (--force)…' : 'building web app (web/dist missing or stale)…');
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'web', 'vite.config.ts')], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
