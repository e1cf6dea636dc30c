/**
 * Permission policies: the one place that says who may do what. Asked before every write and
 * used to filter every read (lists, search, export, timeline, events).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Operation, PermObject, RolePermissions, Scope } from '../../../common/permissions.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../actor.ts';

export type { Actor };

export function can(actor: Actor, object: PermObject, op: Operation): boolean {
  return actor.permissions[object]?.ops.includes(op) ?? false;
}

export function assertCan(actor: Actor, object: PermObject, op: Operation): void {
  if (!can(actor, object, op)) {
    throw new AppError('FORBIDDEN', `Your role may not ${op} ${object.replace('_', ' ')}`, { object, operation: op });
  }
}

export function scopeOf(actor: Actor, object: PermObject): Scope {
  return actor.permissions[object]?.scope ?? 'own';
}

/**
 * SQL condition restricting customers (alias `c`) to what the actor may see; undefined means all.
 * own: owned or created by the actor; team: owned by the actor's team (record team or owner's team).
 */
export function customerScopeSql(actor: Actor, alias = 'c'): SQL | undefined {
  const scope = scopeOf(actor, 'customers');
  const a = sql.raw(alias);
  if (scope === 'all') return undefined;
  if (scope === 'own' || !actor.teamId) return sql`(${a}.owner_id = ${actor.userId} OR ${a}.created_by = ${actor.userId})`;
  return sql`(${a}.owner_id = ${actor.userId} OR ${a}.created_by = ${actor.userId} OR ${a}.team_id = ${actor.teamId}
    OR ${a}.owner_id IN (SELECT id FROM users WHERE team_id = ${actor.teamId}))`;
}

/** Interactions (alias `i`) the actor may see, beyond seeing their customer. */
export function interactionScopeSql(actor: Actor, alias = 'i'): SQL | undefined {
  const scope = scopeOf(actor, 'interactions');
  const a = sql.raw(alias);
  if (scope === 'all') return undefined;
  if (scope === 'own' || !actor.teamId) return sql`${a}.author_id = ${actor.userId}`;
  return sql`${a}.author_id IN (SELECT id FROM users WHERE team_id = ${actor.teamId})`;
}

/** Tasks (alias `t`) the actor may see. */
export function taskScopeSql(actor: Actor, alias = 't'): SQL | undefined {
  const scope = scopeOf(actor, 'tasks');
  const a = sql.raw(alias);
  if (scope === 'all') return undefined;
  if (scope === 'own' || !actor.teamId) return sql`(${a}.assignee_id = ${actor.userId} OR ${a}.created_by = ${actor.userId})`;
  return sql`(${a}.assignee_id = ${actor.userId} OR ${a}.created_by = ${actor.userId}
    OR ${a}.assignee_id IN (SELECT id FROM users WHERE team_id = ${actor.teamId}))`;
}

/** Deals (alias `d`) the actor may see, beyond seeing their customer: own = owned or created, team = owned in the team. */
export function dealScopeSql(actor: Actor, alias = 'd'): SQL | undefined {
  const scope = scopeOf(actor, 'deals');
  const a = sql.raw(alias);
  if (scope === 'all') return undefined;
  if (scope === 'own' || !actor.teamId) return sql`(${a}.owner_id = ${actor.userId} OR ${a}.created_by = ${actor.userId})`;
  return sql`(${a}.owner_id = ${actor.userId} OR ${a}.created_by = ${actor.userId} OR ${a}.team_id = ${actor.teamId}
    OR ${a}.owner_id IN (SELECT id FROM users WHERE team_id = ${actor.teamId}))`;
}

/**
 * Tickets (alias `t`) the actor may see, beyond seeing their customer: own = assigned to or opened by the actor; team =
 * also assigned to the actor's team or one of its members. The one statement of the tickets scope (support, the call
 * card and the audit trail all ask this).
 */
export function ticketScopeSql(actor: Actor, alias = 't'): SQL | undefined {
  const scope = scopeOf(actor, 'tickets');
  const a = sql.raw(alias);
  if (scope === 'all') return undefined;
  if (scope === 'own' || !actor.teamId) return sql`(${a}.assignee_id = ${actor.userId} OR ${a}.created_by = ${actor.userId})`;
  return sql`(${a}.assignee_id = ${actor.userId} OR ${a}.created_by = ${actor.userId} OR ${a}.team_id = ${actor.teamId}
    OR ${a}.assignee_id IN (SELECT id FROM users WHERE team_id = ${actor.teamId}))`;
}

/**
 * Audit rows (alias `a`) about interactions, tasks, deals, tickets and contracts carry their content (old and new summaries, titles), so they
 * are shown only to those who may read that interaction, task or deal; audit rows about the customer itself are not limited here.
 */
export function auditScopeSql(actor: Actor, alias = 'a'): SQL {
  const a = sql.raw(alias);
  const iScope = interactionScopeSql(actor, 'audit_i');
  const tScope = taskScopeSql(actor, 'audit_t');
  const interactionOk = !can(actor, 'interactions', 'read') ? sql`false`
    : iScope ? sql`EXISTS (SELECT 1 FROM interactions audit_i WHERE audit_i.id = ${a}.entity_id AND ${iScope})` : sql`true`;
  const taskOk = !can(actor, 'tasks', 'read') ? sql`false`
    : tScope ? sql`EXISTS (SELECT 1 FROM tasks audit_t WHERE audit_t.id = ${a}.entity_id AND ${tScope})` : sql`true`;
  const dScope = dealScopeSql(actor, 'audit_d');
  const dealOk = !can(actor, 'deals', 'read') ? sql`false`
    : dScope ? sql`EXISTS (SELECT 1 FROM deals audit_d WHERE audit_d.id = ${a}.entity_id AND ${dScope})` : sql`true`;
  const tkScope = ticketScopeSql(actor, 'audit_k');
  const ticketOk = !can(actor, 'tickets', 'read') ? sql`false`
    : tkScope ? sql`EXISTS (SELECT 1 FROM tickets audit_k WHERE audit_k.id = ${a}.entity_id AND ${tkScope})` : sql`true`;
  const contractOk = can(actor, 'contracts', 'read') ? sql`true` : sql`false`;
  return sql`(${a}.entity_type NOT IN ('interaction', 'task', 'deal', 'ticket', 'contract') OR (${a}.entity_type = 'contract' AND ${contractOk}) OR (${a}.entity_type = 'interaction' AND ${interactionOk})
    OR (${a}.entity_type = 'task' AND ${taskOk}) OR (${a}.entity_type = 'deal' AND ${dealOk}) OR (${a}.entity_type = 'ticket' AND ${ticketOk}))`;
}

/** The system actor runs jobs and CLI commands. */
export const systemActor = (permissions: RolePermissions): Actor => ({
  userId: '00000000-0000-0000-0000-000000000000', name: 'system', email: '', roleKey: 'admin', teamId: null, permissions, via: 'system',
});
