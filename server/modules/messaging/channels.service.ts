/**
 * Where email and SMS go out: the SMTP server and the SMS gateway, set by an admin in the settings (kept in the
 * database, secrets never shown again) or, failing that, by the environment (SMTP_URL, SMS_DRIVER …).
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Config } from '../../config.ts';
import { readSetting, writeSetting } from '../settings/index.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { AppError } from '../../errors.ts';
import { smtpDriver, type EmailDriver } from '../../drivers/email/smtp.driver.ts';
import { parseSmtpUrl, SmtpUrlError, SMTP_SCHEME_MESSAGE } from '../../drivers/email/smtp-url.ts';
import { createSmsDriver, type SmsDriver, type SmsConfig } from '../../drivers/sms/index.ts';
import type { OutboundGuard } from '../../net/outbound-guard.ts';

export const SMS_DRIVERS = ['kavenegar', 'smsir', 'melipayamak', 'twilio', 'log'] as const;

export const smtpSettings = z.object({
  url: z.string().trim().max(500).regex(/^smtps?:\/\//i, SMTP_SCHEME_MESSAGE),
  from: z.string().trim().min(3).max(200),
});
export const smsSettings = z.object({
  driver: z.enum(SMS_DRIVERS),
  apiKey: z.string().trim().max(300).optional(),
  sender: z.string().trim().max(40).optional(),
  /** The advertising line: advertising SMS (campaigns, advertising automation steps) go out from it when set. */
  advertisingSender: z.string().trim().max(40).optional(),
  baseUrl: z.url().max(300).optional(),
  username: z.string().trim().max(100).optional(),
  password: z.string().max(200).optional(),
  accountSid: z.string().trim().max(100).optional(),
  authToken: z.string().max(200).optional(),
});
export type SmtpSettings = z.infer<typeof smtpSettings>;
export type SmsSettings = z.infer<typeof smsSettings>;

const SECRET_FIELDS = ['apiKey', 'password', 'authToken'] as const;
/** A password inside an smtp:// URL. */
const maskUrl = (url: string) => url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:•••@');
const mask = (v: string | undefined) => (v ? `•••${v.slice(-3)}` : undefined);

const read = readSetting;
const write = (db: Db, actor: Actor, key: string, value: unknown) => writeSetting(db, actor.userId, key, value);

/** The token in the SMS webhook URL (gateways other than Twilio do not sign their callbacks). */
export const smsWebhookToken = (secret: string) => createHmac('sha256', secret).update('sms-webhook').digest('base64url').slice(0, 32);

export class Channels {
  private emailCache?: { key: string; driver: EmailDriver };
  private smsCache?: { key: string; driver: SmsDriver };

  constructor(private db: Db, private config: Config, private secret: string, private guard: OutboundGuard,
    private overrides: { email?: EmailDriver; sms?: SmsDriver } = {}) {}

  async smtp(): Promise<SmtpSettings | undefined> {
    return (await read<SmtpSettings>(this.db, 'channels.smtp')) ?? this.config.smtp;
  }

  async smsConfig(): Promise<SmsSettings | undefined> {
    return (await read<SmsSettings>(this.db, 'channels.sms')) ?? (this.config.sms as SmsSettings | undefined);
  }

  async email(): Promise<EmailDriver | undefined> {
    if (this.overrides.email) return this.overrides.email;
    const s = await this.smtp();
    if (!s) return undefined;
    const key = JSON.stringify(s);
    if (this.emailCache?.key !== key) this.emailCache = { key, driver: this.makeEmailDriver(s) };
    return this.emailCache.driver;
  }

  /** A stored address that is no longer acceptable (saved before the rules) fails each send with the reason. */
  private makeEmailDriver(s: SmtpSettings): EmailDriver {
    try {
      return smtpDriver(s.url, s.from, this.guard);
    } catch (e) {
      if (!(e instanceof SmtpUrlError)) throw e;
      const err = new AppError('UNPROCESSABLE', `The SMTP address is not allowed: ${e.message}`, { url: e.message });
      return { send: () => Promise.reject(err) };
    }
  }

