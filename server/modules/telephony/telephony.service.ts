/** Use cases around the calls: the signed webhook, click-to-call, "my phone". */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { loadVisibleCustomer } from '../customers/index.ts';
import { SECRET_MASK, webhookCallEvent, type TelephonyMe, type WebhookCallEvent } from '../../../common/telephony.schemas.ts';
import type { CallEvent } from '../../drivers/telephony/types.ts';
import { acceptedWebhookSecrets, callerNumber, dialString, extensionOfUser, readTelephonyConfig } from './telephony.settings.ts';
import { testAmiConnection } from '../../drivers/telephony/ami-client.ts';
import { createOutboundCall, failOutboundCall, matchNumber, presentCall, type CallRow } from './calls.service.ts';
import type { AmiManager } from './ami.manager.ts';
import type { OutboundGuard } from '../../net/outbound-guard.ts';

/** How far a webhook's timestamp may be from our clock (replayed or badly delayed deliveries are refused). */
export const WEBHOOK_TOLERANCE_SEC = 300;
/** Webhook deliveries per minute per sending address (tests and the benchmark change it). */
export const webhookLimits = { perMinute: 1200 };

export const signWebhook = (secret: string, timestamp: string, body: string | Buffer) =>
  'sha256=' + createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');

/**
 * Checks the signature and freshness of a webhook delivery and parses it. Refusals are 401 with a reason a PBX
 * integrator can act on; nothing is parsed before the signature holds.
 */
export async function verifyWebhook(db: Db, now: Date, headers: Record<string, string | string[] | undefined>, raw: Buffer): Promise<WebhookCallEvent> {
  const ts = String(headers['x-mehvar-timestamp'] ?? '');
  const sig = String(headers['x-mehvar-signature'] ?? '');
  if (!/^\d{9,11}$/.test(ts)) throw new AppError('UNAUTHENTICATED', 'Missing or malformed X-Mehvar-Timestamp (Unix seconds)', { header: 'x-mehvar-timestamp' });
  if (!/^sha256=[0-9a-f]{64}$/i.test(sig)) throw new AppError('UNAUTHENTICATED', 'Missing or malformed X-Mehvar-Signature (sha256=<hex>)', { header: 'x-mehvar-signature' });
  const skew = Math.abs(now.getTime() / 1000 - Number(ts));
  if (skew > WEBHOOK_TOLERANCE_SEC) throw new AppError('UNAUTHENTICATED', `Stale timestamp: ${Math.round(skew)} s from the server's clock (allowed ${WEBHOOK_TOLERANCE_SEC} s)`, { header: 'x-mehvar-timestamp' });
  const secrets = await acceptedWebhookSecrets(db, now);
  if (secrets.length === 0) throw new AppError('UNAUTHENTICATED', 'The telephony webhook has no secret yet: create one in Settings → Telephony');
  const given = Buffer.from(sig.toLowerCase());
  const ok = secrets.some((s) => {
    const expected = Buffer.from(signWebhook(s, ts, raw));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!ok) throw new AppError('UNAUTHENTICATED', 'Bad signature', { header: 'x-mehvar-signature' });
  let body: unknown;
  try { body = JSON.parse(raw.toString('utf8')); } catch { throw new AppError('BAD_REQUEST', 'The body is not JSON'); }
  const parsed = webhookCallEvent.safeParse(body);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', 'The call event is not valid', Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || 'body', i.message])));
  }
  return parsed.data;
}

export function webhookToCallEvent(e: WebhookCallEvent, now: Date): CallEvent {
  return {
    source: 'webhook', callId: e.callId, type: e.event, direction: e.direction, number: e.number, extensions: e.extensions,
    at: e.at ? new Date(e.at) : now, outcome: e.outcome, durationSec: e.durationSec, recording: e.recording ?? null,
  };
}

export async function telephonyMe(db: Db, actor: Actor, ami: AmiManager): Promise<TelephonyMe> {
  const c = await readTelephonyConfig(db);
  const extension = extensionOfUser(c, actor.userId);
  return { extension, clickToCall: Boolean(extension && c.ami.enabled && ami.connected()) };
}

/** Click-to-call: the PBX rings the agent's phone, then the customer's; logged as an outgoing call. */
export async function startOutboundCall(db: Db, tx: <T>(fn: (tx: Db) => Promise<T>) => Promise<T>, actor: Actor, clock: Clock, ami: AmiManager, input: { number: string; customerId?: string }) {
  assertCan(actor, 'interactions', 'create');
  const c = await readTelephonyConfig(db);
  const extension = extensionOfUser(c, actor.userId);
  if (!c.ami.enabled) throw new AppError('UNPROCESSABLE', 'Click-to-call needs the PBX connection (Settings → Telephony)', { ami: 'off' });
  if (!extension) throw new AppError('UNPROCESSABLE', 'You have no phone extension; an admin can map one in Settings → Telephony', { extension: 'none' });
  if (!ami.connected()) throw new AppError('UNPROCESSABLE', 'The PBX is not connected right now', { ami: ami.status().status });
  const num = callerNumber(c, input.number);
  if (!num.valid) throw new AppError('VALIDATION_FAILED', 'Not a phone number that can be dialled', { number: /\p{L}/u.test(input.number) ? 'phone number contains letters' : 'not a valid phone number' });
  const row = await tx(async (t) => {
    let customerId: string | null = null;
    let matchCount = 0;
    if (input.customerId) {
      const cu = await loadVisibleCustomer(t, actor, input.customerId);
      customerId = cu.id;
      matchCount = 1;
    } else {
      ({ customerId, matchCount } = await matchNumber(t, num.number));
    }
    return createOutboundCall(t, actor, clock, { number: num.number, extension, customerId, matchCount });
  });
  try {
    await ami.originate({ extension, dial: dialString(num.number), callId: row.id });
  } catch (err) {
    await tx((t) => failOutboundCall(t, clock, row.id));
    throw new AppError('UNPROCESSABLE', `The PBX did not place the call: ${(err as Error).message}`, { pbx: (err as Error).message });
  }
  return presentCall(db, actor, row as CallRow, c, true);
}

/**
 * The settings screen's "test connection": one login to the PBX with these details, through the outbound guard (a
 * refused host is answered "refused: private address" before any connection, whatever the port). The stored secret
 * stands in for the mask only for the PBX it was saved for: another host or port must be given its secret.
 */
export async function testPbxLogin(db: Db, actor: Actor, guard: OutboundGuard, input: { host: string; port: number; username: string; secret?: string }) {
  assertCan(actor, 'settings', 'update');
  let secret = input.secret;
  if (secret === undefined || secret === SECRET_MASK) {
    const { ami } = await readTelephonyConfig(db);
    if (!sameHost(ami.host, input.host) || ami.port !== input.port) {
      throw new AppError('VALIDATION_FAILED', 'Type the secret to test a PBX other than the saved one', { secret: 'required for a PBX other than the saved one' });
    }
    secret = ami.secret;
  }
  const res = await testAmiConnection({ host: input.host, port: input.port, username: input.username, secret, guard });
  return res.ok ? { ok: true, message: `Logged in to ${res.version}`, version: res.version } : { ok: false, message: res.message };
}

export const sameHost = (a: string, b: string) => a.trim().toLowerCase().replace(/\.$/, '') === b.trim().toLowerCase().replace(/\.$/, '');
