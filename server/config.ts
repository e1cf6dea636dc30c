/** Environment → typed config. The only reader of process.env. */
import { z } from 'zod';
import path from 'node:path';
import { isIP } from 'node:net';

/** One proxy address or range (CIDR): `10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`. */
function isAddressOrRange(entry: string): boolean {
  const [addr, bits, ...rest] = entry.split('/');
  const family = isIP(addr);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
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
    .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
    .refine((list) => list.every(isAddressOrRange), 'a comma-separated list of IP addresses or CIDR ranges'),
  MEHVAR_SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  MEHVAR_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  MEHVAR_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MEHVAR_JOBS: z.enum(['on', 'off']).default('on'),
  /** How long after the server listens the job queue starts (it would otherwise compete with the first page). */
  MEHVAR_JOBS_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().default('Mehvar <no-reply@localhost>'),
  SMS_DRIVER: z.enum(['kavenegar', 'smsir', 'melipayamak', 'twilio', 'log']).optional(),
  SMS_API_KEY: z.string().optional(),
  SMS_SENDER: z.string().optional(),
  SMS_BASE_URL: z.string().url().optional(),
  SMS_USERNAME: z.string().optional(),
  SMS_PASSWORD: z.string().optional(),
  SMS_ACCOUNT_SID: z.string().optional(),
  SMS_AUTH_TOKEN: z.string().optional(),
  /**
   * Fault injection for tests, never set in production: crash-after-outbox-commit; slow-health (GET /api/health?slow=<ms>
   * takes that long, for the shutdown test's in-flight requests).
   */
  MEHVAR_FAILPOINT: z.enum(['crash-after-outbox-commit', 'slow-health']).optional(),
  NODE_ENV: z.string().default('development'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  admin: { email: string; password: string } | undefined;
  publicUrl: string;
  /** Proxies whose X-Forwarded-* headers are believed (empty: none). */
  trustedProxies: string[];
  secureCookies: boolean;
  sessionDays: number;
  logLevel: string;
  jobs: boolean;
  jobsDelayMs: number;
  smtp: { url: string; from: string } | undefined;
  /** The SMS gateway from the environment; an admin can set or override it in the settings. */
  sms: { driver: string; apiKey?: string; sender?: string; baseUrl?: string; username?: string; password?: string; accountSid?: string; authToken?: string } | undefined;
  production: boolean;
  failpoint: 'crash-after-outbox-commit' | 'slow-health' | undefined;
};

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const e = parsed.data;
  const publicUrl = e.MEHVAR_PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: path.resolve(e.MEHVAR_DATA_DIR),
    admin: e.MEHVAR_ADMIN_EMAIL && e.MEHVAR_ADMIN_PASSWORD ? { email: e.MEHVAR_ADMIN_EMAIL, password: e.MEHVAR_ADMIN_PASSWORD } : undefined,
    publicUrl,
    trustedProxies: e.MEHVAR_TRUSTED_PROXIES,
    secureCookies: e.MEHVAR_SECURE_COOKIES ? e.MEHVAR_SECURE_COOKIES === 'true' : publicUrl.startsWith('https:'),
    sessionDays: e.MEHVAR_SESSION_DAYS,
    logLevel: e.MEHVAR_LOG_LEVEL,
    jobs: e.MEHVAR_JOBS === 'on',
    jobsDelayMs: e.MEHVAR_JOBS_DELAY_MS,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM } : undefined,
    sms: e.SMS_DRIVER ? { driver: e.SMS_DRIVER, apiKey: e.SMS_API_KEY, sender: e.SMS_SENDER, baseUrl: e.SMS_BASE_URL, username: e.SMS_USERNAME,
      password: e.SMS_PASSWORD, accountSid: e.SMS_ACCOUNT_SID, authToken: e.SMS_AUTH_TOKEN } : undefined,
    production: e.NODE_ENV === 'production',
    failpoint: e.MEHVAR_FAILPOINT,
  };
}
