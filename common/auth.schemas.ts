import { z } from 'zod';
import { OBJECTS, OPERATIONS, SCOPES, ROLE_KEYS } from './permissions.ts';
import { PASSWORD_MAX, PASSWORD_MIN, PASSWORD_PROBLEMS } from './password-policy.ts';

export const loginInput = z.object({ email: z.string().trim().toLowerCase().max(200), password: z.string().min(1).max(500) }).strict();

/** A new password's length; whether it is too guessable is the server's check (server/modules/auth/password-policy.ts). */
export const passwordField = z.string().min(PASSWORD_MIN, PASSWORD_PROBLEMS.tooShort).max(PASSWORD_MAX, PASSWORD_PROBLEMS.tooLong);

export const passwordChange = z.object({ currentPassword: z.string().min(1).max(500), newPassword: passwordField }).strict();

export const userCreate = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  name: z.string().trim().min(1).max(100),
  password: passwordField,
  roleId: z.uuid(),
  teamId: z.uuid().nullable().optional(),
  locale: z.enum(['fa', 'en']).default('fa'),
}).strict();

export const userUpdate = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  roleId: z.uuid().optional(),
  teamId: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
  password: passwordField.optional(),
}).strict();

export const preferencesUpdate = z.object({
  locale: z.enum(['fa', 'en']).optional(),
  calendar: z.enum(['jalali', 'gregorian']).optional(),
  currency: z.enum(['IRR', 'IRT']).optional(),
  timeZone: z.string().max(60).refine((tz) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; } }, 'unknown time zone').optional(),
}).strict();

export const permissionsSchema = z.partialRecord(z.enum(OBJECTS), z.object({
  ops: z.array(z.enum(OPERATIONS)).max(5),
  scope: z.enum(SCOPES),
}).strict());

export const roleCreate = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
  name: z.string().trim().min(1).max(100),
  permissions: permissionsSchema,
}).strict();
export const roleUpdate = z.object({ name: z.string().trim().min(1).max(100).optional(), permissions: permissionsSchema.optional() }).strict();

export const teamCreate = z.object({ name: z.string().trim().min(1).max(100) }).strict();
export const apiKeyCreate = z.object({ name: z.string().trim().min(1).max(100), userId: z.uuid().optional() }).strict();
export { ROLE_KEYS };
