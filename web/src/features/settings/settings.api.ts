/** The organization settings' and channels' answers (common/settings.schemas.ts, messaging.schemas.ts) and the few PUT calls. */
import { ApiError } from '../../api/client';
import type { Answer } from '../../api/types';
import type { orgSettingsView } from '../../../../common/settings.schemas';
import { SMS_DRIVER_NAMES, type channelsView, type channelTestResult } from '../../../../common/messaging.schemas';

/** GET/PATCH /api/settings: every organization setting and whether a logo is set. */
export type FullOrgSettings = Answer<typeof orgSettingsView>;
export type PdfShow = FullOrgSettings['pdfTemplate']['show'];

export const SMS_DRIVERS = SMS_DRIVER_NAMES;
export type SmsDriverName = (typeof SMS_DRIVERS)[number];
export type SmsFields = { apiKey?: string; sender?: string; advertisingSender?: string; baseUrl?: string; username?: string; password?: string; accountSid?: string; authToken?: string };
/** Where email and SMS go out, secrets masked. */
export type Channels = Answer<typeof channelsView>;
/** A test email or SMS went out: the provider's id for it (and, for SMS, its first status). */
export type ChannelTestResult = Answer<typeof channelTestResult>;

/** The fields each SMS gateway takes (required ones first), as the server's driver factory asks for them. */
export const SMS_DRIVER_FIELDS: Record<SmsDriverName, { field: keyof SmsFields; required: boolean; secret: boolean }[]> = {
  kavenegar: [{ field: 'apiKey', required: true, secret: true }, { field: 'sender', required: false, secret: false }, { field: 'advertisingSender', required: false, secret: false }, { field: 'baseUrl', required: false, secret: false }],
  smsir: [{ field: 'apiKey', required: true, secret: true }, { field: 'sender', required: false, secret: false }, { field: 'advertisingSender', required: false, secret: false }, { field: 'baseUrl', required: false, secret: false }],
  melipayamak: [{ field: 'username', required: true, secret: false }, { field: 'password', required: true, secret: true }, { field: 'sender', required: false, secret: false }, { field: 'advertisingSender', required: false, secret: false }, { field: 'baseUrl', required: false, secret: false }],
  twilio: [{ field: 'accountSid', required: true, secret: false }, { field: 'authToken', required: true, secret: true }, { field: 'sender', required: true, secret: false }, { field: 'advertisingSender', required: false, secret: false }, { field: 'baseUrl', required: false, secret: false }],
  log: [],
};

/** PUT is not in the shared client; same contract: JSON, the session's CSRF token (none for an API key), the API's error shape. */
export async function putJson<T>(path: string, body: unknown, csrfToken: string | null): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: 'PUT',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}) },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', (err as Error).message, undefined);
  }
  const text = await res.text();
  let data: unknown;
  try { data = text ? JSON.parse(text) : undefined; } catch { data = text; }
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)?.error;
    throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText, e?.details ?? undefined);
  }
  return data as T;
}

/** "10" or "۹٫۵" percent → basis points (1000, 950); null when it is not a percent with at most two decimals. */
export function percentToBp(text: string, toLatin: (s: string) => string): number | null {
  const m = /^(\d{1,3})(?:[.\u066B/](\d{1,2}))?$/.exec(toLatin(text.trim()));
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || '0');
  return bp <= 10_000 ? bp : null;
}

export function bpToPercent(bp: number): string {
  const whole = Math.floor(bp / 100);
  const frac = bp % 100;
  return frac ? `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}` : String(whole);
}
