// Auth: users, roles and permissions, sessions, API keys, login throttling.
export { users, roles, teams, sessions, apiKeys, loginFailures } from './auth.tables.ts';
export { can, assertCan, scopeOf, customerScopeSql, interactionScopeSql, taskScopeSql, auditScopeSql, systemActor, type Actor } from './policy.ts';
export { hashPassword, verifyPassword, setPasswordCostForTests } from './password.ts';
export { createSession, deleteSession, deleteUserSessions, actorFromSession, actorFromApiKey, actorsOfUsers, createApiKey, purgeExpiredSessions } from './sessions.service.ts';
export { knownDevice, deviceCookieAfterLogin, THROTTLE } from './throttle.service.ts';
export { checkLogin, checkCurrentPassword, changeOwnPassword } from './credentials.service.ts';
export { passwordProblem, assertAcceptablePassword } from './password-policy.ts';
export { ensureBuiltInRoles, listRoles, createRole, updateRole, deleteRole, listTeams, createTeam, roleByKey } from './roles.service.ts';
export { createAdmin, authenticate as checkCredentials, recordLogin, userBrief, listUsers, getUser, createUser, updateUser, updatePreferences, issueApiKey, listApiKeys, revokeApiKey, countUsers, presentUser } from './users.service.ts';
