import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { getOrgSettings, updateOrgSettings, orgSettingsUpdate } from './index.ts';

export function settingsRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/settings', { schema: { tags: ['settings'], summary: 'Organization settings' } }, async (req) => {
      actorOf(req);
      return getOrgSettings(ctx.database.db);
    });
    r.patch('/api/settings', { schema: { tags: ['settings'], summary: 'Change organization settings (admin)', body: orgSettingsUpdate } },
      async (req) => withTx(ctx.database, (tx) => updateOrgSettings(tx, actorOf(req), req.body)));
  };
}
