#!/usr/bin/env node
/**
 * Where a CPU profile's time went: self time by function, by source file and by package, from a V8 .cpuprofile
 * (`node --cpu-prof`). Frames of the esbuild bundle (dist/server/*.mjs) are mapped back to their TypeScript file and
 * line through the bundle's source map, so "by file" names server/… files, not one bundle.
 *
 *   node bench/profile-summary.mjs /tmp/prof/CPU.….cpuprofile [--top 40] [--requests N]
 *
 * --requests N also prints each row as microseconds per request (the profile's total ÷ N).
 * "Inclusive" time by function (a function and everything it called) is printed for the top frames too: that is how
 * "the auth hook costs X" is read, while self time says which leaf burns it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceMap } from 'node:module';
import { parseArgs } from 'node:util';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '40' }, requests: { type: 'string' } },
});
if (!positionals.length) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile>… [--top 40] [--requests N]');
  process.exit(2);
}
const TOP = Number(args.top);
const REQUESTS = args.requests ? Number(args.requests) : undefined;

/** Source maps of bundle files, loaded once each (null: none). */
const maps = new Map();
function sourceMapOf(file) {
  if (maps.has(file)) return maps.get(file);
  let map = null;
  try {
    const raw = JSON.parse(fs.readFileSync(`${file}.map`, 'utf8'));
    map = { sm: new SourceMap(raw), dir: path.dirname(file) };
  } catch { /* no map */ }
  maps.set(file, map);
  return map;
}

const toPath = (url) => (url.startsWith('file://') ? fileURLToPath(url) : url);

/** Where a frame comes from: { file (repo-relative when it can be), line, pkg }. */
function locate(frame) {
  const url = frame.url;
  if (!url) return { file: `(${frame.functionName || 'native'})`, line: 0, pkg: '(native/V8)' };
  if (url.startsWith('node:')) return { file: url, line: frame.lineNumber + 1, pkg: 'node:core' };
  let file = toPath(url);
  let line = frame.lineNumber + 1;
  if (/\/dist\/server\/[^/]+\.mjs$/.test(file)) {
    const m = sourceMapOf(file);
    const e = m?.sm.findEntry(frame.lineNumber, frame.columnNumber);
    if (e && e.originalSource) {
      file = path.resolve(m.dir, toPath(e.originalSource));
      line = e.originalLine + 1;
    }
  }
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + '/node_modules/'.length).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return { file: `${pkg}/${rest.slice(rest[0].startsWith('@') ? 2 : 1).join('/')}`, line, pkg };
  }
  const rel = path.relative(process.cwd(), file);
  const shown = rel.startsWith('..') ? file : rel;
  const top = shown.split('/');
  const pkg = top[0] === 'server' && top[1] === 'modules' ? `server/modules/${top[2]}` : top[0] === 'server' ? `server/${top.length > 2 ? top[1] : '(root)'}` : top[0];
  return { file: shown, line, pkg };
}

function add(map, key, us) { map.set(key, (map.get(key) ?? 0) + us); }

const byFn = new Map();
const byFile = new Map();
const byPkg = new Map();
const inclusive = new Map();
let total = 0;
let idle = 0;
let gc = 0;

for (const file of positionals) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  prof.samples.forEach((id, i) => add(self, id, prof.timeDeltas[i] ?? 0));
  const where = new Map();
  const keyOf = (n) => {
    if (!where.has(n.id)) {
      const loc = locate(n.callFrame);
      where.set(n.id, { ...loc, fn: `${n.callFrame.functionName || '(anonymous)'} ${loc.file}:${loc.line}` });
    }
    return where.get(n.id);
  };
  for (const [id, us] of self) {
    const n = nodes.get(id);
    const name = n.callFrame.functionName;
    total += us;
    if (name === '(idle)') { idle += us; continue; }
    if (name === '(garbage collector)') gc += us;
    const k = keyOf(n);
    add(byFn, k.fn, us);
    add(byFile, k.file, us);
    add(byPkg, k.pkg, us);
    // Inclusive: each distinct function on the stack once (recursion counted once).
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const cn = nodes.get(cur);
      if (cn.callFrame.functionName === '(root)') break;
      const f = keyOf(cn).fn;
      if (!seen.has(f)) { seen.add(f); add(inclusive, f, us); }
    }
  }
}

const busy = total - idle;
const ms = (us) => (us / 1000).toFixed(0).padStart(7);
const pctOf = (us) => ((100 * us) / busy).toFixed(1).padStart(5);
const perReq = (us) => (REQUESTS ? `${(us / REQUESTS).toFixed(1).padStart(7)} µs/req` : '');
function table(title, map, n = TOP) {
  console.log(`\n## ${title}`);
  for (const [k, us] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${ms(us)} ms ${pctOf(us)} % ${perReq(us)}  ${k}`);
}

console.log(`profiled ${ms(total)} ms, idle ${ms(idle)} ms, busy ${ms(busy)} ms (${((100 * busy) / total).toFixed(1)} % of one core); GC ${ms(gc)} ms (${pctOf(gc)} % of busy)`);
if (REQUESTS) console.log(`busy per request: ${(busy / REQUESTS).toFixed(0)} µs over ${REQUESTS} requests`);
table('self time by package (% of busy)', byPkg, 30);
table('self time by file', byFile);
table('self time by function', byFn);
table('inclusive time by function (each function once per stack)', inclusive);
