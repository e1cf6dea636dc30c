/**
 * Melipayamak through its REST web service (rest.payamak-panel.com/api/SendSMS/*, username + password, form-encoded),
 * the one its official SDKs call and whose numeric return codes are documented (melipayamak.com/api). Every answer is
 * `{"Value":"…","RetStatus":1,"StrRetStatus":"Ok"}`, always HTTP 200: RetStatus 1 is success and Value the recId;
 * otherwise RetStatus (or, for the shared-line pattern send, a small or negative Value) is the error code.
 */
import {
  callGateway, httpStatusError, toIranLocalMobile, phoneFromGateway, webhookParams, pick, isoTime, mapLimit,
  SmsError, DEFAULT_TIMEOUT_MS,
  type SmsDriver, type SmsStatus, type SmsErrorKind, type HttpReply, type SmsStatusReport, type SmsInboundResult,
} from './types.ts';
import type { OutboundGuard } from '../../net/outbound-guard.ts';

const PROVIDER = 'melipayamak';
export const MELIPAYAMAK_BASE_URL = 'https://rest.payamak-panel.com';

export interface MelipayamakOptions {
  username: string;
  password: string;
  /** The sending line (e.g. 50004001234567); required for plain sends, not for shared-line patterns. */
  sender?: string;
  baseUrl?: string;
  timeoutMs?: number;
  /** Every request goes through it (the gateway's address is checked, redirects included). */
  guard: OutboundGuard;
}

/** Delivery codes of GetDeliveries2. */
const DELIVERY: Record<number, SmsStatus> = {
  0: 'sent', // ارسال شده به مخابرات
  1: 'delivered', // رسیده به گوشی
  2: 'undelivered', // نرسیده به گوشی
  3: 'failed', // خطای مخابراتی
  5: 'failed', // خطای نامشخص
  8: 'sent', // رسیده به مخابرات
  16: 'failed', // نرسیده به مخابرات
  35: 'failed', // لیست سیاه
  100: 'unknown', // نامشخص
  200: 'sent', // ارسال شده
  300: 'failed', // فیلتر شده
  400: 'queued', // در لیست ارسال
  500: 'failed', // عدم پذیرش
};

export function melipayamakStatus(code: number | string): SmsStatus {
  return DELIVERY[Number(code)] ?? 'unknown';
}

/** Return codes of SendSMS and BaseServiceNumber (negative ones only from the latter). */
const ERRORS: Record<number, { kind: SmsErrorKind; retryable: boolean }> = {
  [-7]: { kind: 'config', retryable: false }, // خطایی در شماره فرستنده رخ داده است
  [-6]: { kind: 'server', retryable: true }, // خطای داخلی رخ داده است
  [-5]: { kind: 'config', retryable: false }, // متن ارسالی با متغیرهای متن پیش‌فرض همخوانی ندارد
  [-4]: { kind: 'config', retryable: false }, // کد متن ارسالی صحیح نمی‌باشد یا تأیید نشده است
  [-3]: { kind: 'config', retryable: false }, // خط ارسالی در سیستم تعریف نشده است
  [-2]: { kind: 'rejected', retryable: false }, // محدودیت تعداد شماره
  [-1]: { kind: 'auth', retryable: false }, // دسترسی برای استفاده از این وب‌سرویس غیرفعال است
  0: { kind: 'auth', retryable: false }, // نام کاربری یا رمز عبور اشتباه می‌باشد
  2: { kind: 'insufficient_credit', retryable: false }, // اعتبار کافی نمی‌باشد
  3: { kind: 'rejected', retryable: false }, // محدودیت در ارسال روزانه
  4: { kind: 'rejected', retryable: false }, // محدودیت در حجم ارسال
  5: { kind: 'config', retryable: false }, // شماره فرستنده معتبر نمی‌باشد
  6: { kind: 'server', retryable: true }, // سامانه در حال بروزرسانی می‌باشد
  7: { kind: 'rejected', retryable: false }, // متن حاوی کلمه فیلتر شده می‌باشد
  9: { kind: 'config', retryable: false }, // ارسال از خطوط عمومی از طریق وب سرویس امکان‌پذیر نمی‌باشد
  10: { kind: 'auth', retryable: false }, // کاربر مورد نظر فعال نمی‌باشد
  11: { kind: 'server', retryable: true }, // ارسال نشده
  12: { kind: 'auth', retryable: false }, // مدارک کاربر کامل نمی‌باشد
  14: { kind: 'rejected', retryable: false }, // متن حاوی لینک می‌باشد
  15: { kind: 'rejected', retryable: false }, // ارسال به بیش از ۱ شماره بدون درج «لغو۱۱» ممکن نیست
  16: { kind: 'invalid_number', retryable: false }, // شماره گیرنده یافت نشد
  17: { kind: 'rejected', retryable: false }, // متن پیامک خالی می‌باشد
  35: { kind: 'recipient_blocked', retryable: false }, // شماره در لیست سیاه مخابرات است
};

