/**
 * Every scope condition of policy.ts rendered to SQL (drizzle's PgDialect): which columns each scope looks at, that
 * ids are always parameters, and the audit trail's per-entity gate. The expected text is the scope rule of each doc
 * comment written out by hand: own = the actor's own or created rows; team = also the team's (record team, or a
 * member's); all = no condition; a missing object is 'own'; a 'team' scope without a team is 'own'.
 */
import { describe, it, expect } from 'vitest';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import {
  assertCan, auditScopeSql, customerScopeSql, dealScopeSql, interactionScopeSql, scopeOf, systemActor, taskScopeSql, ticketScopeSql, type Actor,
} from './policy.ts';
import { AppError } from '../../errors.ts';
import { DEFAULT_ROLES, type Operation, type PermObject, type RolePermissions, type Scope } from '../../../common/permissions.ts';

const dialect = new PgDialect();
const render = (s: SQL | undefined) => {
  if (!s) return undefined;
  const q = dialect.sqlToQuery(s);
  return { sql: q.sql.replace(/\s+/g, ' '), params: q.params };
};

const U = '11111111-1111-4111-8111-111111111111';
const T = '22222222-2222-4222-8222-222222222222';
const OBJ = ['customers', 'interactions', 'tasks', 'deals', 'tickets', 'contracts'] as const;
const actor = (permissions: RolePermissions, teamId: string | null = T): Actor =>
  ({ userId: U, name: 'u', email: 'u@x.example', roleKey: 'r', teamId, permissions, via: 'session' });
const every = (scope: Scope, ops: Operation[] = ['read']): RolePermissions =>
  Object.fromEntries(OBJ.map((o) => [o, { ops, scope }])) as RolePermissions;

describe('deals and tickets scope', () => {
  it('deals: own = owned or created; team = also the record’s team or a team member’s; all = none', () => {
    expect(render(dealScopeSql(actor(every('own')), 'x'))).toEqual({ sql: '(x.owner_id = $1 OR x.created_by = $2)', params: [U, U] });
    expect(render(dealScopeSql(actor(every('team')), 'x'))).toEqual({
      sql: '(x.owner_id = $1 OR x.created_by = $2 OR x.team_id = $3 OR x.owner_id IN (SELECT id FROM users WHERE team_id = $4))', params: [U, U, T, T],
    });
    expect(render(dealScopeSql(actor(every('team'), null), 'x'))).toEqual(render(dealScopeSql(actor(every('own')), 'x')));
    expect(dealScopeSql(actor(every('all')), 'x')).toBeUndefined();
    expect(render(dealScopeSql(actor(every('own'))))!.sql).toBe('(d.owner_id = $1 OR d.created_by = $2)');
    expect(render(dealScopeSql(actor({}))))!.toEqual(render(dealScopeSql(actor(every('own')))));
  });

  it('tickets: own = assigned to or opened by; team = also the team’s or a member’s; all = none', () => {
    expect(render(ticketScopeSql(actor(every('own')), 'x'))).toEqual({ sql: '(x.assignee_id = $1 OR x.created_by = $2)', params: [U, U] });
    expect(render(ticketScopeSql(actor(every('team')), 'x'))).toEqual({
      sql: '(x.assignee_id = $1 OR x.created_by = $2 OR x.team_id = $3 OR x.assignee_id IN (SELECT id FROM users WHERE team_id = $4))', params: [U, U, T, T],
    });
    expect(render(ticketScopeSql(actor(every('team'), null), 'x'))).toEqual(render(ticketScopeSql(actor(every('own')), 'x')));
    expect(ticketScopeSql(actor(every('all')), 'x')).toBeUndefined();
    expect(render(ticketScopeSql(actor(every('own'))))!.sql).toBe('(t.assignee_id = $1 OR t.created_by = $2)');
    expect(render(ticketScopeSql(actor({}))))!.toEqual(render(ticketScopeSql(actor(every('own')))));
  });
});

describe('customers, interactions and tasks scope, written out', () => {
  it('customers', () => {
    expect(render(customerScopeSql(actor(every('own'))))).toEqual({ sql: '(c.owner_id = $1 OR c.created_by = $2)', params: [U, U] });
    expect(render(customerScopeSql(actor(every('team'))))).toEqual({
      sql: '(c.owner_id = $1 OR c.created_by = $2 OR c.team_id = $3 OR c.owner_id IN (SELECT id FROM users WHERE team_id = $4))', params: [U, U, T, T],
    });
  });
  it('interactions: the author, or an author in the team', () => {
    expect(render(interactionScopeSql(actor(every('own'))))).toEqual({ sql: 'i.author_id = $1', params: [U] });
    expect(render(interactionScopeSql(actor(every('team'))))).toEqual({ sql: 'i.author_id IN (SELECT id FROM users WHERE team_id = $1)', params: [T] });
  });
  it('tasks: assigned or created, or assigned in the team', () => {
    expect(render(taskScopeSql(actor(every('own'))))).toEqual({ sql: '(t.assignee_id = $1 OR t.created_by = $2)', params: [U, U] });
    expect(render(taskScopeSql(actor(every('team'))))).toEqual({
      sql: '(t.assignee_id = $1 OR t.created_by = $2 OR t.assignee_id IN (SELECT id FROM users WHERE team_id = $3))', params: [U, U, T],
    });
  });
});

