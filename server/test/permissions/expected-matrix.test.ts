/** DEFAULT_ROLES (what the server enforces) must equal the hand-written matrix cell by cell, with scope 'all'. */
import { describe, it, expect } from 'vitest';
import { DEFAULT_ROLES, OBJECTS, OPERATIONS, ROLE_KEYS } from '../../../common/permissions.ts';
import { EXPECTED, OBJECT_LIST, OPS, granted } from './expected-matrix.ts';

describe('the expected permission matrix', () => {
  it('names every object and operation of the vocabulary, and only those', () => {
    expect([...OBJECT_LIST].sort()).toEqual([...OBJECTS].sort());
    expect([...OPS]).toEqual([...OPERATIONS]);
    for (const role of ROLE_KEYS) {
      expect(Object.keys(EXPECTED[role]).sort(), role).toEqual([...OBJECTS].sort());
      for (const o of OBJECTS) expect(EXPECTED[role][o], `${role}.${o}`).toMatch(/^[r-][c-][u-][d-][e-]$/);
    }
  });

  for (const role of ROLE_KEYS) {
    it(`DEFAULT_ROLES.${role} grants exactly the table's cells, company-wide`, () => {
      const perms = DEFAULT_ROLES[role].permissions;
      const mismatches: string[] = [];
      for (const o of OBJECTS) {
        for (const op of OPERATIONS) {
          const server = perms[o]?.ops.includes(op) ?? false;
          if (server !== granted(role, o, op)) mismatches.push(`${o}.${op}: table ${granted(role, o, op)}, DEFAULT_ROLES ${server}`);
        }
        const p = perms[o];
        if (p) {
          expect(p.scope, `${role}.${o} scope`).toBe('all');
          expect(new Set(p.ops).size, `${role}.${o} ops repeat`).toBe(p.ops.length);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});
