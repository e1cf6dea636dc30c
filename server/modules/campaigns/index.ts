// Campaigns: SMS to a segment, personalized, with consent, quiet hours, a random hold-out and measured lift; sent
// in batches through the outbox (exactly once, across crashes).
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { JobDef } from '../../jobs/queue.ts';
import { campaignTick } from './campaigns.service.ts';
export { campaigns, campaignRecipients } from './campaigns.tables.ts';
export { createCampaign, startCampaign, runCampaignBatch, campaignTick, previewCampaign, setCampaignState, CAMPAIGN_BATCH } from './campaigns.service.ts';
export { campaignResults, liftInterval } from './campaigns.results.ts';
export { renderCampaignText } from './template.ts';
export { registerCampaignMover } from './campaigns.mover.ts';

export { CAMPAIGN_TICK_JOB } from './campaigns.jobs.ts';
import { CAMPAIGN_TICK_JOB } from './campaigns.jobs.ts';
export function campaignJobs(deps: { database: Database; clock: Clock }): JobDef<unknown>[] {
  return [{ name: CAMPAIGN_TICK_JOB, schema: z.unknown(), handler: async () => campaignTick(deps.database, deps.clock) }];
}
