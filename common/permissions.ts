/** Roles, objects, operations and read scopes: the vocabulary of the permission policies (server/modules/auth/policy.ts). */
export const OBJECTS = ['customers', 'interactions', 'tasks', 'products', 'deals', 'documents', 'tickets', 'contracts', 'surveys', 'feedback', 'reports', 'users', 'roles', 'custom_fields', 'settings', 'api_keys', 'audit'] as const;
export type PermObject = (typeof OBJECTS)[number];
export const OPERATIONS = ['read', 'create', 'update', 'delete', 'export'] as const;
export type Operation = (typeof OPERATIONS)[number];
export const SCOPES = ['all', 'team', 'own'] as const;
export type Scope = (typeof SCOPES)[number];

export type ObjectPermission = { ops: Operation[]; scope: Scope };
export type RolePermissions = Partial<Record<PermObject, ObjectPermission>>;

export const ROLE_KEYS = ['admin', 'manager', 'sales', 'support', 'marketing'] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

const ALL: Operation[] = ['read', 'create', 'update', 'delete', 'export'];
const WORK: Operation[] = ['read', 'create', 'update'];

/** Everyone but the admin reads users, custom fields, settings and the audit trail across the company. */
const READ_SHARED: RolePermissions = {
  users: { ops: ['read'], scope: 'all' },
  custom_fields: { ops: ['read'], scope: 'all' },
  settings: { ops: ['read'], scope: 'all' },
  audit: { ops: ['read'], scope: 'all' },
};

type StaffOps = { customers: Operation[]; interactions: Operation[]; tasks: Operation[]; products: Operation[]; deals: Operation[]; documents: Operation[]; tickets: Operation[]; contracts: Operation[]; surveys: Operation[]; feedback: Operation[]; reports: Operation[] };

const staff = (ops: StaffOps): RolePermissions => ({
  ...Object.fromEntries(Object.entries(ops).map(([object, list]) => [object, { ops: list, scope: 'all' as Scope }])),
  ...READ_SHARED,
});
const READ: Operation[] = ['read'];

/** Defaults: everyone reads every customer (no silos); deletes and exports are admin/manager only. */
export const DEFAULT_ROLES: Record<RoleKey, { name: string; permissions: RolePermissions }> = {
  admin: {
    name: 'مدیر سیستم',
    permissions: Object.fromEntries(OBJECTS.map((o) => [o, { ops: ALL, scope: 'all' }])) as RolePermissions,
  },
  manager: { name: 'مدیر', permissions: staff({ customers: ALL, interactions: ALL, tasks: ALL, products: ALL, deals: ALL, documents: ALL, tickets: ALL, contracts: ALL, surveys: ALL, feedback: ALL, reports: ['read', 'export'] }) },
  sales: { name: 'فروش', permissions: staff({ customers: WORK, interactions: WORK, tasks: WORK, products: READ, deals: WORK, documents: WORK, tickets: ['read', 'create'], contracts: WORK, surveys: ['read', 'create'], feedback: WORK, reports: READ }) },
  support: { name: 'پشتیبانی', permissions: staff({ customers: WORK, interactions: WORK, tasks: WORK, products: READ, deals: READ, documents: READ, tickets: WORK, contracts: READ, surveys: ['read', 'create'], feedback: WORK, reports: READ }) },
  marketing: { name: 'بازاریابی', permissions: staff({ customers: WORK, interactions: ['read', 'create'], tasks: WORK, products: READ, deals: READ, documents: READ, tickets: READ, contracts: READ, surveys: WORK, feedback: WORK, reports: READ }) },
};
