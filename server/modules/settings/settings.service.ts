/** Organization-wide settings (company, default currency/calendar) and the server's own secret. */
import { randomBytes } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { settings } from './settings.tables.ts';
import { assertCan, type Actor } from '../auth/policy.ts';

export const orgSettingsSchema = z.object({
  companyName: z.string().trim().max(200).default('محور'),
  defaultLocale: z.enum(['fa', 'en']).default('fa'),
  defaultCurrency: z.enum(['IRR', 'IRT']).default('IRT'),
  defaultCalendar: z.enum(['jalali', 'gregorian']).default('jalali'),
  timeZone: z.string().max(60).default('Asia/Tehran'),
});
export type OrgSettings = z.infer<typeof orgSettingsSchema>;
export const orgSettingsUpdate = orgSettingsSchema.partial().strict();

const ORG_KEYS = Object.keys(orgSettingsSchema.shape) as (keyof OrgSettings)[];

export async function getOrgSettings(db: Db): Promise<OrgSettings> {
  const rows = await db.select().from(settings).where(inArray(settings.key, ORG_KEYS.map((k) => `org.${k}`)));
  const raw = Object.fromEntries(rows.map((r) => [r.key.slice(4), r.value]));
  return orgSettingsSchema.parse(raw);
}

export async function updateOrgSettings(db: Db, actor: Actor, input: Partial<OrgSettings>): Promise<OrgSettings> {
  assertCan(actor, 'settings', 'update');
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    await db.insert(settings).values({ key: `org.${k}`, value: v, updatedBy: actor.userId })
      .onConflictDoUpdate({ target: settings.key, set: { value: v, updatedBy: actor.userId, updatedAt: new Date() } });
  }
  return getOrgSettings(db);
}

/** A random secret made on first start and kept in the database, so every instance signs the same way. */
export async function serverSecret(db: Db): Promise<string> {
  await db.insert(settings).values({ key: 'server.secret', value: randomBytes(32).toString('base64url') }).onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, 'server.secret'));
  return row.value as string;
}
