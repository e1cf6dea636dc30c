// Contact policy: the rules every marketing message obeys — quiet hours of advertising SMS, a per-customer frequency
// cap across campaigns and automations, and the suppression list of numbers and emails that never get marketing.
export { suppressions } from './contact-policy.tables.ts';
export { readContactPolicy, getContactPolicy, setContactPolicy, listSuppressions, addSuppression, removeSuppression, unknownNumberConsent, contactPolicyLog, normalizeAddress } from './contact-policy.service.ts';
export { isQuiet, nextSendingTime, marketingBlockSql, marketingBlock, type QuietHours } from './contact-policy.rules.ts';
