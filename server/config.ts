/** Environment → typed config. The only reader of process.env. */
import { z } from 'zod';
import path from 'node:path';
import { parseSmtpUrl, SmtpUrlError } from './drivers/email/smtp-url.ts';
import { normalizeAllowList, compileAllowList, allowsIp, allowsName } from './net/allow-list.ts';
import { classifyIp, parseHost } from './net/ip-address.ts';
import { isAddressOrRange, splitTrustedProxies } from './net/trusted-proxies.ts';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
  /** PostgreSQL only: connections per app instance, and whether repeated statements are prepared (off behind a PgBouncer older than 1.21). */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).default(10),
  DATABASE_PREPARE: z.enum(['on', 'off']).default('on'),
  DATABASE_JIT: z.enum(['on', 'off']).default('off'),
  MEHVAR_DATA_DIR: z.string().default('./data'),
  MEHVAR_ADMIN_EMAIL: z.string().email().optional(),
  /** Checked against the password policy when the admin is created (not here: a set-up server ignores it). */
  MEHVAR_ADMIN_PASSWORD: z.string().optional(),
  MEHVAR_PUBLIC_URL: z.string().url().optional(),
  /**
   * Addresses or ranges of the reverse proxies allowed to say who the client is (X-Forwarded-For/-Proto/-Host).
   * Default none: the client address is the socket's, so a client cannot pick its own address for the rate limits.
   */
  MEHVAR_TRUSTED_PROXIES: z.string().default('')
    .transform(splitTrustedProxies)
    .refine((list) => list.every(isAddressOrRange), 'a comma-separated list of IP addresses or CIDR ranges'),
  MEHVAR_SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  MEHVAR_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /**
   * How long an app instance keeps what a session cookie stands for in memory (0: looked up on every request). Every
   * change to a session, its user or their role drops it at once (server/modules/auth/session-cache.ts).
   */
  MEHVAR_SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  MEHVAR_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MEHVAR_JOBS: z.enum(['on', 'off']).default('on'),
  /**
   * The embedded database in a worker thread of its own (server/db/pglite-remote.ts): PostgreSQL's work runs beside the
   * requests' JavaScript instead of between it. `off`: on the main thread.
   */
  MEHVAR_PGLITE_WORKER: z.enum(['on', 'off']).default('on'),
  /** How long after the server listens the job queue starts (it would otherwise compete with the first page). */
  MEHVAR_JOBS_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  SMTP_URL: z.string().optional(),
  /** Campaign messages a minute each gateway takes (throttling). */
  MEHVAR_CAMPAIGN_SMS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(300),
  MEHVAR_CAMPAIGN_EMAIL_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  SMTP_FROM: z.string().default('Mehvar <no-reply@localhost>'),
  SMS_DRIVER: z.enum(['kavenegar', 'smsir', 'melipayamak', 'twilio', 'log']).optional(),
  SMS_API_KEY: z.string().optional(),
  SMS_SENDER: z.string().optional(),
  SMS_BASE_URL: z.string().url().optional(),
  SMS_USERNAME: z.string().optional(),
  SMS_PASSWORD: z.string().optional(),
  SMS_ACCOUNT_SID: z.string().optional(),
  SMS_AUTH_TOKEN: z.string().optional(),
  /** Private hosts the server may connect to (a LAN PBX, a local mail relay): names, addresses, CIDR ranges. */
  MEHVAR_OUTBOUND_ALLOW: z.string().optional(),
  /**
   * Scheduled backups: a folder (default: `backups` in the data folder for the embedded database; off for PostgreSQL,
   * whose operators usually back up on their own — set it to take them here with pg_dump), or `off`.
   */
  MEHVAR_BACKUP_DIR: z.string().optional(),
  /** How many scheduled backups to keep (older ones are deleted). */
  MEHVAR_BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
  /** When (cron, UTC): default 23:30 UTC, 03:00 in Tehran. */
  MEHVAR_BACKUP_CRON: z.string().regex(/^(\S+\s+){4}\S+$/, 'five cron fields').default('30 23 * * *'),
  /**
   * Fault injection for tests, never set in production: crash-after-outbox-commit; slow-health (GET /api/health?slow=<ms>
   * takes that long, for the shutdown test's in-flight requests); crash-in-import (SIGKILL once an import job has
   * committed its second chunk, for the import crash test).
   */
  MEHVAR_FAILPOINT: z.enum(['crash-after-outbox-commit', 'slow-health', 'crash-in-import']).optional(),
  NODE_ENV: z.string().default('development'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databasePool: { max: number; prepare: boolean; jit: boolean };
  /** The embedded database in a worker thread (MEHVAR_PGLITE_WORKER). */
  pgliteWorker: boolean;
  dataDir: string;
  admin: { email: string; password: string } | undefined;
  /** MEHVAR_ADMIN_EMAIL as given (to say why it was not used). */
  adminEmail: string | undefined;
  publicUrl: string;
  /** Proxies whose X-Forwarded-* headers are believed (empty: none). */
  trustedProxies: string[];
  secureCookies: boolean;
  sessionDays: number;
  sessionCacheSeconds: number;
  logLevel: string;
  jobs: boolean;
  jobsDelayMs: number;
  smtp: { url: string; from: string } | undefined;
  /** Campaign messages a minute per gateway. */
  campaignRates: { sms: number; email: number };
  /** The SMS gateway from the environment; an admin can set or override it in the settings. */
  sms: { driver: string; apiKey?: string; sender?: string; baseUrl?: string; username?: string; password?: string; accountSid?: string; authToken?: string } | undefined;
  /** The operator's outbound allow-list (normalized); an admin's list in the settings adds to it. */
  outboundAllow: string[];
  production: boolean;
  failpoint: 'crash-after-outbox-commit' | 'slow-health' | 'crash-in-import' | undefined;
  /** Scheduled backups, or undefined when off. */
  backup: { dir: string; keep: number; cron: string } | undefined;
};

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const e = parsed.data;
  const outbound = checkOutbound(e);
  if (outbound.errors.length) throw new Error(`Invalid configuration:\n${outbound.errors.map((l) => `  ${l}`).join('\n')}`);
  const publicUrl = e.MEHVAR_PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    databasePool: { max: e.DATABASE_POOL_MAX, prepare: e.DATABASE_PREPARE === 'on', jit: e.DATABASE_JIT === 'on' },
    pgliteWorker: e.MEHVAR_PGLITE_WORKER === 'on',
    dataDir: path.resolve(e.MEHVAR_DATA_DIR),
    admin: e.MEHVAR_ADMIN_EMAIL && e.MEHVAR_ADMIN_PASSWORD ? { email: e.MEHVAR_ADMIN_EMAIL, password: e.MEHVAR_ADMIN_PASSWORD } : undefined,
    adminEmail: e.MEHVAR_ADMIN_EMAIL,
    publicUrl,
    trustedProxies: e.MEHVAR_TRUSTED_PROXIES,
    secureCookies: e.MEHVAR_SECURE_COOKIES ? e.MEHVAR_SECURE_COOKIES === 'true' : publicUrl.startsWith('https:'),
    sessionDays: e.MEHVAR_SESSION_DAYS,
    sessionCacheSeconds: e.MEHVAR_SESSION_CACHE_SECONDS,
    logLevel: e.MEHVAR_LOG_LEVEL,
    jobs: e.MEHVAR_JOBS === 'on',
    jobsDelayMs: e.MEHVAR_JOBS_DELAY_MS,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM } : undefined,
    campaignRates: { sms: e.MEHVAR_CAMPAIGN_SMS_PER_MINUTE, email: e.MEHVAR_CAMPAIGN_EMAIL_PER_MINUTE },
    sms: e.SMS_DRIVER ? { driver: e.SMS_DRIVER, apiKey: e.SMS_API_KEY, sender: e.SMS_SENDER, baseUrl: e.SMS_BASE_URL, username: e.SMS_USERNAME,
      password: e.SMS_PASSWORD, accountSid: e.SMS_ACCOUNT_SID, authToken: e.SMS_AUTH_TOKEN } : undefined,
    outboundAllow: outbound.allow,
    production: e.NODE_ENV === 'production',
    failpoint: e.MEHVAR_FAILPOINT,
    backup: backupOf(e),
  };
}

