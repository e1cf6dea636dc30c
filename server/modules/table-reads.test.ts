/**
 * Which module's raw SQL names which other module's tables. A module owns the tables its *.tables.ts declares
 * (pgTable names); its raw SQL (sql`…` templates, sql.raw('…')) may name another module's table only if the pair is
 * listed, with its reason, in table-reads.allow.json. An entry that no longer occurs fails too, so the list stays true.
 * Part of `npm run check:deps`.
 */
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const MODULES = path.join(import.meta.dirname);
const ALLOW_FILE = path.join(MODULES, 'table-reads.allow.json');

type Allowed = { module: string; table: string; reason: string };
type Read = { module: string; table: string; file: string; line: number };

/** Table name → owning module, from each module's *.tables.ts. */
export function tableOwners(modulesDir: string): Map<string, string> {
  const owners = new Map<string, string>();
  for (const module of fs.readdirSync(modulesDir)) {
    const dir = path.join(modulesDir, module);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.tables.ts'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const m of text.matchAll(/pgTable\(\s*['"]([a-z_][a-z0-9_]*)['"]/g)) {
        const before = owners.get(m[1]);
        if (before && before !== module) throw new Error(`table ${m[1]} declared by both ${before} and ${module}`);
        owners.set(m[1], module);
      }
    }
  }
  return owners;
}

/** The literal text of each raw SQL piece in a source file (a template's `${…}` reads as `?`), with its line. */
export function sqlTexts(source: string, fileName = 'x.ts'): { text: string; line: number }[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: { text: string; line: number }[] = [];
  const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const literal = (t: ts.Node): string | undefined => {
    if (ts.isNoSubstitutionTemplateLiteral(t) || ts.isStringLiteral(t)) return t.text;
    if (ts.isTemplateExpression(t)) return [t.head.text, ...t.templateSpans.map((s) => s.literal.text)].join(' ? ');
    return undefined;
  };
  const visit = (n: ts.Node) => {
    if (ts.isTaggedTemplateExpression(n) && n.tag.getText(sf) === 'sql') {
      const text = literal(n.template);
      if (text !== undefined) out.push({ text, line: lineOf(n) });
    } else if (ts.isCallExpression(n) && n.expression.getText(sf) === 'sql.raw' && n.arguments[0]) {
      const text = literal(n.arguments[0]);
      if (text !== undefined) out.push({ text, line: lineOf(n) });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/**
 * Tables a piece of SQL reads or writes: the name after FROM, JOIN, UPDATE, INSERT INTO, DELETE FROM (and a fragment
 * that starts with a table and its alias, as `tickets t JOIN …` kept in a constant).
 */
export function tablesNamed(text: string, known: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/\b(?:from|join|update|into)\s+(?:only\s+)?"?([a-z_][a-z0-9_]*)"?/gi)) {
    const name = m[1].toLowerCase();
    if (known.has(name)) found.add(name);
  }
  const start = /^\s*([a-z_][a-z0-9_]*)\s+(?:as\s+)?[a-z][a-z0-9_]*\s*(?:$|,|\bjoin\b|\bleft\b|\binner\b|\bwhere\b)/i.exec(text);
  if (start && known.has(start[1].toLowerCase())) found.add(start[1].toLowerCase());
  return [...found];
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Every raw-SQL mention of another module's table, by the module whose code holds it. */
export function crossModuleReads(modulesDir: string): Read[] {
  const owners = tableOwners(modulesDir);
  const known = new Set(owners.keys());
  const reads: Read[] = [];
  for (const module of fs.readdirSync(modulesDir)) {
    const dir = path.join(modulesDir, module);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of sourceFiles(dir)) {
      for (const { text, line } of sqlTexts(fs.readFileSync(file, 'utf8'), file)) {
        for (const table of tablesNamed(text, known)) {
          if (owners.get(table) !== module) reads.push({ module, table, file: path.relative(path.resolve(modulesDir, '../..'), file), line });
        }
      }
    }
  }
  return reads;
}

describe('raw SQL names another module’s table only where the allow-list says why', () => {
  const owners = tableOwners(MODULES);
  const allowed = JSON.parse(fs.readFileSync(ALLOW_FILE, 'utf8')).allowed as Allowed[];
  const reads = crossModuleReads(MODULES);
  const key = (p: { module: string; table: string }) => `${p.module} → ${p.table}`;

  it('every pair found is allowed', () => {
    const allowedKeys = new Set(allowed.map(key));
    const unlisted = reads.filter((r) => !allowedKeys.has(key(r))).map((r) => `${key(r)} (${owners.get(r.table)}'s table) at ${r.file}:${r.line}`);
    expect(unlisted, 'use the owning module’s exported query function, or add the pair with its reason to table-reads.allow.json').toEqual([]);
  });

  it('every allowed pair still occurs, is another module’s table, has a reason and is listed once', () => {
    const foundKeys = new Set(reads.map(key));
    const problems = allowed.flatMap((a) => [
      ...(!owners.has(a.table) ? [`${key(a)}: no module declares table ${a.table}`] : []),
      ...(owners.get(a.table) === a.module ? [`${key(a)}: the module owns that table`] : []),
      ...(!foundKeys.has(key(a)) ? [`${key(a)}: no longer occurs; remove it`] : []),
      ...(a.reason?.trim().length < 10 ? [`${key(a)}: give the reason`] : []),
      ...(allowed.filter((b) => key(b) === key(a)).length > 1 ? [`${key(a)}: listed twice`] : []),
    ]);
    expect(problems).toEqual([]);
  });
});

describe('the scanner', () => {
  const known = new Set(['customers', 'tasks', 'outbox', 'users', 'tickets']);
  const named = (src: string) => sqlTexts(src).flatMap((s) => tablesNamed(s.text, known)).sort();

  it('finds tables after FROM, JOIN, UPDATE, INSERT INTO and DELETE FROM in sql templates, nested ones included', () => {
    expect(named('const q = sql`SELECT t.id FROM tasks t JOIN customers c ON c.id = t.customer_id ${x ? sql`AND EXISTS (SELECT 1 FROM users u)` : sql``}`;')).toEqual(['customers', 'tasks', 'users']);
    expect(named('await db.execute(sql`UPDATE outbox SET sent = true`); await db.execute(sql`insert into tickets (id) values (${id})`);')).toEqual(['outbox', 'tickets']);
    expect(named("db.execute(sql.raw('DELETE FROM customers'))")).toEqual(['customers']);
    expect(named('const FROM_PART = sql`tickets t JOIN customers c ON c.id = t.customer_id`;')).toEqual(['customers', 'tickets']);
  });

  it('ignores comments, plain strings, longer names and tables it does not know', () => {
    expect(named('// SELECT * FROM customers\nconst s = "select from customers"; const q = sql`SELECT 1 FROM customers_archive, logs l`;')).toEqual([]);
    expect(named('const q = sql`SELECT ${customers.id} FROM ${customers}`;')).toEqual([]);
  });
});
