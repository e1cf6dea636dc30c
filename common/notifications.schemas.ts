/** Notifications: the bell's list and the realtime event stream. */
import { z } from 'zod';
import { fileAnswer, isoDateTime, uuid } from './api.schemas.ts';

export const notificationView = z.object({
  id: uuid, kind: z.string(), title: z.string(), body: z.string().nullable(), link: z.string().nullable(),
  createdAt: isoDateTime, readAt: isoDateTime.nullable(),
});
/** The latest notifications (at most 50) and how many are unread in all. */
export const notificationList = z.object({ items: z.array(notificationView), unread: z.number() });

/** The user's realtime events: `event: <name>` and `data: <JSON>` per event, a `: ping` comment every 15 s. */
export const eventStream = fileAnswer('text/event-stream', 'Server-Sent Events: the user’s realtime events (ready, notification, call …) from any app instance', 'text');
