// Every module's tables, for drizzle-kit (migrations). Modules own their tables; this file only gathers them, above db/,
// which knows no module: the database client needs no schema (services write their queries with the tables they import).
export * from './modules/auth/auth.tables.ts';
export * from './modules/audit/audit.tables.ts';
export * from './modules/customers/customers.tables.ts';
export * from './modules/customers/erased-contacts.tables.ts';
export * from './modules/interactions/interactions.tables.ts';
export * from './modules/tasks/tasks.tables.ts';
export * from './modules/notifications/notifications.tables.ts';
export * from './modules/settings/settings.tables.ts';
export * from './modules/sales/sales.tables.ts';
export * from './modules/documents/documents.tables.ts';
export * from './modules/documents/sales-rollup.tables.ts';
export * from './modules/messaging/messaging.tables.ts';
export * from './modules/support/support.tables.ts';
export * from './modules/surveys/surveys.tables.ts';
export * from './modules/telephony/telephony.tables.ts';
export * from './modules/webhooks/webhooks.tables.ts';
export * from './modules/imports/imports.tables.ts';
export * from './modules/leads/leads.tables.ts';
export * from './modules/segments/segments.tables.ts';
export * from './modules/campaigns/campaigns.tables.ts';
export * from './modules/lists/lists.tables.ts';
export * from './modules/insights/insights.tables.ts';
export * from './modules/automations/automations.tables.ts';
export * from './modules/loyalty/loyalty.tables.ts';
export * from './modules/scorecard/scorecard.tables.ts';
export * from './modules/journeys/journeys.tables.ts';
