/** The job that picks the day's scheduled customers and runs every due run (every minute, and at once after an event made runs). */
export const AUTOMATIONS_TICK_JOB = 'automations.tick';