interface MelipayamakReply {
  Value?: unknown;
  RetStatus?: unknown;
  StrRetStatus?: unknown;
}

export function melipayamakDriver(opts: MelipayamakOptions): SmsDriver {
  const base = (opts.baseUrl ?? MELIPAYAMAK_BASE_URL).replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secrets = [opts.password];

  async function call(method: string, fields: Record<string, string>): Promise<MelipayamakReply> {
    const body = new URLSearchParams({ username: opts.username, password: opts.password, ...fields });
    const reply = await callGateway(PROVIDER, `${base}/api/SendSMS/${method}`, { method: 'POST', body }, { timeoutMs, secrets, guard: opts.guard });
    return envelope(reply);
  }

  function envelope(reply: HttpReply): MelipayamakReply {
    const env = reply.json as MelipayamakReply | undefined;
    if (!env || typeof env !== 'object' || env.RetStatus === undefined) {
      if (reply.status >= 200 && reply.status < 300) {
        throw new SmsError(`${PROVIDER}: unreadable answer`, 'bad_response', false, PROVIDER, 'bad_response');
      }
      throw httpStatusError(PROVIDER, reply, secrets);
    }
    const ret = Number(env.RetStatus);
    if (ret !== 1) throw codeError(ret, env);
    return env;
  }

  function codeError(code: number, env: MelipayamakReply): SmsError {
    const known = ERRORS[code] ?? { kind: 'rejected' as const, retryable: false };
    const word = typeof env.StrRetStatus === 'string' ? env.StrRetStatus : '';
    return new SmsError(`${PROVIDER} ${code}${word ? `: ${word}` : ''}`, String(code), known.retryable, PROVIDER, known.kind);
  }

  /** A recId is a long number; a short or negative Value in a "successful" envelope is a return code. */
  function recIdOf(env: MelipayamakReply): string {
    const value = String(env.Value ?? '').trim();
    if (/^\d{4,}$/.test(value)) return value;
    if (/^-?\d{1,3}$/.test(value)) throw codeError(Number(value), env);
    throw new SmsError(`${PROVIDER}: answer without a recId`, 'bad_response', false, PROVIDER, 'bad_response');
  }

  return {
    name: 'melipayamak',

    async send(msg) {
      const sender = msg.from ?? opts.sender;
      if (!sender) throw new SmsError(`${PROVIDER}: a sender line is required to send`, 'no_sender', false, PROVIDER, 'config');
      const env = await call('SendSMS', { to: toIranLocalMobile(PROVIDER, msg.to), from: sender, text: msg.text, isFlash: 'false' });
      return { providerId: recIdOf(env), status: 'queued', raw: env };
    },

    async sendTemplate(msg) {
      // A shared-line pattern: bodyId is the approved text, its variables go in order, separated by ';'.
      if (!/^\d+$/.test(msg.template)) {
        throw new SmsError(`${PROVIDER}: bodyId must be a number, got ${JSON.stringify(msg.template)}`, 'invalid_params', false, PROVIDER, 'config');
      }
      const values = Object.values(msg.params);
      if (values.some((v) => v.includes(';'))) {
        throw new SmsError(`${PROVIDER}: a pattern variable cannot contain ';'`, 'invalid_params', false, PROVIDER, 'config');
      }
      const env = await call('BaseServiceNumber', { to: toIranLocalMobile(PROVIDER, msg.to), bodyId: msg.template, text: values.join(';') });
      return { providerId: recIdOf(env), status: 'queued', raw: env };
    },

    async status(providerIds) {
      return mapLimit(providerIds, 4, async (id): Promise<SmsStatusReport> => {
        if (!/^\d+$/.test(id)) return { providerId: id, status: 'unknown', providerStatus: 'not_found' };
        const env = await call('GetDeliveries2', { recId: id });
        const code = String(env.Value ?? '').trim();
        return { providerId: id, status: melipayamakStatus(code), providerStatus: code };
      });
    },

    parseInbound(req): SmsInboundResult {
      // The panel's "forward to URL" sends the received SMS as from, to, text (GET or POST); a delivery report as
      // recId + status.
      const p = webhookParams(req);
      const text = pick(p, 'text', 'body', 'message');
      const from = pick(p, 'from', 'sender', 'mobile');
      const id = pick(p, 'recId', 'msgId', 'id');
      if (text !== undefined && from) {
        const to = pick(p, 'to', 'receiver');
        return {
          messages: [{ from: phoneFromGateway(from), to: to ? phoneFromGateway(to) : undefined, text, providerId: id, receivedAt: isoTime(pick(p, 'date', 'receivedAt')) }],
          statuses: [],
        };
      }
      const st = pick(p, 'status', 'delivery', 'deliveryStatus');
      if (id && st !== undefined) return { messages: [], statuses: [{ providerId: id, status: melipayamakStatus(st), providerStatus: st }] };
      return { messages: [], statuses: [] };
    },
  };
}
