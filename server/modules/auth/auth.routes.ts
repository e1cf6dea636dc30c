import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf, DEVICE_COOKIE, SESSION_COOKIE } from '../../http/auth-hooks.ts';
import { RateLimiter } from '../../http/rate-limit.ts';
import { assertSameOrigin } from '../../http/origin-check.ts';
import { AppError } from '../../errors.ts';
import { withTx } from '../../db/tx.ts';
import {
  loginInput, passwordChange, preferencesUpdate, userCreate, userUpdate, roleCreate, roleUpdate, teamCreate, apiKeyCreate, apiKeyUpdate,
  healthView, setupStatusView, loginAnswer, meView, userAnswer, userList, userView, roleList, roleView, teamList, teamView, apiKeyList, apiKeyCreated, apiKeyView,
} from '../../../common/auth.schemas.ts';
import { noContent } from '../../../common/api.schemas.ts';
import { getOrgSettings } from '../settings/index.ts';
import {
  checkLogin, checkCurrentPassword, changeOwnPassword, recordLogin, knownDevice, deviceCookieAfterLogin, createSession, deleteSession,
  getUser, updatePreferences, listUsers, createUser, updateUser, listRoles, createRole, updateRole, deleteRole, listTeams, createTeam,
  issueApiKey, listApiKeys, revokeApiKey, updateApiKey, countUsers,
} from './index.ts';
import { setupCommands } from './setup-how-to.ts';

const idParam = z.object({ id: z.uuid() });

const cookieBase = (ctx: AppContext) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.secureCookies });
const setSessionCookie = (ctx: AppContext, reply: FastifyReply, token: string) =>
  reply.setCookie(SESSION_COOKIE, token, { ...cookieBase(ctx), maxAge: ctx.config.sessionDays * 86400 });

