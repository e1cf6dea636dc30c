/**
 * Who is acting: a user through a session or an API key, or the system (jobs, CLI). Plain data on the lowest floor, so
 * the HTTP layer can carry it on a request without naming a module; what an actor may do is the auth module's policy.
 */
import type { RolePermissions } from '../common/permissions.ts';

export type Actor = {
  userId: string;
  name: string;
  email: string;
  roleKey: string;
  teamId: string | null;
  permissions: RolePermissions;
  via: 'session' | 'api_key' | 'system';
};
