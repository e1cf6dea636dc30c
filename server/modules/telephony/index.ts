// Telephony: call events from the PBX (AMI, signed webhook), the screen-pop, calls on the timeline, click-to-call.
export { calls } from './telephony.tables.ts';
export { AmiManager, type AmiClientFactory } from './ami.manager.ts';
export { handleCallEvent, customerCards, publishCall, expireStaleCalls } from './calls.service.ts';
export { signWebhook, webhookLimits } from './telephony.service.ts';
export { registerTelephonyMover } from './telephony.mover.ts';
export { registerTelephonyDataRights } from './telephony.data-rights.ts';
