/** The organization settings' full shape (server: settings.service.ts orgSettingsSchema) and the few PUT calls. */
import { ApiError } from '../../api/client';
import type { Calendar, Currency, Locale } from '../../api/types';

export type PdfShow = {
  economicCode: boolean; nationalId: boolean; registrationNumber: boolean; postalCode: boolean; address: boolean; phone: boolean;
  amountInWords: boolean; lineCodes: boolean; signature: boolean;
};

export type FullOrgSettings = {
  companyName: string;
  hasLogo?: boolean;
  defaultLocale: Locale;
  defaultCurrency: Currency;
  defaultCalendar: Calendar;
  timeZone: string;
  companyLegalName: string;
  companyEconomicCode: string;
  companyNationalId: string;
  companyRegistrationNo: string;
  companyPostalCode: string;
  companyAddress: string;
  companyPhone: string;
  companyEmail: string;
  vatRateBp: number;
  quoteValidityDays: number;
  publicLinkDays: number;
  documentTerms: string;
  smsTemplateDocument: string;
  emailSubjectDocument: string;
  emailBodyDocument: string;
  pdfTemplate: { primaryColor: string; accentColor: string; headerText: string; footerText: string; show: PdfShow };
};

export const SMS_DRIVERS = ['kavenegar', 'smsir', 'melipayamak', 'twilio', 'log'] as const;
export type SmsDriverName = (typeof SMS_DRIVERS)[number];
export type SmsFields = { apiKey?: string; sender?: string; baseUrl?: string; username?: string; password?: string; accountSid?: string; authToken?: string };
export type Channels = {
  smtp: { url: string; from: string; source: 'settings' | 'environment' } | null;
  sms: (SmsFields & { driver: SmsDriverName; source: 'settings' | 'environment' }) | null;
  smsWebhookUrl: string;
};

/** The fields each SMS gateway takes (required ones first), as the server's driver factory asks for them. */
export const SMS_DRIVER_FIELDS: Record<SmsDriverName, { field: keyof SmsFields; required: boolean; secret: boolean }[]> = {
  kavenegar: [{ field: 'apiKey', required: true, secret: true }, { field: 'sender', required: false, secret: false }, { field: 'baseUrl', required: false, secret: false }],
  smsir: [{ field: 'apiKey', required: true, secret: true }, { field: 'sender', required: false, secret: false }, { field: 'baseUrl', required: false, secret: false }],
  melipayamak: [{ field: 'username', required: true, secret: false }, { field: 'password', required: true, secret: true }, { field: 'sender', required: false, secret: false }, { field: 'baseUrl', required: false, secret: false }],
  twilio: [{ field: 'accountSid', required: true, secret: false }, { field: 'authToken', required: true, secret: true }, { field: 'sender', required: true, secret: false }, { field: 'baseUrl', required: false, secret: false }],
  log: [],
};

/** PUT is not in the shared client; same contract: JSON, the session's CSRF token, the API's error shape. */
export async function putJson<T>(path: string, body: unknown, csrfToken: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: 'PUT',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
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
