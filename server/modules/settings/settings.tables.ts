import { pgTable, text, timestamp, uuid, customType } from 'drizzle-orm/pg-core';

/**
 * jsonb whose value is used as the driver returns it. Drizzle's own jsonb parses a string value a second time, so the
 * text "411122223333" (an economic code) came back as a number and "true" as a boolean; settings hold such strings.
 */
const jsonValue = customType<{ data: unknown; driverData: unknown }>({
  dataType: () => 'jsonb',
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => value,
});

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonValue('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
});
