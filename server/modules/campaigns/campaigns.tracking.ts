/** The recipient's side of tracking that changes the customer: the unsubscribe (consent off, audited, once). */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { withTx } from '../../db/tx.ts';
import { AppError } from '../../errors.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { systemActor } from '../auth/index.ts';
import { updateCustomer } from '../customers/index.ts';
import { campaignRecipients } from './campaigns.tables.ts';

/** Records an unsubscribe: the consent off (once) and the time on the recipient. Returns the state to show. */
export async function unsubscribeRecipient(database: Database, clock: Clock, recipientId: string) {
  return withTx(database, async (tx) => {
    const [r] = (await tx.execute(sql`
      SELECT r.id, r.customer_id, coalesce(r.channel, k.channel) AS channel, k.name, cu.email_consent, cu.sms_consent FROM campaign_recipients r
      JOIN campaigns k ON k.id = r.campaign_id JOIN customers cu ON cu.id = r.customer_id AND cu.deleted_at IS NULL
      WHERE r.id = ${recipientId} FOR UPDATE OF r`)).rows as { id: string; customer_id: string; channel: 'sms' | 'email'; name: string; email_consent: boolean; sms_consent: boolean }[];
    if (!r) throw new AppError('NOT_FOUND', 'Not found');
    const consent = r.channel === 'email' ? r.email_consent : r.sms_consent;
    if (consent) {
      const admin = systemActor(DEFAULT_ROLES.admin.permissions);
      await updateCustomer(tx, admin, clock, r.customer_id, r.channel === 'email' ? { emailConsent: false } : { smsConsent: false });
    }
    await tx.update(campaignRecipients).set({ unsubscribedAt: sql`coalesce(${campaignRecipients.unsubscribedAt}, ${clock.now()})` }).where(eq(campaignRecipients.id, r.id));
    return { channel: r.channel, campaign: r.name };
  });
}