  async sms(): Promise<SmsDriver | undefined> {
    if (this.overrides.sms) return this.overrides.sms;
    const s = await this.smsConfig();
    if (!s) return undefined;
    const key = JSON.stringify(s);
    if (this.smsCache?.key !== key) {
      const cfg: SmsConfig = { ...s, guard: this.guard, webhookUrl: `${this.config.publicUrl}/api/webhooks/sms/${smsWebhookToken(this.secret)}` };
      this.smsCache = { key, driver: createSmsDriver(cfg) };
    }
    return this.smsCache.driver;
  }

  /** The sender lines beside the driver's own (service) line: the advertising line when one is set. */
  async smsLines(): Promise<{ advertising?: string }> {
    const s = await this.smsConfig();
    return s?.advertisingSender ? { advertising: s.advertisingSender } : {};
  }

  webhookUrl(): string {
    return `${this.config.publicUrl}/api/webhooks/sms/${smsWebhookToken(this.secret)}`;
  }

  /** What the settings screen shows: where mail and SMS go, secrets masked. */
  async present(actor: Actor) {
    assertCan(actor, 'settings', 'update');
    const smtp = await this.smtp();
    const sms = await this.smsConfig();
    const fromDb = { smtp: Boolean(await read(this.db, 'channels.smtp')), sms: Boolean(await read(this.db, 'channels.sms')) };
    return {
      smtp: smtp ? { url: maskUrl(smtp.url), from: smtp.from, source: fromDb.smtp ? 'settings' : 'environment' } : null,
      sms: sms ? { ...Object.fromEntries(Object.entries(sms).map(([k, v]) => [k, (SECRET_FIELDS as readonly string[]).includes(k) ? mask(v as string) : v])), source: fromDb.sms ? 'settings' : 'environment' } : null,
      smsWebhookUrl: this.webhookUrl(),
    };
  }

  async setSmtp(actor: Actor, input: SmtpSettings) {
    assertCan(actor, 'settings', 'update');
    const old = await this.smtp();
    // The masked URL shown on screen comes back unchanged when only "from" was edited: keep the stored password.
    const url = old && input.url === maskUrl(old.url) ? old.url : input.url;
    let host: string;
    try {
      host = parseSmtpUrl(url).host;
    } catch (e) {
      if (!(e instanceof SmtpUrlError)) throw e;
      throw new AppError('VALIDATION_FAILED', `The SMTP address is not valid: ${e.message}`, { url: e.message });
    }
    await this.vet('The SMTP server', 'url', host);
    await write(this.db, actor, 'channels.smtp', { url, from: input.from });
  }

  async setSms(actor: Actor, input: SmsSettings) {
    assertCan(actor, 'settings', 'update');
    const old = await this.smsConfig();
    const next: Record<string, unknown> = { ...input };
    // A masked secret stands for the stored one only for the same gateway at the same address: pointing the driver
    // elsewhere needs the secret typed again, or the stored key would be sent to a host of the admin's choosing.
    const sameTarget = old?.driver === input.driver && (old.baseUrl ?? '') === (input.baseUrl ?? '');
    for (const f of SECRET_FIELDS) {
      const v = input[f];
      if (v === undefined || v.startsWith('•••')) next[f] = sameTarget ? old[f] : undefined;
    }
    if (input.baseUrl) {
      const u = new URL(input.baseUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new AppError('VALIDATION_FAILED', 'The gateway address must be http:// or https://', { baseUrl: 'must be an http:// or https:// address' });
      if (u.username || u.password) throw new AppError('VALIDATION_FAILED', 'The gateway address must not hold a user or password', { baseUrl: 'no user or password in the address' });
      await this.vet('The SMS gateway', 'baseUrl', u.hostname);
    }
    // Refuse a configuration the driver cannot run with (missing key, unknown driver) before storing it.
    try { createSmsDriver({ ...(next as unknown as SmsConfig), guard: this.guard }); } catch (e) {
      throw new AppError('VALIDATION_FAILED', (e as Error).message, { driver: (e as Error).message });
    }
    await write(this.db, actor, 'channels.sms', next);
  }

  /** A host the server would refuse to connect to is refused when saved: 400 naming the field. */
  private async vet(what: string, field: string, host: string) {
    const r = await this.guard.check(host);
    if (!r.ok) throw new AppError('VALIDATION_FAILED', `${what} address is ${r.message}`, { [field]: r.message });
  }
}
