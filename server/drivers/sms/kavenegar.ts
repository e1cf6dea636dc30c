/**
 * Kavenegar (kavenegar.com/rest.html). The API key is part of every URL — `{base}/v1/{apiKey}/sms/send.json` — so it is
 * redacted from every error. Answers are `{"return":{"status":200,"message":"…"},"entries":…}`; an error carries its
 * code in return.status (and the same number as the HTTP status).
 */
import {
  callGateway, httpStatusError, toIranLocalMobile, phoneFromGateway, webhookParams, pick, isoTime,
  SmsError, DEFAULT_TIMEOUT_MS,
  type SmsDriver, type SmsStatus, type SmsErrorKind, type HttpReply, type SmsStatusReport, type SmsInboundResult,
} from './types.ts';
import type { OutboundGuard } from '../../net/outbound-guard.ts';

const PROVIDER = 'kavenegar';
export const KAVENEGAR_BASE_URL = 'https://api.kavenegar.com';

export interface KavenegarOptions {
  apiKey: string;
  /** The sending line; without it Kavenegar uses the account's default line. */
  sender?: string;
  baseUrl?: string;
  timeoutMs?: number;
  /** Every request goes through it (the gateway's address is checked, redirects included). */
  guard: OutboundGuard;
}

/** Message status codes of sms/send, sms/status and the delivery webhook. */
const STATUS: Record<number, SmsStatus> = {
  1: 'queued', // در صف ارسال
  2: 'queued', // زمان‌بندی شده
  4: 'sent', // ارسال شده به مخابرات
  5: 'sent', // ارسال شده به مخابرات
  6: 'failed', // خطا در ارسال
  10: 'delivered', // رسیده به گیرنده
  11: 'undelivered', // نرسیده به گیرنده
  13: 'failed', // لغو شده
  14: 'failed', // بلاک شده (گیرنده دریافت پیامک از این خط را مسدود کرده)
  100: 'unknown', // شناسه پیامک نامعتبر است
};

export function kavenegarStatus(code: number | string): SmsStatus {
  return STATUS[Number(code)] ?? 'unknown';
}

/** Error codes (return.status) → what they mean for a retry. */
const ERRORS: Record<number, { kind: SmsErrorKind; retryable: boolean }> = {
  400: { kind: 'config', retryable: false }, // پارامترها ناقص هستند
  401: { kind: 'auth', retryable: false }, // حساب کاربری غیرفعال شده است
  402: { kind: 'server', retryable: true }, // عملیات ناموفق بود
  403: { kind: 'auth', retryable: false }, // کد شناسائی API-Key معتبر نمی‌باشد
  404: { kind: 'config', retryable: false }, // متد نامشخص است
  405: { kind: 'config', retryable: false }, // متد Get/Post اشتباه است
  406: { kind: 'config', retryable: false }, // پارامترهای اجباری خالی ارسال شده اند
  407: { kind: 'auth', retryable: false }, // دسترسی به اطلاعات مورد نظر برای شما امکان پذیر نیست
  409: { kind: 'server', retryable: true }, // سرور قادر به پاسخگوئی نیست، بعدا تلاش کنید
  411: { kind: 'invalid_number', retryable: false }, // دریافت کننده نامعتبر است
  412: { kind: 'config', retryable: false }, // ارسال کننده نامعتبر است
  413: { kind: 'rejected', retryable: false }, // پیام خالی است و یا طول پیام بیش از حد مجاز می‌باشد
  414: { kind: 'rejected', retryable: false }, // حجم درخواست بیشتر از حد مجاز است
  416: { kind: 'auth', retryable: false }, // IP سرویس مبدا با تنظیمات مطابقت ندارد
  417: { kind: 'config', retryable: false }, // تاریخ ارسال اشتباه است
  418: { kind: 'insufficient_credit', retryable: false }, // اعتبار شما کافی نمی‌باشد
  419: { kind: 'config', retryable: false }, // طول آرایه متن و گیرنده و فرستنده هم اندازه نیست
  420: { kind: 'rejected', retryable: false }, // استفاده از لینک در متن پیام برای شما محدود شده است
  422: { kind: 'rejected', retryable: false }, // داده ها به دلیل وجود کاراکتر نامناسب قابل پردازش نیست
  424: { kind: 'config', retryable: false }, // الگوی مورد نظر پیدا نشد
  426: { kind: 'config', retryable: false }, // استفاده از این متد نیازمند سرویس پیشرفته می‌باشد
  427: { kind: 'config', retryable: false }, // استفاده از این خط نیازمند ایجاد سطح دسترسی می‌باشد
  428: { kind: 'config', retryable: false }, // ارسال کد از طریق تماس تلفنی امکان پذیر نیست
  429: { kind: 'auth', retryable: false }, // IP محدود شده است
  431: { kind: 'config', retryable: false }, // ساختار کد صحیح نمی‌باشد
  432: { kind: 'config', retryable: false }, // پارامتر کد در متن پیام پیدا نشد
  451: { kind: 'rate_limited', retryable: true }, // فراخوانی بیش از حد در بازه زمانی مشخص
  501: { kind: 'config', retryable: false }, // فقط امکان ارسال پیام تست به شماره صاحب حساب کاربری وجود دارد
};

interface KavenegarEntry {
  messageid: number | string;
  status: number | string;
  statustext?: string;
  [k: string]: unknown;
}

const TEMPLATE_TOKENS = ['token', 'token2', 'token3', 'token10', 'token20'] as const;

