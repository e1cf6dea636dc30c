/** The job that sends each sending campaign's next batch (every minute, and at once when a campaign starts or resumes). */
export const CAMPAIGN_TICK_JOB = 'campaigns.tick';
