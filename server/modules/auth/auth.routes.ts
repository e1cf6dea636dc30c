import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf, DEVICE_COOKIE, SESSION_COOKIE } from '../../http/auth-hooks.ts';
import { RateLimiter } from '../../http/rate-limit.ts';
import { AppError } from '../../errors.ts';
import { withTx } from '../../db/tx.ts';
import {
  loginInput, preferencesUpdate, userCreate, userUpdate, roleCreate, roleUpdate, teamCreate, apiKeyCreate,
  healthView, setupStatusView, loginAnswer, meView, userAnswer, userList, userView, roleList, roleView, teamList, teamView, apiKeyList, apiKeyCreated,
} from '../../../common/auth.schemas.ts';
import { noContent } from '../../../common/api.schemas.ts';
import { getOrgSettings } from '../settings/index.ts';
import {
  checkCredentials, recordLogin, checkThrottle, recordFailure, recordSuccess, isTrustedDevice, signDevice, createSession, deleteSession,
  getUser, updatePreferences, listUsers, createUser, updateUser, listRoles, createRole, updateRole, deleteRole, listTeams, createTeam,
  issueApiKey, listApiKeys, revokeApiKey, countUsers,
} from './index.ts';

const idParam = z.object({ id: z.uuid() });

export function setupHowTo(port: number) {
  return [
    'MEHVAR_ADMIN_EMAIL=you@example.com MEHVAR_ADMIN_PASSWORD=\'a-long-password\' npm start',
    'npm run cli -- create-admin --email you@example.com --password \'a-long-password\'',
    `then open http://localhost:${port} and log in`,
  ];
}

/** Routes that need no session: health, setup status, login. */
export function publicAuthRoutes(ctx: AppContext) {
  const loginLimiter = new RateLimiter(60, 60_000);
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/health', { schema: { tags: ['system'], summary: 'Liveness and database kind', response: { 200: healthView } } }, async () => ({ status: 'ok' as const, database: ctx.database.kind }));

    r.get('/api/setup-status', { schema: { tags: ['system'], summary: 'Whether a first admin must still be created, and how', response: { 200: setupStatusView } } }, async () => {
      const needsAdmin = (await countUsers(ctx.database.db)) === 0;
      return { needsAdmin, howTo: needsAdmin ? setupHowTo(ctx.config.port) : [] };
    });

    r.post('/api/auth/login', { schema: { tags: ['auth'], summary: 'Log in with email and password; sets the session cookie', body: loginInput, response: { 200: loginAnswer } } }, async (req, reply) => {
      loginLimiter.hit(`ip:${req.ip}`);
      const { email, password } = req.body;
      const db = ctx.database.db;
      const trusted = isTrustedDevice(ctx.secret, email, req.cookies[DEVICE_COOKIE]);
      const verdict = await checkThrottle(db, ctx.clock, email, req.ip, trusted);
      if (!verdict.allowed) {
        throw new AppError('RATE_LIMITED', 'Too many failed logins; wait a few minutes and try again', { retryAfterSec: verdict.retryAfterSec, reason: verdict.reason });
      }
      const user = await checkCredentials(db, email, password);
      if (!user) {
        await recordFailure(db, ctx.clock, email, req.ip);
        throw new AppError('UNAUTHENTICATED', 'Wrong email or password');
      }
      await recordSuccess(db, email, req.ip);
      const { token, csrfToken } = await createSession(db, ctx.clock, user.id, ctx.config.sessionDays, { ip: req.ip, userAgent: req.headers['user-agent'] });
      await recordLogin(db, user.id, ctx.clock.now());
      const cookieBase = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.secureCookies };
      reply.setCookie(SESSION_COOKIE, token, { ...cookieBase, maxAge: ctx.config.sessionDays * 86400 });
      const previous = (req.cookies[DEVICE_COOKIE] ?? '').split('~').filter(Boolean).slice(-4);
      reply.setCookie(DEVICE_COOKIE, [...previous, signDevice(ctx.secret, email)].join('~'), { ...cookieBase, maxAge: 365 * 86400 });
      return { user: await getUser(db, user.id), csrfToken };
    });
  };
}

