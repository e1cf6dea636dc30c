// Messaging: email and SMS to and from customers — channel settings, the message log on the timeline, delivery
// through the outbox, gateway webhooks (delivery reports, replies, opt-out).
export { messages } from './messaging.tables.ts';
export { Channels, smsWebhookToken, SMS_DRIVERS } from './channels.service.ts';
export { queueMessage, queueMessages, channelSenders, registerAttachmentResolver, setMessageQueueHook, registerMessageDelivery, applySmsStatuses, pollSmsStatuses, handleSmsWebhook, registerInboundTextHandler, presentMessage, messagesAbout, type NewMessage, type Attachment, type MessageView, type InboundText } from './messages.service.ts';
export { registerMessageViews } from './messaging.timeline.ts';
export { registerMessageSubject } from './message-subjects.ts';
export { registerMessageMover } from './messaging.mover.ts';
export { registerMessagingDataRights } from './messaging.data-rights.ts';
