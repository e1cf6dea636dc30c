/**
 * Telephony settings: the PBX connection, the extension ↔ user map, ring groups, internal numbers, and the webhook
 * secret (rotated on demand; the previous one keeps working for an hour so a cloud PBX can be switched over).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { readSetting, writeSetting } from '../settings/index.ts';
import { AppError } from '../../errors.ts';
import { amiSettings, extensionMapping, ringGroup, SECRET_MASK, type TelephonySettingsUpdate, type TelephonySettingsView } from '../../../common/telephony.schemas.ts';
import { phoneDigits, normalizePhone } from '../../../common/phone.ts';
import type { OutboundGuard } from '../../net/outbound-guard.ts';

const CONFIG_KEY = 'telephony.config';
const WEBHOOK_KEY = 'telephony.webhook';
/** How long the secret before a rotation is still accepted. */
export const PREVIOUS_SECRET_GRACE_MS = 60 * 60_000;
/** Other instances reload their PBX connection when this channel says so. */
export const RELOAD_CHANNEL = 'mehvar_telephony';

const configSchema = z.object({
  ami: amiSettings.extend({ secret: z.string().max(200).default('') }).prefault({}),
  extensions: z.array(extensionMapping).default([]),
  ringGroups: z.array(ringGroup).default([]),
  internalNumbers: z.array(z.string()).default([]),
  trunkPrefixes: z.array(z.string()).default([]),
  recordingUrlTemplate: z.string().default(''),
  missedCallTasks: z.boolean().default(true),
});
export type TelephonyConfig = z.infer<typeof configSchema>;
type WebhookSecrets = { secret: string | null; previous: string | null; previousUntil: string | null; rotatedAt: string | null };

export async function readTelephonyConfig(db: Db): Promise<TelephonyConfig> {
  const raw = await readSetting<unknown>(db, CONFIG_KEY);
  const parsed = configSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : configSchema.parse({});
}

export async function readWebhookSecrets(db: Db): Promise<WebhookSecrets> {
  return (await readSetting<WebhookSecrets>(db, WEBHOOK_KEY)) ?? { secret: null, previous: null, previousUntil: null, rotatedAt: null };
}

export type AmiStatus = { status: 'off' | 'connecting' | 'connected' | 'disconnected'; lastError: string | null };

export async function telephonySettingsView(db: Db, actor: Actor, publicUrl: string, ami: AmiStatus): Promise<TelephonySettingsView> {
  assertCan(actor, 'settings', 'update');
  const c = await readTelephonyConfig(db);
  const w = await readWebhookSecrets(db);
  const { secret, ...amiRest } = c.ami;
  return {
    ami: { ...amiRest, secretSet: secret !== '', status: c.ami.enabled ? ami.status : 'off', lastError: c.ami.enabled ? ami.lastError : null },
    webhook: { url: `${publicUrl}/api/telephony/events`, secretSet: Boolean(w.secret), rotatedAt: w.rotatedAt },
    extensions: c.extensions, ringGroups: c.ringGroups, internalNumbers: c.internalNumbers, trunkPrefixes: c.trunkPrefixes,
    recordingUrlTemplate: c.recordingUrlTemplate, missedCallTasks: c.missedCallTasks,
  };
}

