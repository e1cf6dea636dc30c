import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { orgSettingsView } from '../../../common/settings.schemas.ts';
import { getOrgSettings, updateOrgSettings, orgSettingsUpdate, getLogo, type OrgSettings } from './index.ts';

export function settingsRoutes(ctx: AppContext) {
  const withLogoFlag = async (s: OrgSettings) => {
    return { ...s, hasLogo: Boolean(await getLogo(ctx.database.db)) };
  };
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/settings', { schema: { tags: ['settings'], summary: 'Organization settings (and whether a logo is set)', response: { 200: orgSettingsView } } }, async (req) => {
      actorOf(req);
      return withLogoFlag(await getOrgSettings(ctx.database.db));
    });
    r.patch('/api/settings', { schema: { tags: ['settings'], summary: 'Change organization settings (admin)', body: orgSettingsUpdate, response: { 200: orgSettingsView } } },
      async (req) => withLogoFlag(await withTx(ctx.database, (tx) => updateOrgSettings(tx, actorOf(req), req.body))));
  };
}