/** Routes that need no session: health, setup status, login. */
export function publicAuthRoutes(ctx: AppContext) {
  const loginLimiter = new RateLimiter(60, 60_000);
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/health', { schema: { tags: ['system'], summary: 'Liveness and database kind', response: { 200: healthView } } }, async (req) => {
      const slowMs = Number((req.query as { slow?: string }).slow);
      if (ctx.config.failpoint === 'slow-health' && slowMs > 0) {
        console.log('slow request started');
        await new Promise((r) => setTimeout(r, Math.min(slowMs, 60_000)));
      }
      return { status: 'ok' as const, database: ctx.database.kind };
    });

    r.get('/api/setup-status', { schema: { tags: ['system'], summary: 'Whether a first admin must still be created, and how', response: { 200: setupStatusView } } }, async () => {
      const needsAdmin = (await countUsers(ctx.database.db)) === 0;
      const c = setupCommands(ctx.config);
      return { needsAdmin, howTo: needsAdmin ? [c.start, c.createAdmin] : [], embedded: !ctx.config.databaseUrl, url: c.url };
    });

    r.post('/api/auth/login', { schema: { tags: ['auth'], summary: 'Log in with email and password; sets the session cookie', body: loginInput, response: { 200: loginAnswer } } }, async (req, reply) => {
      // A login from another site would sign the browser in to an account of that site's choosing.
      assertSameOrigin(req, ctx.config.publicUrl);
      const { email, password } = req.body;
      const db = ctx.database.db;
      const deviceId = knownDevice(ctx.secret, email, req.cookies[DEVICE_COOKIE]);
      // Requests a minute (each runs a slow hash): per address, or per known browser so that others at the owner's
      // address cannot use this up for it.
      loginLimiter.hit(deviceId ? `dev:${deviceId}` : `ip:${req.ip}`);
      const user = await checkLogin(db, ctx.clock, { email, ip: req.ip, deviceId }, password);
      const { token, csrfToken } = await createSession(db, ctx.clock, user.id, ctx.config.sessionDays, { ip: req.ip, userAgent: req.headers['user-agent'] });
      await recordLogin(db, user.id, ctx.clock.now());
      setSessionCookie(ctx, reply, token);
      reply.setCookie(DEVICE_COOKIE, deviceCookieAfterLogin(ctx.secret, email, req.cookies[DEVICE_COOKIE]), { ...cookieBase(ctx), maxAge: 365 * 86400 });
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
      if (token) {
        await deleteSession(db, token);
        ctx.credentials.forget({ token });
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    });

    r.post('/api/auth/password', { schema: { tags: ['auth'], summary: 'Change my password (the current one is required); ends my other sessions and renews this one', body: passwordChange, response: { 200: loginAnswer } } }, async (req, reply) => {
      const actor = actorOf(req);
      if (actor.via !== 'session') throw new AppError('FORBIDDEN', 'Change your password from a signed-in browser');
      const deviceId = knownDevice(ctx.secret, actor.email, req.cookies[DEVICE_COOKIE]);
      await checkCurrentPassword(db, ctx.clock, { email: actor.email, ip: req.ip, deviceId }, actor.userId, req.body.currentPassword);
      const { token, csrfToken } = await withTx(ctx.database, (tx) => changeOwnPassword(tx, ctx.clock, actor, req.body.newPassword,
        { sessionDays: ctx.config.sessionDays, ip: req.ip, userAgent: req.headers['user-agent'] }));
      ctx.credentials.forget({ userId: actor.userId });
      setSessionCookie(ctx, reply, token);
      return { user: await getUser(db, actor.userId), csrfToken };
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
    r.patch('/api/users/:id', { schema: { tags: ['users'], summary: 'Edit, deactivate or reset the password of a user', params: idParam, body: userUpdate, response: { 200: userView } } }, async (req) => {
      try {
        return await withTx(ctx.database, (tx) => updateUser(tx, actorOf(req), req.params.id, req.body));
      } finally {
        ctx.credentials.forget({ userId: req.params.id });
      }
    });

    r.get('/api/roles', { schema: { tags: ['users'], summary: 'List roles with their permissions', response: { 200: roleList } } }, async (req) => ({ items: await listRoles(db, actorOf(req)) }));
    r.post('/api/roles', { schema: { tags: ['users'], summary: 'Create a role', body: roleCreate, response: { 201: roleView } } }, async (req, reply) =>
      reply.status(201).send(await withTx(ctx.database, (tx) => createRole(tx, actorOf(req), req.body))));
    r.patch('/api/roles/:id', { schema: { tags: ['users'], summary: 'Edit a role’s name or permissions', params: idParam, body: roleUpdate, response: { 200: roleView } } }, async (req) => {
      try {
        return await withTx(ctx.database, (tx) => updateRole(tx, actorOf(req), req.params.id, req.body));
      } finally {
        ctx.credentials.forget('all');
      }
    });
    r.delete('/api/roles/:id', { schema: { tags: ['users'], summary: 'Delete a custom role no user has', params: idParam, response: { 204: noContent } } }, async (req, reply) => {
      try {
        await withTx(ctx.database, (tx) => deleteRole(tx, actorOf(req), req.params.id));
      } finally {
        ctx.credentials.forget('all');
      }
      return reply.status(204).send();
    });

    r.get('/api/teams', { schema: { tags: ['users'], summary: 'List teams', response: { 200: teamList } } }, async (req) => ({ items: await listTeams(db, actorOf(req)) }));
    r.post('/api/teams', { schema: { tags: ['users'], summary: 'Create a team', body: teamCreate, response: { 201: teamView } } }, async (req, reply) =>
      reply.status(201).send(await createTeam(db, actorOf(req), req.body)));

    r.get('/api/api-keys', { schema: { tags: ['users'], summary: 'List API keys (never the keys themselves)', response: { 200: apiKeyList } } }, async (req) => ({ items: await listApiKeys(db, actorOf(req)) }));
    r.post('/api/api-keys', { schema: { tags: ['users'], summary: 'Create an API key (optionally narrower than its user, with its own rate limit); the key is shown only in this answer', body: apiKeyCreate, response: { 201: apiKeyCreated } } }, async (req, reply) =>
      reply.status(201).send(await issueApiKey(db, actorOf(req), req.body)));
    r.patch('/api/api-keys/:id', { schema: { tags: ['users'], summary: "Rename an API key or change its requests-a-minute limit", params: idParam, body: apiKeyUpdate, response: { 200: apiKeyView } } }, async (req) =>
      updateApiKey(db, actorOf(req), req.params.id, req.body));
    r.delete('/api/api-keys/:id', { schema: { tags: ['users'], summary: 'Revoke an API key', params: idParam, response: { 204: noContent } } }, async (req, reply) => {
      await revokeApiKey(db, actorOf(req), req.params.id);
      return reply.status(204).send();
    });
  };
}
