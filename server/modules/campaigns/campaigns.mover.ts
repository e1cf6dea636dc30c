/** A customer merge moves the merged record's campaign recipient rows to the survivor (and back on undo); erasure deletes them. */
import { eq } from 'drizzle-orm';
import { registerCustomerMover, columnMover, registerCustomerDataSection } from '../customers/index.ts';
import { campaignRecipients, campaigns } from './campaigns.tables.ts';

export function registerCampaignMover(): void {
  registerCustomerMover(columnMover('campaigns', [
    { table: campaignRecipients, id: campaignRecipients.id, customerId: campaignRecipients.customerId },
  ]));
  registerCustomerDataSection('campaigns', {
    tables: ['campaign_recipients'],
    order: 20,
    collect: async (db, customerId) => ({
      campaignRecipients: await db.select({ campaign: campaigns.name, group: campaignRecipients.grp, status: campaignRecipients.status })
        .from(campaignRecipients).innerJoin(campaigns, eq(campaigns.id, campaignRecipients.campaignId)).where(eq(campaignRecipients.customerId, customerId)),
    }),
    erase: async (tx, customerId) => {
      const gone = await tx.delete(campaignRecipients).where(eq(campaignRecipients.customerId, customerId)).returning({ id: campaignRecipients.id });
      return { deleted: { campaign_recipients: gone.length } };
    },
  });
}
