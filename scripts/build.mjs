#!/usr/bin/env node
/**
 * Builds what `npm start` runs, each part only when it is missing or older than its sources:
 *   web       web/dist, the React app (vite)
 *   server    dist/server, the server bundled by esbuild: node starts it without transpiling 190 TypeScript files
 *   template  the migrated empty PGlite database new data folders are copied from (server/db/template.ts)
 * `npm install` runs it (postinstall); `npm start` checks web and server through ensureBuilt() before it starts.
 * Flags: --force (rebuild web and server), --only=web,server,template.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WEB_MARKER = join(root, 'web', 'dist', 'index.html');
const SERVER_OUT = join(root, 'dist', 'server');
const SERVER_MARKER = join(SERVER_OUT, 'main.mjs');
const WEB_SOURCES = ['web/src', 'common', 'web/index.html', 'web/vite.config.ts', 'package-lock.json'];
const SERVER_SOURCES = ['server', 'common', 'package-lock.json', 'scripts/build.mjs'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function stale(marker, sources) {
  const builtAt = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  return builtAt <= Math.max(...sources.map((s) => newestMtime(join(root, s))));
}

function buildWeb(log) {
  log('building the web app (vite)…');
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'web', 'vite.config.ts')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the web app did not build (see above)');
}

async function buildServer(log) {
  log('bundling the server (esbuild)…');
  const esbuild = await import('esbuild');
  rmSync(SERVER_OUT, { recursive: true, force: true }); // chunk names change with their content
  await esbuild.build({
    absWorkingDir: root,
    // main: `npm start`; cli: create-admin and demo; db: builds the PGlite template; pglite-host: the embedded
    // database's worker thread (server/db/pglite-remote.ts starts it from next to the bundle).
    entryPoints: { main: 'server/main.ts', cli: 'server/cli.ts', db: 'server/db/client.ts', 'pglite-host': 'server/db/pglite-host.ts' },
    outdir: SERVER_OUT,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Packages stay in node_modules (PGlite finds its WASM and pg-boss its files next to their own code).
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Shared code in chunks, and the PDF renderer stays a chunk loaded on the first PDF.
    splitting: true,
    jsx: 'automatic',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

async function buildTemplate(log) {
  const { buildPgliteTemplate } = await import(pathToFileURL(join(SERVER_OUT, 'db.mjs')).href);
  const t0 = performance.now();
  const { built } = await buildPgliteTemplate();
  if (built) log(`built the empty-database template for new embedded data folders (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

/** Builds the parts that are missing or stale. */
export async function ensureBuilt({ force = false, parts = ['web', 'server', 'template'], log = console.log } = {}) {
  if (parts.includes('web') && (force || stale(WEB_MARKER, WEB_SOURCES))) buildWeb(log);
  if (parts.includes('server') && (force || stale(SERVER_MARKER, SERVER_SOURCES))) await buildServer(log);
  if (parts.includes('template') && process.env.MEHVAR_PGLITE_TEMPLATE !== '0') await buildTemplate(log);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  ensureBuilt({ force: process.argv.includes('--force'), parts: only }).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
