/**
 * Which tickets an actor may see, on its own: the SQL condition (rendered with drizzle's PgDialect) is the customer's
 * scope AND the tickets scope, each present only when it limits anything; the yes/no for one ticket asks the database
 * only when a scope limits the actor (a stand-in database records the one query).
 */
import { describe, it, expect } from 'vitest';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import { ticketVisibleTo, visibleTicketsSql } from './ticket-visibility.ts';
import type { Actor } from '../auth/index.ts';
import type { Db } from '../../db/client.ts';
import type { RolePermissions, Scope } from '../../../common/permissions.ts';

const dialect = new PgDialect();
const render = (s: SQL) => {
  const q = dialect.sqlToQuery(s);
  return { sql: q.sql.replace(/\s+/g, ' '), params: q.params };
};

const U = '11111111-1111-4111-8111-111111111111';
const T = '22222222-2222-4222-8222-222222222222';
const TICKET = '33333333-3333-4333-8333-333333333333';
const actor = (customers: Scope | null, tickets: Scope | null, teamId: string | null = T): Actor => {
  const permissions: RolePermissions = {};
  if (customers) permissions.customers = { ops: ['read'], scope: customers };
  if (tickets) permissions.tickets = { ops: ['read'], scope: tickets };
  return { userId: U, name: 'u', email: 'u@x.example', roleKey: 'r', teamId, permissions, via: 'session' };
};

const OWN_CUSTOMER = '(c.owner_id = $1 OR c.created_by = $2)';

describe('visibleTicketsSql', () => {
  it('sees every ticket when both scopes are company-wide', () => {
    expect(render(visibleTicketsSql(actor('all', 'all')))).toEqual({ sql: 'true', params: [] });
  });

  it('limits by the customer’s scope alone when the tickets scope is company-wide', () => {
    expect(render(visibleTicketsSql(actor('own', 'all')))).toEqual({ sql: `(${OWN_CUSTOMER})`, params: [U, U] });
  });

  it('limits by the tickets scope alone when customers are company-wide', () => {
    expect(render(visibleTicketsSql(actor('all', 'own')))).toEqual({ sql: '((t.assignee_id = $1 OR t.created_by = $2))', params: [U, U] });
    expect(render(visibleTicketsSql(actor('all', 'team')))).toEqual({
      sql: '((t.assignee_id = $1 OR t.created_by = $2 OR t.team_id = $3 OR t.assignee_id IN (SELECT id FROM users WHERE team_id = $4)))',
      params: [U, U, T, T],
    });
  });

  it('needs both when both limit', () => {
    expect(render(visibleTicketsSql(actor('own', 'own')))).toEqual({
      sql: `(${OWN_CUSTOMER}) AND ((t.assignee_id = $3 OR t.created_by = $4))`, params: [U, U, U, U],
    });
  });

  it('fails closed: no permissions at all is own on both', () => {
    expect(render(visibleTicketsSql(actor(null, null)))).toEqual(render(visibleTicketsSql(actor('own', 'own'))));
  });
});

describe('ticketVisibleTo', () => {
  function fakeDb(rows: unknown[]) {
    const queries: { sql: string; params: unknown[] }[] = [];
    const db = { execute: async (q: SQL) => { queries.push(render(q)); return { rows }; } } as unknown as Db;
    return { db, queries };
  }

  it('no read permission on tickets: not visible, without asking the database', async () => {
    const { db, queries } = fakeDb([{ '?column?': 1 }]);
    const a = actor('all', null);
    expect(await ticketVisibleTo(db, a, TICKET)).toBe(false);
    expect(await ticketVisibleTo(db, { ...a, permissions: { ...a.permissions, tickets: { ops: ['update'], scope: 'all' } } }, TICKET)).toBe(false);
    expect(queries).toEqual([]);
  });

  it('company-wide on customers and tickets: visible without a query', async () => {
    const { db, queries } = fakeDb([]);
    expect(await ticketVisibleTo(db, actor('all', 'all'), TICKET)).toBe(true);
    expect(queries).toEqual([]);
  });

  it('otherwise asks once for this live ticket under the visibility condition, and answers whether a row came back', async () => {
    for (const [customers, tickets] of [['own', 'all'], ['all', 'own'], ['team', 'team']] as const) {
      const seen = fakeDb([{ '?column?': 1 }]);
      const a = actor(customers, tickets);
      expect(await ticketVisibleTo(seen.db, a, TICKET), `${customers}/${tickets}`).toBe(true);
      const cond = render(visibleTicketsSql(a));
      const shifted = cond.sql.replace(/\$(\d+)/g, (_m, n) => `$${Number(n) + 1}`);
      expect(seen.queries).toEqual([{
        sql: `SELECT 1 FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = $1 AND c.deleted_at IS NULL AND ${shifted}`,
        params: [TICKET, ...cond.params],
      }]);
      const hidden = fakeDb([]);
      expect(await ticketVisibleTo(hidden.db, a, TICKET)).toBe(false);
      expect(hidden.queries).toHaveLength(1);
    }
  });
});