export function kavenegarDriver(opts: KavenegarOptions): SmsDriver {
  const base = (opts.baseUrl ?? KAVENEGAR_BASE_URL).replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secrets = [opts.apiKey];

  async function call(path: string, params: URLSearchParams, method: 'GET' | 'POST'): Promise<unknown> {
    const url = `${base}/v1/${encodeURIComponent(opts.apiKey)}/${path}`;
    const reply = method === 'GET'
      ? await callGateway(PROVIDER, `${url}?${params}`, { method: 'GET' }, { timeoutMs, secrets, guard: opts.guard })
      : await callGateway(PROVIDER, url, { method: 'POST', body: params }, { timeoutMs, secrets, guard: opts.guard });
    return entriesOf(reply);
  }

  function entriesOf(reply: HttpReply): unknown {
    const ret = (reply.json as { return?: { status?: unknown; message?: unknown } } | undefined)?.return;
    const code = Number(ret?.status);
    if (!ret || !Number.isFinite(code)) {
      if (reply.status >= 200 && reply.status < 300) {
        throw new SmsError(`${PROVIDER}: unreadable answer`, 'bad_response', false, PROVIDER, 'bad_response');
      }
      throw httpStatusError(PROVIDER, reply, secrets);
    }
    if (code === 200) return (reply.json as { entries?: unknown }).entries;
    const known = ERRORS[code] ?? { kind: reply.status >= 500 ? 'server' : 'rejected', retryable: reply.status >= 500 };
    const text = typeof ret.message === 'string' ? ret.message : '';
    throw new SmsError(`${PROVIDER} ${code}: ${text}`.trim(), String(code), known.retryable, PROVIDER, known.kind);
  }

  function firstEntry(entries: unknown): KavenegarEntry {
    const e = Array.isArray(entries) ? entries[0] : undefined;
    if (!e || typeof e !== 'object' || (e as KavenegarEntry).messageid === undefined) {
      throw new SmsError(`${PROVIDER}: answer without a message id`, 'bad_response', false, PROVIDER, 'bad_response');
    }
    return e as KavenegarEntry;
  }

  return {
    name: 'kavenegar',

    async send(msg) {
      const params = new URLSearchParams({ receptor: toIranLocalMobile(PROVIDER, msg.to), message: msg.text });
      if (msg.from ?? opts.sender) params.set('sender', (msg.from ?? opts.sender)!);
      // localid makes Kavenegar refuse to send the same outbox row twice; it must be numeric.
      if (msg.ref && /^\d{1,18}$/.test(msg.ref)) params.set('localid', msg.ref);
      const entry = firstEntry(await call('sms/send.json', params, 'POST'));
      return { providerId: String(entry.messageid), status: kavenegarStatus(entry.status), raw: entry };
    },

    async sendTemplate(msg) {
      const params = new URLSearchParams({ receptor: toIranLocalMobile(PROVIDER, msg.to), template: msg.template });
      for (const [k, v] of Object.entries(msg.params)) {
        if (!(TEMPLATE_TOKENS as readonly string[]).includes(k)) {
          throw new SmsError(`${PROVIDER}: template parameter ${JSON.stringify(k)} is not one of ${TEMPLATE_TOKENS.join(', ')}`, 'invalid_params', false, PROVIDER, 'config');
        }
        params.set(k, v);
      }
      if (!params.has('token')) {
        throw new SmsError(`${PROVIDER}: a verify/lookup template needs the parameter "token"`, 'invalid_params', false, PROVIDER, 'config');
      }
      const entry = firstEntry(await call('verify/lookup.json', params, 'POST'));
      return { providerId: String(entry.messageid), status: kavenegarStatus(entry.status), raw: entry };
    },

    async status(providerIds) {
      const byId = new Map<string, SmsStatusReport>();
      const numeric = [...new Set(providerIds.filter((id) => /^\d+$/.test(id)))];
      // sms/status takes up to 500 ids per call.
      for (let i = 0; i < numeric.length; i += 500) {
        const chunk = numeric.slice(i, i + 500);
        const entries = await call('sms/status.json', new URLSearchParams({ messageid: chunk.join(',') }), 'GET');
        for (const e of Array.isArray(entries) ? (entries as KavenegarEntry[]) : []) {
          byId.set(String(e.messageid), { providerId: String(e.messageid), status: kavenegarStatus(e.status), providerStatus: String(e.status) });
        }
      }
      return providerIds.map((id) => byId.get(id) ?? { providerId: id, status: 'unknown', providerStatus: 'not_found' });
    },

    parseInbound(req): SmsInboundResult {
      // Kavenegar forwards a received SMS as messageid, from, to, message, and a delivery report as messageid, status.
      const p = webhookParams(req);
      const text = pick(p, 'message');
      const from = pick(p, 'from', 'sender');
      const id = pick(p, 'messageid');
      if (text !== undefined && from) {
        const to = pick(p, 'to', 'receptor');
        return {
          messages: [{ from: phoneFromGateway(from), to: to ? phoneFromGateway(to) : undefined, text, providerId: id, receivedAt: isoTime(pick(p, 'date')) }],
          statuses: [],
        };
      }
      const st = pick(p, 'status');
      if (id && st !== undefined) return { messages: [], statuses: [{ providerId: id, status: kavenegarStatus(st), providerStatus: st }] };
      return { messages: [], statuses: [] };
    },
  };
}
