import { z } from 'zod';
import { OBJECTS, OPERATIONS, SCOPES, ROLE_KEYS } from './permissions.ts';
import { PASSWORD_MAX, PASSWORD_MIN, PASSWORD_PROBLEMS } from './password-policy.ts';
import { isoDateTime, uuid, itemsOf } from './api.schemas.ts';
import { orgSettingsSchema } from './settings.schemas.ts';

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
/** Requests a minute an API key may make, unless set otherwise. */
export const DEFAULT_KEY_RATE_LIMIT = 600;
const rateLimitPerMinute = z.number().int().min(1).max(100_000);
export const apiKeyCreate = z.object({
  name: z.string().trim().min(1).max(100),
  userId: z.uuid().optional(),
  /** Narrower than the key's user: only these operations (and at most these scopes); left out, all the user may do. */
  permissions: permissionsSchema.optional(),
  rateLimitPerMinute: rateLimitPerMinute.optional(),
}).strict();
export const apiKeyUpdate = z.object({ name: z.string().trim().min(1).max(100).optional(), rateLimitPerMinute: rateLimitPerMinute.optional() }).strict()
  .refine((v) => v.name !== undefined || v.rateLimitPerMinute !== undefined, { message: 'Nothing to change' });
export { ROLE_KEYS };

// ---- Answers

export const LOCALES = ['fa', 'en'] as const;
export const CALENDARS = ['jalali', 'gregorian'] as const;
export const CURRENCIES = ['IRR', 'IRT'] as const;

/** A user as every answer shows one: never the password hash. */
export const userView = z.object({
  id: uuid, email: z.string(), name: z.string(), roleId: uuid, roleKey: z.string().nullable(), teamId: uuid.nullable(),
  locale: z.enum(LOCALES), calendar: z.enum(CALENDARS), currency: z.enum(CURRENCIES), timeZone: z.string(), active: z.boolean(),
  lastLoginAt: isoDateTime.nullable(), createdAt: isoDateTime,
});
/** What a role may do: the stored permissions (not re-checked strictly on the way out). */
export const permissionsView = z.partialRecord(z.enum(OBJECTS), z.object({ ops: z.array(z.enum(OPERATIONS)), scope: z.enum(SCOPES) }));
export const roleView = z.object({
  id: uuid, key: z.string(), name: z.string(), permissions: permissionsView, builtIn: z.boolean(), createdAt: isoDateTime, updatedAt: isoDateTime,
});
export const teamView = z.object({ id: uuid, name: z.string(), createdAt: isoDateTime });
/** An API key as listed: its prefix, never the key or its hash. */
export const apiKeyView = z.object({
  id: uuid, name: z.string(), prefix: z.string(), userId: uuid, permissions: permissionsView.nullable(), rateLimitPerMinute: z.number().int(),
  createdAt: isoDateTime, lastUsedAt: isoDateTime.nullable(), revokedAt: isoDateTime.nullable(),
});
/** A new API key: the only answer that carries the key itself. */
export const apiKeyCreated = z.object({
  key: z.string(), id: uuid, name: z.string(), prefix: z.string(), userId: uuid, permissions: permissionsView.nullable(), rateLimitPerMinute: z.number().int(), createdAt: isoDateTime,
});

export const healthView = z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgresql']) });
/** howTo: the two shell commands (start with the admin in the environment; the CLI), carrying this server's settings. */
export const setupStatusView = z.object({
  needsAdmin: z.boolean(),
  howTo: z.array(z.string()),
  /** Embedded database: the CLI needs the server stopped. */
  embedded: z.boolean(),
  url: z.string(),
});
export const loginAnswer = z.object({ user: userView, csrfToken: z.string() });
export const meView = z.object({
  user: userView,
  role: z.object({ key: z.string(), permissions: permissionsView }),
  csrfToken: z.string().nullable(),
  org: orgSettingsSchema,
});
export const userAnswer = z.object({ user: userView });
export const userList = itemsOf(userView);
export const roleList = itemsOf(roleView);
export const teamList = itemsOf(teamView);
export const apiKeyList = itemsOf(apiKeyView);