export async function updateTelephonySettings(tx: Db, actor: Actor, input: TelephonySettingsUpdate): Promise<TelephonyConfig> {
  assertCan(actor, 'settings', 'update');
  const old = await readTelephonyConfig(tx);
  const ami = { ...old.ami, ...Object.fromEntries(Object.entries(input.ami ?? {}).filter(([, v]) => v !== undefined)) };
  const keepSecret = input.ami?.secret === undefined || input.ami.secret === SECRET_MASK;
  if (keepSecret) ami.secret = old.ami.secret;
  const next: TelephonyConfig = {
    ami,
    extensions: input.extensions ?? old.extensions,
    ringGroups: input.ringGroups ?? old.ringGroups,
    internalNumbers: input.internalNumbers ?? old.internalNumbers,
    trunkPrefixes: input.trunkPrefixes ?? old.trunkPrefixes,
    recordingUrlTemplate: input.recordingUrlTemplate ?? old.recordingUrlTemplate,
    missedCallTasks: input.missedCallTasks ?? old.missedCallTasks,
  };
  const errors: Record<string, string> = {};
  // The stored secret goes only to the PBX it was saved for: moving the connection needs the secret typed again.
  const moved = ami.host.trim().toLowerCase() !== old.ami.host.trim().toLowerCase() || ami.port !== old.ami.port;
  if (keepSecret && moved && old.ami.secret) errors['ami.secret'] = 'type the secret again for another PBX';
  if (next.ami.enabled && (!next.ami.host || !next.ami.username || !next.ami.secret)) errors.ami = 'host, username and secret are needed to connect';
  const seen = new Map<string, number>();
  next.extensions.forEach((e, i) => {
    if (seen.has(e.extension)) errors[`extensions.${i}.extension`] = `extension ${e.extension} is listed twice`;
    seen.set(e.extension, i);
  });
  next.ringGroups.forEach((g, i) => {
    if (seen.has(g.number)) errors[`ringGroups.${i}.number`] = `${g.number} is already an extension or another ring group`;
    seen.set(g.number, i);
  });
  next.internalNumbers.forEach((n, i) => {
    if (/\p{L}/u.test(n) || phoneDigits(n).replace('+', '').length < 2) errors[`internalNumbers.${i}`] = 'a phone number or extension (digits)';
  });
  if (next.recordingUrlTemplate && !/^https?:\/\/\S*\{file\}/.test(next.recordingUrlTemplate)) errors.recordingUrlTemplate = 'an http(s) address containing {file}';
  const userIds = [...new Set([...next.extensions.map((e) => e.userId), ...next.ringGroups.flatMap((g) => g.userIds)])];
  if (userIds.length) {
    const found = await tx.execute(sql`SELECT id FROM users WHERE active AND id = ANY(${sql`ARRAY[${sql.join(userIds.map((u) => sql`${u}::uuid`), sql`, `)}]`})`);
    const ok = new Set(found.rows.map((r) => String((r as { id: string }).id)));
    next.extensions.forEach((e, i) => { if (!ok.has(e.userId)) errors[`extensions.${i}.userId`] = 'no such active user'; });
    next.ringGroups.forEach((g, i) => { if (g.userIds.some((u) => !ok.has(u))) errors[`ringGroups.${i}.userIds`] = 'no such active user'; });
  }
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'The telephony settings are not valid', errors);
  await writeSetting(tx, actor.userId, CONFIG_KEY, next);
  await tx.execute(sql`SELECT pg_notify(${RELOAD_CHANNEL}, 'reload')`);
  return next;
}

/**
 * The PBX host of a settings change, checked by the outbound guard before the change is written (outside the
 * transaction: a resolution may take a moment). A private host is refused unless allow-listed.
 */
export async function checkTelephonyTargets(guard: OutboundGuard, input: TelephonySettingsUpdate): Promise<void> {
  const host = input.ami?.host?.trim();
  if (!host) return;
  const r = await guard.check(host);
  if (!r.ok) throw new AppError('VALIDATION_FAILED', `The PBX address is ${r.message}`, { 'ami.host': r.message });
}

/** A new webhook secret, shown once. The one it replaces is accepted for another hour. */
export async function rotateWebhookSecret(tx: Db, actor: Actor, now: Date): Promise<{ secret: string; rotatedAt: string }> {
  assertCan(actor, 'settings', 'update');
  const old = await readWebhookSecrets(tx);
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const next: WebhookSecrets = {
    secret, previous: old.secret, previousUntil: old.secret ? new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS).toISOString() : null,
    rotatedAt: now.toISOString(),
  };
  await writeSetting(tx, actor.userId, WEBHOOK_KEY, next);
  return { secret, rotatedAt: next.rotatedAt! };
}

