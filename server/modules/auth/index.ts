// Auth: users, roles and permissions, sessions, API keys, login throttling.
export { users, roles, teams, sessions, apiKeys, loginFailures, apiKeyRateWindows, idempotencyKeys } from './auth.tables.ts';
export { can, assertCan, scopeOf, customerScopeSql, interactionScopeSql, taskScopeSql, dealScopeSql, ticketScopeSql, auditScopeSql, systemActor, type Actor } from './policy.ts';
export { hashPassword, verifyPassword, setPasswordCostForTests } from './password.ts';
export { createSession, deleteSession, deleteUserSessions, actorFromSession, actorFromApiKey, actorsOfUsers, createApiKey, purgeExpiredSessions, type KeyActor } from './sessions.service.ts';
export { countKeyRequest, beginIdempotent, finishIdempotent, abandonIdempotent, purgeApiUsage, IDEMPOTENCY_TTL_MS } from './api-usage.service.ts';
export { SessionCache, AUTH_CHANNEL, type AuthChange } from './session-cache.ts';
export { THROTTLE } from './throttle-rules.ts';
export { knownDevice, deviceCookieAfterLogin } from './device-cookie.ts';
export { checkLogin, checkCurrentPassword, changeOwnPassword } from './credentials.service.ts';
export { passwordProblem, assertAcceptablePassword } from './password-policy.ts';
export { ensureBuiltInRoles, listRoles, createRole, updateRole, deleteRole, listTeams, createTeam, roleByKey, assertTeamExists } from './roles.service.ts';
export { createAdmin, recordLogin, userBrief, listUsers, getUser, createUser, updateUser, updatePreferences, countUsers, presentUser } from './users.service.ts';
export { issueApiKey, listApiKeys, revokeApiKey, updateApiKey } from './api-keys.service.ts';
export { setupHowTo, setupCommands } from './setup-how-to.ts';
