// Webhooks: outbound, signed notices of chosen events (customer created, deal won …) to admin-chosen URLs, delivered
// from an outbox written in the same transaction as the change, retried with backoff, with a delivery log.
export { webhookEndpoints, webhookEvents, webhookDeliveries } from './webhooks.tables.ts';
export { recordWebhookEvent, queueEndpointEvent, setWebhookQueueHook } from './webhooks.events.ts';
export { onDomainEvent, emitDomainEvent, type DomainEvent, type DomainEventListener } from './domain-events.ts';
export { WEBHOOK_EVENTS, type WebhookEventType } from '../../../common/webhooks.schemas.ts';
export { listEndpoints, getEndpoint, getEndpointRow, createEndpoint, updateEndpoint, rotateEndpointSecret, deleteEndpoint, listDeliveries, eventOfDelivery, presentDelivery, checkWebhookUrl, vetEndpointUrl } from './webhooks.service.ts';
export { webhookJobs, deliverWebhookEvent, sendPing, redeliver, requeueStaleWebhooks, signWebhookBody, excerpt, WEBHOOK_DELIVER_JOB, WEBHOOK_SWEEP_JOB, WEBHOOK_BACKOFF_MS, WEBHOOK_MAX_ATTEMPTS, type DeliveryDeps } from './webhooks.delivery.ts';
