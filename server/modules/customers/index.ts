// Customers: the one shared record of everyone the business touches — people and organizations — with
// search, custom fields, duplicates, the 360° view and its extension points (profile sections, timeline sources).
export { customers, customerRelations, customFieldDefs, savedViews } from './customers.tables.ts';
export { loadVisibleCustomer, presentCustomer, createCustomer, updateCustomer, deleteCustomer, getCustomer, findDuplicates, touchCustomer, refreshCustomerStats, type CustomerView, type CreateExtras, type DuplicateMatch } from './customers.service.ts';
export { listCustomers, quickSearch, exportCustomersCsv, searchConditions, csvCell, type SearchPlan } from './customers.query.ts';
export { createCustomersBulk, findDuplicatesMany, type BulkItem } from './bulk.service.ts';
export { listCustomFields, createCustomField, updateCustomField, checkCustomValue } from './custom-fields.service.ts';
export { registerProfileSection, customer360, type ProfileSection } from './profile.ts';
export { registerTimelineSource, timeline, beforeCursor, isoAt, type TimelineSource, type TimelineItem, type Cursor } from './timeline.ts';
export { buildSearchDoc, displayNameOf, phoneKeysOf, emailKeysOf, withPrimaryPhone, likeEscape } from './customer-fields.ts';
