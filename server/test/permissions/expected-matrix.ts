/**
 * The permission matrix the product promises, written by hand from docs/api.md ("Permission object …" paragraphs),
 * DESIGN.md and the intent comments of common/permissions.ts — deliberately NOT computed from DEFAULT_ROLES, so that a
 * change to a role's grant (or to the enforcement) has to be made in two places and cannot turn a test green by itself.
 *
 * One string per role and object, one letter per operation in the order read/create/update/delete/export:
 * the letter means allowed, '-' means denied ('rcu--' = read, create, update).
 */
import type { Operation, PermObject, RoleKey } from '../../../common/permissions.ts';

export const OPS: readonly Operation[] = ['read', 'create', 'update', 'delete', 'export'];
export const OBJECT_LIST: readonly PermObject[] = ['customers', 'interactions', 'tasks', 'products', 'deals', 'documents', 'tickets', 'contracts', 'surveys', 'feedback', 'reports', 'users', 'roles', 'custom_fields', 'settings', 'api_keys', 'audit'];

type Row = Record<PermObject, string>;

export const EXPECTED: Record<RoleKey, Row> = {
  // The admin may do everything, including managing roles and API keys.
  admin: {
    customers: 'rcude', interactions: 'rcude', tasks: 'rcude', products: 'rcude', deals: 'rcude', documents: 'rcude',
    tickets: 'rcude', contracts: 'rcude', surveys: 'rcude', feedback: 'rcude', reports: 'rcude', users: 'rcude',
    roles: 'rcude', custom_fields: 'rcude', settings: 'rcude', api_keys: 'rcude', audit: 'rcude',
  },
  // The manager runs the business data (deletes and exports included) but not the system: users, custom fields,
  // settings and the audit trail are read-only; roles and API keys are the admin's. Reports: read and export.
  manager: {
    customers: 'rcude', interactions: 'rcude', tasks: 'rcude', products: 'rcude', deals: 'rcude', documents: 'rcude',
    tickets: 'rcude', contracts: 'rcude', surveys: 'rcude', feedback: 'rcude', reports: 'r---e', users: 'r----',
    roles: '-----', custom_fields: 'r----', settings: 'r----', api_keys: '-----', audit: 'r----',
  },
  // Sales works customers, deals, quotes/invoices and contracts; opens tickets and sends surveys; reads the catalogue.
  sales: {
    customers: 'rcu--', interactions: 'rcu--', tasks: 'rcu--', products: 'r----', deals: 'rcu--', documents: 'rcu--',
    tickets: 'rc---', contracts: 'rcu--', surveys: 'rc---', feedback: 'rcu--', reports: 'r----', users: 'r----',
    roles: '-----', custom_fields: 'r----', settings: 'r----', api_keys: '-----', audit: 'r----',
  },
  // Support works tickets (and the customer, the history, tasks, feedback); reads deals, documents and contracts.
  support: {
    customers: 'rcu--', interactions: 'rcu--', tasks: 'rcu--', products: 'r----', deals: 'r----', documents: 'r----',
    tickets: 'rcu--', contracts: 'r----', surveys: 'rc---', feedback: 'rcu--', reports: 'r----', users: 'r----',
    roles: '-----', custom_fields: 'r----', settings: 'r----', api_keys: '-----', audit: 'r----',
  },
  // Marketing builds and sends surveys, works customers and feedback; may log (not edit) interactions; reads the rest.
  marketing: {
    customers: 'rcu--', interactions: 'rc---', tasks: 'rcu--', products: 'r----', deals: 'r----', documents: 'r----',
    tickets: 'r----', contracts: 'r----', surveys: 'rcu--', feedback: 'rcu--', reports: 'r----', users: 'r----',
    roles: '-----', custom_fields: 'r----', settings: 'r----', api_keys: '-----', audit: 'r----',
  },
};

/**
 * Cells with no HTTP request to probe: the operation exists in the vocabulary but no route asks for it. Whatever a role
 * is granted there has no effect through the API; the unit test still pins the grant.
 */
export const NOT_APPLICABLE: Partial<Record<PermObject, Partial<Record<Operation, string>>>> = {
  interactions: { export: 'no export route for interactions (only customers and reports export)' },
  tasks: { export: 'no export route for tasks' },
  products: { export: 'no export route for products' },
  deals: { export: 'no export route for deals' },
  documents: { delete: 'no DELETE route: an issued document is cancelled (POST /cancel, documents update)', export: 'no export route for documents (the PDF is a read)' },
  tickets: { delete: 'no DELETE route: tickets are closed or merged (tickets update)', export: 'no export route for tickets' },
  contracts: { delete: 'no DELETE route: contracts end or are cancelled by PATCH (contracts update)', export: 'no export route for contracts' },
  surveys: { delete: 'no DELETE route: a survey is archived (PATCH status, surveys update)', export: 'no export route for surveys' },
  feedback: { delete: 'no DELETE route for feedback (topics are deleted under settings update)', export: 'no export route for feedback' },
  reports: { create: 'reports are computed, never stored', update: 'reports are computed, never stored', delete: 'reports are computed, never stored' },
  users: { delete: 'no DELETE route: a user is deactivated (PATCH active=false, users update)', export: 'no export route for users' },
  roles: { read: 'GET /api/roles is gated by users read (the role names are part of the user screens), not by roles read', export: 'no export route for roles' },
  custom_fields: { delete: 'no DELETE route: a field is deactivated (PATCH active=false)', export: 'no export route for custom fields' },
  settings: { create: 'settings are a fixed set of keys: written by PATCH/PUT (settings update)', delete: 'the one delete (DELETE /api/settings/logo) is a settings update', export: 'no export route for settings' },
  api_keys: { update: 'no PATCH route: a key is revoked (DELETE) and a new one issued', export: 'no export route for API keys' },
  audit: { create: 'the audit trail is written by the server only', update: 'the audit trail is append-only', delete: 'the audit trail is append-only', export: 'no export route for the audit trail' },
};

export type Cell = 'allow' | 'deny' | 'n/a';

export function expected(role: RoleKey, object: PermObject, op: Operation): Cell {
  if (NOT_APPLICABLE[object]?.[op]) return 'n/a';
  return granted(role, object, op) ? 'allow' : 'deny';
}

/** What the table grants, n/a or not (what DEFAULT_ROLES must say). */
export function granted(role: RoleKey, object: PermObject, op: Operation): boolean {
  const s = EXPECTED[role][object];
  return s[OPS.indexOf(op)] !== '-';
}
