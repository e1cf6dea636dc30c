// Notifications: in-app notices (exactly once, pushed live) and the outbox for email.
export { notify, listNotifications, markRead, markAllRead, enqueueEmail, presentNotification, stalePendingEmails } from './notifications.service.ts';
export { deliverEmail, emailJob } from './email.jobs.ts';
export { notifications, outbox } from './notifications.tables.ts';
