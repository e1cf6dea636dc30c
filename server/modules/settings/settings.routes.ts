import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { orgSettingsView, outboundAllowAnswer } from '../../../common/settings.schemas.ts';
import { getOrgSettings, updateOrgSettings, orgSettingsUpdate, getLogo, outboundAllowInput, outboundAllowView, setOutboundAllow, type OrgSettings } from './index.ts';

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
    r.get('/api/settings/outbound-allow', { schema: { tags: ['settings'], summary: 'Private hosts the server may connect to (admin list, and the operator’s from MEHVAR_OUTBOUND_ALLOW)', response: { 200: outboundAllowAnswer } } },
      async (req) => outboundAllowView(ctx.database.db, actorOf(req), ctx.config.outboundAllow));
    r.put('/api/settings/outbound-allow', { schema: { tags: ['settings'], summary: 'Set the admin’s list of private hosts the server may connect to (a LAN PBX, a mail relay)', body: outboundAllowInput, response: { 200: outboundAllowAnswer } } },
      async (req) => setOutboundAllow(ctx.database.db, actorOf(req), req.body, ctx.config.outboundAllow));
  };
}