describe('auditScopeSql', () => {
  const HEAD = "(a.entity_type NOT IN ('interaction', 'task', 'deal', 'ticket', 'contract')";
  const gate = (contract: string, interaction: string, task: string, deal: string, ticket: string) =>
    `${HEAD} OR (a.entity_type = 'contract' AND ${contract}) OR (a.entity_type = 'interaction' AND ${interaction}) ` +
    `OR (a.entity_type = 'task' AND ${task}) OR (a.entity_type = 'deal' AND ${deal}) OR (a.entity_type = 'ticket' AND ${ticket}))`;

  it('company-wide readers see every audit row (each entity gate is true)', () => {
    expect(render(auditScopeSql(actor(every('all'))))).toEqual({ sql: gate('true', 'true', 'true', 'true', 'true'), params: [] });
  });

  it('without read on an entity its audit rows are hidden; rows about customers are not limited here', () => {
    expect(render(auditScopeSql(actor({})))).toEqual({ sql: gate('false', 'false', 'false', 'false', 'false'), params: [] });
    // Write without read is not read.
    expect(render(auditScopeSql(actor(every('all', ['create', 'update']))))!.sql).toBe(gate('false', 'false', 'false', 'false', 'false'));
    // One entity readable: only its gate opens.
    const deals = render(auditScopeSql(actor({ deals: { ops: ['read'], scope: 'all' } })))!;
    expect(deals.sql).toBe(gate('false', 'false', 'false', 'true', 'false'));
    const contracts = render(auditScopeSql(actor({ contracts: { ops: ['read'], scope: 'own' } })))!;
    expect(contracts.sql).toBe(gate('true', 'false', 'false', 'false', 'false'));
    const interactions = render(auditScopeSql(actor({ interactions: { ops: ['read'], scope: 'all' } })))!;
    expect(interactions.sql).toBe(gate('false', 'true', 'false', 'false', 'false'));
    const tasks = render(auditScopeSql(actor({ tasks: { ops: ['read'], scope: 'all' } })))!;
    expect(tasks.sql).toBe(gate('false', 'false', 'true', 'false', 'false'));
    const tickets = render(auditScopeSql(actor({ tickets: { ops: ['read'], scope: 'all' } })))!;
    expect(tickets.sql).toBe(gate('false', 'false', 'false', 'false', 'true'));
  });

  it('a scoped reader sees the audit rows of the entities in their scope only, by an EXISTS on the entity', () => {
    expect(render(auditScopeSql(actor(every('own')), 'x'))).toEqual({
      sql: "(x.entity_type NOT IN ('interaction', 'task', 'deal', 'ticket', 'contract') OR (x.entity_type = 'contract' AND true)"
        + " OR (x.entity_type = 'interaction' AND EXISTS (SELECT 1 FROM interactions audit_i WHERE audit_i.id = x.entity_id AND audit_i.author_id = $1))"
        + " OR (x.entity_type = 'task' AND EXISTS (SELECT 1 FROM tasks audit_t WHERE audit_t.id = x.entity_id AND (audit_t.assignee_id = $2 OR audit_t.created_by = $3)))"
        + " OR (x.entity_type = 'deal' AND EXISTS (SELECT 1 FROM deals audit_d WHERE audit_d.id = x.entity_id AND (audit_d.owner_id = $4 OR audit_d.created_by = $5)))"
        + " OR (x.entity_type = 'ticket' AND EXISTS (SELECT 1 FROM tickets audit_k WHERE audit_k.id = x.entity_id AND (audit_k.assignee_id = $6 OR audit_k.created_by = $7))))",
      params: [U, U, U, U, U, U, U],
    });
  });
});

describe('assertCan’s refusal and the system actor', () => {
  it('names the operation and the object in words', () => {
    const deny = (object: PermObject, op: Operation) => {
      try { assertCan(actor({}), object, op); } catch (e) { return (e as AppError).message; }
      return undefined;
    };
    expect(deny('custom_fields', 'update')).toBe('Your role may not update custom fields');
    expect(deny('customers', 'delete')).toBe('Your role may not delete customers');
  });

  it('the system actor is the nil user, admin, with no team, acting as "system" with the permissions given', () => {
    const perms = DEFAULT_ROLES.admin.permissions;
    expect(systemActor(perms)).toEqual({
      userId: '00000000-0000-0000-0000-000000000000', name: 'system', email: '', roleKey: 'admin', teamId: null, permissions: perms, via: 'system',
    });
    expect(scopeOf(systemActor(perms), 'customers')).toBe('all');
  });
});