/** The secrets a webhook signature may be made with right now. */
export async function acceptedWebhookSecrets(db: Db, now: Date): Promise<string[]> {
  const w = await readWebhookSecrets(db);
  const out: string[] = [];
  if (w.secret) out.push(w.secret);
  if (w.previous && w.previousUntil && new Date(w.previousUntil).getTime() > now.getTime()) out.push(w.previous);
  return out;
}

/** Users an extension rings: a ring group's members, else the user mapped to it. */
export function usersOfExtensions(c: TelephonyConfig, extensions: string[]): string[] {
  const out = new Set<string>();
  for (const ext of extensions) {
    const group = c.ringGroups.find((g) => g.number === ext);
    if (group) group.userIds.forEach((u) => out.add(u));
    const m = c.extensions.find((e) => e.extension === ext);
    if (m) out.add(m.userId);
  }
  return [...out];
}

export function extensionOfUser(c: TelephonyConfig, userId: string): string | null {
  return c.extensions.find((e) => e.userId === userId)?.extension ?? null;
}

/** An extension, ring group or one of the company's own numbers: calls from or to these are not customer calls. */
export function isInternalNumber(c: TelephonyConfig, raw: string): boolean {
  // "Anonymous", "unknown", junk: an outside caller whose number we do not know, never one of ours.
  if (/\p{L}/u.test(raw)) return false;
  const d = phoneDigits(raw).replace('+', '');
  if (!d) return false;
  if (c.extensions.some((e) => e.extension === d) || c.ringGroups.some((g) => g.number === d)) return true;
  const e164 = normalizePhone(raw);
  for (const n of c.internalNumbers) {
    const nd = phoneDigits(n).replace('+', '');
    if (nd === d) return true;
    const ne = normalizePhone(n);
    if (e164.ok && ne.ok && ne.e164 === e164.e164) return true;
  }
  // Extensions not mapped to anyone are still extensions: no public number is this short.
  return d.length <= 5;
}

/** The customer's number as stored in the phone index (E.164), trying the number without a trunk prefix too. */
export function callerNumber(c: TelephonyConfig, raw: string): { number: string; valid: boolean } {
  const trimmed = raw.trim();
  const direct = normalizePhone(trimmed);
  if (direct.ok) return { number: direct.e164, valid: true };
  const d = phoneDigits(trimmed);
  if (!/\p{L}/u.test(trimmed.replace(/^tel:/i, ''))) {
    for (const p of c.trunkPrefixes) {
      if (d.startsWith(p)) {
        const r = normalizePhone(d.slice(p.length));
        if (r.ok) return { number: r.e164, valid: true };
      }
    }
    // A national number without its trunk 0 (9121234567), as some trunks send it.
    if (/^9\d{9}$/.test(d)) {
      const r = normalizePhone('0' + d);
      if (r.ok) return { number: r.e164, valid: true };
    }
  }
  // Letters ("anonymous", "Unknown") or garbage: kept as sent, cut to something displayable, never matched.
  const shown = trimmed.replace(/[^\p{L}\p{N}+\- ]/gu, '').slice(0, 40) || 'unknown';
  return { number: shown, valid: false };
}

/** How the PBX should dial a number for click-to-call: national form for Iranian numbers (0912…), else 00 + digits. */
export function dialString(e164: string): string {
  if (e164.startsWith('+98')) return '0' + e164.slice(3);
  return '00' + e164.slice(1);
}

export function recordingLink(c: TelephonyConfig, recording: string | null): { url: string | null; name: string | null } {
  if (!recording) return { url: null, name: null };
  if (/^https?:\/\//i.test(recording)) return { url: recording, name: recording.split('/').pop() ?? recording };
  if (c.recordingUrlTemplate) return { url: c.recordingUrlTemplate.replace('{file}', encodeURIComponent(recording).replace(/%2F/g, '/')), name: recording };
  return { url: null, name: recording };
}
