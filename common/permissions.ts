/** Roles, objects, operations and read scopes: the vocabulary of the permission policies (server/modules/auth/policy.ts). */
export const OBJECTS = ['customers', 'interactions', 'tasks', 'users', 'roles', 'custom_fields', 'settings', 'api_keys', 'audit'] as const;
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

/** Defaults: everyone reads every customer (no silos); deletes and exports are admin/manager only. */
export const DEFAULT_ROLES: Record<RoleKey, { name: string; permissions: RolePermissions }> = {
  admin: {
    name: 'مدیر سیستم',
    permissions: Object.fromEntries(OBJECTS.map((o) => [o, { ops: ALL, scope: 'all' }])) as RolePermissions,
  },
  manager: {
    name: 'مدیر',
    permissions: {
      customers: { ops: ALL, scope: 'all' },
      interactions: { ops: ALL, scope: 'all' },
      tasks: { ops: ALL, scope: 'all' },
      users: { ops: ['read'], scope: 'all' },
      custom_fields: { ops: ['read'], scope: 'all' },
      settings: { ops: ['read'], scope: 'all' },
      audit: { ops: ['read'], scope: 'all' },
    },
  },
  sales: {
    name: 'فروش',
    permissions: {
      customers: { ops: WORK, scope: 'all' },
      interactions: { ops: WORK, scope: 'all' },
      tasks: { ops: WORK, scope: 'all' },
      users: { ops: ['read'], scope: 'all' },
      custom_fields: { ops: ['read'], scope: 'all' },
      settings: { ops: ['read'], scope: 'all' },
      audit: { ops: ['read'], scope: 'all' },
    },
  },
  support: {
    name: 'پشتیبانی',
    permissions: {
      customers: { ops: WORK, scope: 'all' },
      interactions: { ops: WORK, scope: 'all' },
      tasks: { ops: WORK, scope: 'all' },
      users: { ops: ['read'], scope: 'all' },
      custom_fields: { ops: ['read'], scope: 'all' },
      settings: { ops: ['read'], scope: 'all' },
      audit: { ops: ['read'], scope: 'all' },
    },
  },
  marketing: {
    name: 'بازاریابی',
    permissions: {
      customers: { ops: WORK, scope: 'all' },
      interactions: { ops: ['read', 'create'], scope: 'all' },
      tasks: { ops: WORK, scope: 'all' },
      users: { ops: ['read'], scope: 'all' },
      custom_fields: { ops: ['read'], scope: 'all' },
      settings: { ops: ['read'], scope: 'all' },
      audit: { ops: ['read'], scope: 'all' },
    },
  },
};
