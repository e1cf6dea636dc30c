/**
 * Domain events inside the write transaction: modules that must act on a change (automations) register a listener at
 * boot; recordWebhookEvent (and emitDomainEvent for events that are not webhooks, such as quote.sent) calls each one
 * with the same transaction, so what a listener writes commits or rolls back with the change itself. The webhooks
 * module names no listener: the registry keeps the imports pointing one way (listeners → webhooks).
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { AutomationEvent } from '../../../common/automations.schemas.ts';

export type DomainEvent = { id: string; type: AutomationEvent; payload: unknown; at: Date };
export type DomainEventListener = (tx: Db, event: DomainEvent) => Promise<void>;

const listeners = new Map<string, DomainEventListener>();

/** Registers (or replaces, by name: boot may run more than once in a process) a listener. */
export function onDomainEvent(name: string, fn: DomainEventListener): void { listeners.set(name, fn); }

/** Calls every listener in `tx`. `payload` is already plain JSON (dates as ISO text). */
export async function emitDomainEvent(tx: Db, type: AutomationEvent, payload: unknown, opts: { at?: Date; id?: string } = {}): Promise<void> {
  if (!listeners.size) return;
  const event: DomainEvent = { id: opts.id ?? randomUUID(), type, payload, at: opts.at ?? new Date() };
  for (const fn of listeners.values()) await fn(tx, event);
}