function backupOf(e: z.infer<typeof schema>): Config['backup'] {
  const dir = e.MEHVAR_BACKUP_DIR?.trim();
  if (dir === 'off' || (!dir && e.DATABASE_URL)) return undefined;
  return { dir: path.resolve(dir || path.join(e.MEHVAR_DATA_DIR, 'backups')), keep: e.MEHVAR_BACKUP_KEEP, cron: e.MEHVAR_BACKUP_CRON };
}

/**
 * The outbound targets the environment names: the allow-list must parse, SMTP_URL may carry connection fields only
 * (see smtp-url.ts), and an SMTP or SMS gateway host written as a loopback/private address (or localhost) must be on
 * the allow-list — found at start rather than at the first email. Names are resolved later, at each connection.
 */
function checkOutbound(e: z.infer<typeof schema>): { allow: string[]; errors: string[] } {
  const errors: string[] = [];
  const raw = (e.MEHVAR_OUTBOUND_ALLOW ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const { entries, errors: bad } = normalizeAllowList(raw);
  for (const [i, message] of Object.entries(bad)) errors.push(`MEHVAR_OUTBOUND_ALLOW: ${JSON.stringify(raw[Number(i)] ?? '')}: ${message}`);
  const list = compileAllowList(entries);
  const needsAllow = (name: string, host: string) => {
    const h = parseHost(host);
    const refused = h.kind === 'ip' ? classifyIp(h.ip) !== null && !allowsIp(list, h.ip)
      : h.kind === 'name' && (h.name === 'localhost' || h.name.endsWith('.localhost')) && !allowsName(list, h.name);
    if (refused) errors.push(`${name}: ${host} is a private address (refused: private address); list it in MEHVAR_OUTBOUND_ALLOW to allow it`);
  };
  if (e.SMTP_URL) {
    try {
      needsAllow('SMTP_URL', parseSmtpUrl(e.SMTP_URL).host);
    } catch (err) {
      if (!(err instanceof SmtpUrlError)) throw err;
      errors.push(`SMTP_URL: ${err.message}`);
    }
  }
  if (e.SMS_BASE_URL) needsAllow('SMS_BASE_URL', new URL(e.SMS_BASE_URL).hostname);
  return { allow: entries, errors };
}
