// Campaigns: SMS and email to a segment, personalized, with consent, quiet hours, throttling, tracked links, an open
// pixel and one-click unsubscribe, an A/B test and a random hold-out with measured lift; sent in batches through the
// outbox (exactly once, across crashes).
import { z } from 'zod';
import type { JobDef } from '../../jobs/queue.ts';
import { campaignTick, type CampaignDeps } from './campaigns.sending.ts';
export { campaigns, campaignRecipients } from './campaigns.tables.ts';
export { createCampaign, startCampaign, previewCampaign, setCampaignState, CAMPAIGN_BATCH } from './campaigns.service.ts';
export { runCampaignBatch, campaignTick, abScores, DEFAULT_RATES, type CampaignDeps, type GatewayRates } from './campaigns.sending.ts';
export { campaignResults, liftInterval } from './campaigns.results.ts';
export { renderCampaignText } from './template.ts';
export { linkToken, readLinkToken, recipientLinks } from './links.ts';
export { registerCampaignMover } from './campaigns.mover.ts';
export { registerCampaignSegmentFields } from './campaigns.segment-fields.ts';

export { CAMPAIGN_TICK_JOB } from './campaigns.jobs.ts';
import { CAMPAIGN_TICK_JOB } from './campaigns.jobs.ts';
export function campaignJobs(deps: CampaignDeps): JobDef<unknown>[] {
  return [{ name: CAMPAIGN_TICK_JOB, schema: z.unknown(), handler: async () => campaignTick(deps) }];
}
