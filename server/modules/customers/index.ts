// Customers: the one shared record of everyone the business touches — people and organizations — with
// search, custom fields, duplicates and merges, the 360° view and its extension points (profile sections, timeline sources, merge movers).
export { customers, customerRelations, customFieldDefs, savedViews, customerMerges } from './customers.tables.ts';
export { loadVisibleCustomer, presentCustomer, createCustomer, updateCustomer, deleteCustomer, getCustomer, findDuplicates, touchCustomer, refreshCustomerStats, type CustomerView, type CreateExtras, type DuplicateMatch } from './customers.service.ts';
export { listCustomers, setCustomerSegmentFilter, quickSearch } from './customers.query.ts';
export { searchConditions, type SearchPlan } from './search-plan.ts';
export { exportCustomersCsv, csvCell } from './customers.export.ts';
export { searchCustomerHits } from './customers.search.ts';
export { exportCustomersXlsx, XLSX_MAX } from './customers.xlsx.ts';
export { createCustomersBulk, findDuplicatesMany, type BulkItem } from './bulk.service.ts';
export { bulkSetup, prepareCustomer, erasedProblems, insertPreparedCtes, type BulkSetup, type PreparedCustomer } from './bulk-prepared.ts';
export { bulkEditCustomers, undoCustomerBulk } from './bulk-edit.service.ts';
export { registerCustomerListExtra, type CustomerListExtra, type NextTask } from './list-extras.ts';
export { listCustomFields, createCustomField, updateCustomField, checkCustomValue } from './custom-fields.service.ts';
export { registerProfileSection, customer360, type ProfileSection } from './profile.ts';
export { registerTimelineSource, timeline, beforeCursor, isoAt, type TimelineSource, type TimelineItem, type Cursor } from './timeline.ts';
export { buildSearchDoc, displayNameOf, phoneKeysOf, emailKeysOf, withPrimaryPhone, likeEscape } from './customer-fields.ts';
export { registerCustomerMover, columnMover, customerMovers, type CustomerMover, type MovedRows } from './merge-movers.ts';
export { mergeCustomers, undoMerge, listMerges } from './merge.service.ts';
export { listDuplicatePairs, duplicatePair, pairReasons } from './duplicates.query.ts';
export { registerCustomerDataSection, customerDataSections, coveredCustomerTables, type CustomerDataSection, type ErasureContext, type ErasureReport } from './data-rights.registry.ts';
export { exportCustomerData, exportCounts, auditDataExport, eraseCustomer, registerCustomerOwnDataRights, ERASED_NAME, type CustomerDataExport, type ErasureAnswer } from './data-rights.service.ts';
export { erasedContactMatch, normalizedContacts, contactHash } from './erased-contacts.ts';
export { erasedContacts } from './erased-contacts.tables.ts';
export { customerPreferences, setCustomerPreferences, storedPreferences, type StoredPreferences } from './preferences.ts';
