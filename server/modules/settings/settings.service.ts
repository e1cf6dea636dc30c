/** Organization-wide settings (company, default currency/calendar) and the server's own secret. */
import { randomBytes } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { orgSettingsSchema, orgSettingsUpdate, type OrgSettings } from '../../../common/settings.schemas.ts';
import type { Db } from '../../db/client.ts';
import { settings } from './settings.tables.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { AppError } from '../../errors.ts';

export { orgSettingsSchema, orgSettingsUpdate, type OrgSettings };

const ORG_KEYS = Object.keys(orgSettingsSchema.shape) as (keyof OrgSettings)[];

export async function getOrgSettings(db: Db): Promise<OrgSettings> {
  const rows = await db.select().from(settings).where(inArray(settings.key, ORG_KEYS.map((k) => `org.${k}`)));
  const raw = Object.fromEntries(rows.map((r) => [r.key.slice(4), r.value]));
  return orgSettingsSchema.parse(raw);
}

export async function updateOrgSettings(db: Db, actor: Actor, input: Partial<OrgSettings>): Promise<OrgSettings> {
  assertCan(actor, 'settings', 'update');
  for (const [k, v] of Object.entries(input)) {
    if (v !== undefined) await writeSetting(db, actor.userId, `org.${k}`, v);
  }
  return getOrgSettings(db);
}

/** One stored setting by key (other modules keep their own keys here: channels, the logo). */
export async function readSetting<T>(db: Db, key: string): Promise<T | undefined> {
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row?.value as T | undefined;
}

export async function writeSetting(db: Db, userId: string | null, key: string, value: unknown): Promise<void> {
  await db.insert(settings).values({ key, value, updatedBy: userId })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedBy: userId, updatedAt: new Date() } });
}

export async function deleteSetting(db: Db, key: string): Promise<void> {
  await db.delete(settings).where(eq(settings.key, key));
}

export type Logo = { mime: 'image/png' | 'image/jpeg'; base64: string };
const LOGO_KEY = 'org.pdfLogo';
export const getLogo = (db: Db) => readSetting<Logo>(db, LOGO_KEY);
export const deleteLogo = (db: Db, actor: Actor) => { assertCan(actor, 'settings', 'update'); return deleteSetting(db, LOGO_KEY); };

/** The company logo on documents: a PNG or JPEG data URL, checked by its magic bytes, at most 500 KB. */
export async function setLogo(db: Db, actor: Actor, dataUrl: string): Promise<number> {
  assertCan(actor, 'settings', 'update');
  const m = /^data:(image\/(?:png|jpeg));base64,(.*)$/.exec(dataUrl);
  if (!m) throw new AppError('VALIDATION_FAILED', 'Not a PNG or JPEG data URL', { dataUrl: 'a PNG or JPEG data URL' });
  const [, mime, base64] = m;
  const bytes = Buffer.from(base64, 'base64');
  const isPng = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  if ((mime === 'image/png' && !isPng) || (mime === 'image/jpeg' && !isJpeg)) throw new AppError('VALIDATION_FAILED', 'The file is not the image it says it is', { dataUrl: 'not a PNG or JPEG' });
  if (bytes.length > 500_000) throw new AppError('VALIDATION_FAILED', 'The logo is larger than 500 KB', { dataUrl: 'at most 500 KB' });
  await writeSetting(db, actor.userId, LOGO_KEY, { mime: mime as Logo['mime'], base64 } satisfies Logo);
  return bytes.length;
}

/** A random secret made on first start and kept in the database, so every instance signs the same way. */
export async function serverSecret(db: Db): Promise<string> {
  await db.insert(settings).values({ key: 'server.secret', value: randomBytes(32).toString('base64url') }).onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, 'server.secret'));
  return row.value as string;
}
