// Notifications: in-app notices (exactly once, pushed live) and the outbox for email.
export { notify, listNotifications, markRead, markAllRead, enqueueEmail, presentNotification, forgetOutboxRows } from './notifications.service.ts';
export { deliverEmail, deliverOutbox, emailSender, outboxJobs, outboxJobName, EMAIL_JOB, SMS_JOB, OUTBOX_SWEEP_JOB, staleOutbox, requeueStaleOutbox, onOutboxDelivery, isRetryable, MAX_OUTBOX_ATTEMPTS, type OutboxRow, type Sender, type Senders, type DeliveryOutcome } from './email.jobs.ts';
export { notifications, outbox } from './notifications.tables.ts';
