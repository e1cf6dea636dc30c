import { pgTable, uuid, text, timestamp, jsonb, bigint, index } from 'drizzle-orm/pg-core';

/** One row per changed field (or one per create/delete), written in the same transaction as the change. */
export const auditLog = pgTable('audit_log', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actorId: uuid('actor_id'),
  entityType: text('entity_type').$type<'customer' | 'interaction' | 'task' | 'deal' | 'product' | 'ticket' | 'contract' | 'contact_policy' | 'suppression' | 'health_weights'>().notNull(),
  entityId: uuid('entity_id').notNull(),
  customerId: uuid('customer_id'),
  action: text('action').$type<'create' | 'update' | 'delete' | 'merge' | 'unmerge' | 'export' | 'erase' | 'consent'>().notNull(),
  field: text('field'),
  oldValue: jsonb('old_value'),
  newValue: jsonb('new_value'),
}, (t) => [
  index('audit_customer_idx').on(t.customerId, t.at.desc(), t.id.desc()),
  index('audit_entity_idx').on(t.entityType, t.entityId, t.at.desc()),
]);
