// Audit: who changed which field of a customer, interaction, task, deal or product, when, from what to what.
export { auditCreate, auditCreateMany, auditCreatedFromSql, auditUpdate, auditDelete, auditMerge, moveAuditRows, restoreAuditRows, auditEvent, listCustomerAudit, diff, auditRowsOfCustomer, clearAuditValuesOfCustomer, listEntityAudit } from './audit.service.ts';
export { auditLog } from './audit.tables.ts';
