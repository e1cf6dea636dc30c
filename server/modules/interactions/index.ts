// Interactions: every touch with a customer on one timeline (calls, meetings, messages, visits, notes) and the promises made.
export { interactions } from './interactions.tables.ts';
export { createInteraction, updateInteraction, deleteInteraction, presentInteraction, recordCall, updateCallRecord, type CallRecord } from './interactions.service.ts';
export { registerInteractionViews } from './interactions.timeline.ts';
export { registerInteractionMover } from './interactions.mover.ts';
export { registerInteractionDataRights } from './interactions.data-rights.ts';
export { registerInteractionSegmentFields } from './interactions.segment-fields.ts';
