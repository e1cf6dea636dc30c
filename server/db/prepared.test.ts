import { describe, it, expect } from 'vitest';
import { statementName, UNPREPARED } from './prepared.ts';

describe('statementName', () => {
  it('prepares a text from its second use, under one stable name per text', () => {
    const a = 'SELECT * FROM customers WHERE id = $1 /* prepared.test a */';
    const b = 'SELECT * FROM tasks WHERE id = $1 /* prepared.test b */';
    expect(statementName(a)).toBeUndefined();
    const name = statementName(a);
    expect(name).toMatch(/^m[0-9a-f]{20}$/);
    expect(statementName(a)).toBe(name);
    expect(statementName(b)).toBeUndefined();
    expect(statementName(b)).not.toBe(name);
  });

  it('names at most 400 texts per process; later texts stay unnamed', () => {
    const named = new Set<string>();
    for (let i = 0; i < 450; i++) {
      const text = `SELECT $1::int + ${i} /* prepared.test bound */`;
      statementName(text);
      const n = statementName(text);
      if (n) named.add(n);
    }
    // The first test named 2 texts; together at most 400.
    expect(named.size).toBe(398);
  });

  it('never names a statement marked to be planned per call, however often it comes', () => {
    const text = UNPREPARED + 'SELECT * FROM unnest($1::text[]) k(v) /* prepared.test unprepared */';
    for (let i = 0; i < 5; i++) expect(statementName(text)).toBeUndefined();
  });
});