export function authRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;

    r.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'End this session', response: { 204: noContent } } }, async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await deleteSession(db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    });

    r.get('/api/auth/me', { schema: { tags: ['auth'], summary: 'The logged-in user, their role and permissions, and the CSRF token', response: { 200: meView } } }, async (req) => {
      const actor = actorOf(req);
      return {
        user: await getUser(db, actor.userId),
        role: { key: actor.roleKey, permissions: actor.permissions },
        csrfToken: req.csrfToken ?? null,
        org: await getOrgSettings(db),
      };
    });

    r.patch('/api/auth/me/preferences', { schema: { tags: ['auth'], summary: 'Language, calendar, currency and time zone of the user', body: preferencesUpdate, response: { 200: userAnswer } } },
      async (req) => ({ user: await updatePreferences(db, actorOf(req), req.body) }));

    r.get('/api/users', { schema: { tags: ['users'], summary: 'List users', response: { 200: userList } } }, async (req) => ({ items: await listUsers(db, actorOf(req)) }));
    r.post('/api/users', { schema: { tags: ['users'], summary: 'Create a user', body: userCreate, response: { 201: userView } } }, async (req, reply) =>
      reply.status(201).send(await withTx(ctx.database, (tx) => createUser(tx, actorOf(req), req.body))));
    r.patch('/api/users/:id', { schema: { tags: ['users'], summary: 'Edit, deactivate or reset the password of a user', params: idParam, body: userUpdate, response: { 200: userView } } }, async (req) =>
      withTx(ctx.database, (tx) => updateUser(tx, actorOf(req), req.params.id, req.body)));

    r.get('/api/roles', { schema: { tags: ['users'], summary: 'List roles with their permissions', response: { 200: roleList } } }, async (req) => ({ items: await listRoles(db, actorOf(req)) }));
    r.post('/api/roles', { schema: { tags: ['users'], summary: 'Create a role', body: roleCreate, response: { 201: roleView } } }, async (req, reply) =>
      reply.status(201).send(await withTx(ctx.database, (tx) => createRole(tx, actorOf(req), req.body))));
    r.patch('/api/roles/:id', { schema: { tags: ['users'], summary: 'Edit a role’s name or permissions', params: idParam, body: roleUpdate, response: { 200: roleView } } }, async (req) =>
      withTx(ctx.database, (tx) => updateRole(tx, actorOf(req), req.params.id, req.body)));
    r.delete('/api/roles/:id', { schema: { tags: ['users'], summary: 'Delete a custom role no user has', params: idParam, response: { 204: noContent } } }, async (req, reply) => {
      await withTx(ctx.database, (tx) => deleteRole(tx, actorOf(req), req.params.id));
      return reply.status(204).send();
    });

    r.get('/api/teams', { schema: { tags: ['users'], summary: 'List teams', response: { 200: teamList } } }, async (req) => ({ items: await listTeams(db, actorOf(req)) }));
    r.post('/api/teams', { schema: { tags: ['users'], summary: 'Create a team', body: teamCreate, response: { 201: teamView } } }, async (req, reply) =>
      reply.status(201).send(await createTeam(db, actorOf(req), req.body)));

    r.get('/api/api-keys', { schema: { tags: ['users'], summary: 'List API keys (never the keys themselves)', response: { 200: apiKeyList } } }, async (req) => ({ items: await listApiKeys(db, actorOf(req)) }));
    r.post('/api/api-keys', { schema: { tags: ['users'], summary: 'Create an API key; the key is shown only in this answer', body: apiKeyCreate, response: { 201: apiKeyCreated } } }, async (req, reply) =>
      reply.status(201).send(await issueApiKey(db, actorOf(req), req.body)));
    r.delete('/api/api-keys/:id', { schema: { tags: ['users'], summary: 'Revoke an API key', params: idParam, response: { 204: noContent } } }, async (req, reply) => {
      await revokeApiKey(db, actorOf(req), req.params.id);
      return reply.status(204).send();
    });
  };
}
