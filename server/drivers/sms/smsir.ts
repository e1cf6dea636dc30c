/**
 * SMS.ir, REST API v1 (api.sms.ir/v1, key in the X-API-KEY header). Every answer is `{status, message, data}`:
 * status 1 is success, anything else an error, usually with HTTP 400 (logic), 401 (auth), 429 or 500.
 */
import {
  callGateway, httpStatusError, toIranLocalMobile, phoneFromGateway, webhookParams, pick, isoTime, mapLimit,
  SmsError, DEFAULT_TIMEOUT_MS,
  type SmsDriver, type SmsStatus, type SmsErrorKind, type HttpReply, type SmsStatusReport, type SmsInboundResult,
} from './types.ts';
import type { OutboundGuard } from '../../net/outbound-guard.ts';

const PROVIDER = 'smsir';
export const SMSIR_BASE_URL = 'https://api.sms.ir';

export interface SmsirOptions {
  apiKey: string;
  /** The line number (e.g. 30007732903879); required for plain sends, not for verify templates. */
  sender?: string;
  baseUrl?: string;
  timeoutMs?: number;
  /** Every request goes through it (the gateway's address is checked, redirects included). */
  guard: OutboundGuard;
}

/** deliveryState of GET /v1/send/{messageId} and of the delivery webhook. */
const DELIVERY: Record<number, SmsStatus> = {
  1: 'delivered', // رسیده به گوشی
  2: 'undelivered', // نرسیده به گوشی
  3: 'sent', // پردازش در مخابرات
  4: 'failed', // نرسیده به مخابرات
  5: 'sent', // رسیده به اپراتور
  6: 'failed', // ناموفق
  7: 'failed', // لیست سیاه
};

export function smsirStatus(deliveryState: number | string | null | undefined): SmsStatus {
  if (deliveryState === null || deliveryState === undefined || deliveryState === '') return 'queued';
  return DELIVERY[Number(deliveryState)] ?? 'unknown';
}

/**
 * Known status codes. 0 is the gateway's own failure; 10–12 are the key; 13 is credit (as far as the public
 * material shows). Any other code is a refusal of this request, not worth repeating.
 */
const ERRORS: Record<number, { kind: SmsErrorKind; retryable: boolean }> = {
  0: { kind: 'server', retryable: true },
  10: { kind: 'auth', retryable: false }, // کلید وب سرویس نامعتبر است
  11: { kind: 'auth', retryable: false }, // کلید وب سرویس غیرفعال است
  12: { kind: 'auth', retryable: false }, // کلید وب سرویس محدود به IP
  13: { kind: 'insufficient_credit', retryable: false }, // اعتبار کافی نیست
};

interface SmsirEnvelope {
  status?: unknown;
  message?: unknown;
  data?: unknown;
}

export function smsirDriver(opts: SmsirOptions): SmsDriver {
  const base = (opts.baseUrl ?? SMSIR_BASE_URL).replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secrets = [opts.apiKey];
  const headers = { 'X-API-KEY': opts.apiKey, Accept: 'application/json', 'Content-Type': 'application/json' };

  async function call(path: string, init: { method: 'GET' | 'POST'; body?: unknown }): Promise<unknown> {
    const reply = await callGateway(PROVIDER, `${base}/v1/${path}`, {
      method: init.method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }, { timeoutMs, secrets, guard: opts.guard });
    return dataOf(reply);
  }

  function dataOf(reply: HttpReply): unknown {
    const env = reply.json as SmsirEnvelope | undefined;
    const code = Number(env?.status);
    if (!env || typeof env !== 'object' || !Number.isFinite(code)) {
      if (reply.status >= 200 && reply.status < 300) {
        throw new SmsError(`${PROVIDER}: unreadable answer`, 'bad_response', false, PROVIDER, 'bad_response');
      }
      throw httpStatusError(PROVIDER, reply, secrets);
    }
    if (code === 1 && reply.status < 400) return env.data;
    // The HTTP status speaks first for the retry (429, 5xx); the body's code says what it was otherwise.
    const known = reply.status === 429 ? { kind: 'rate_limited' as const, retryable: true }
      : reply.status >= 500 ? { kind: 'server' as const, retryable: true }
      : ERRORS[code] ?? (reply.status === 401 ? { kind: 'auth' as const, retryable: false } : { kind: 'rejected' as const, retryable: false });
    const text = typeof env.message === 'string' ? env.message : '';
    throw new SmsError(`${PROVIDER} ${code}: ${text}`.trim(), String(code), known.retryable, PROVIDER, known.kind);
  }

  function lineNumber(from?: string): number {
    const line = (from ?? opts.sender)?.trim();
    if (!line || !/^\d{1,15}$/.test(line)) {
      throw new SmsError(`${PROVIDER}: a numeric line number (sender) is required to send`, 'no_line_number', false, PROVIDER, 'config');
    }
    return Number(line);
  }

  return {
    name: 'smsir',

    async send(msg) {
      const data = await call('send/bulk', {
        method: 'POST',
        body: { lineNumber: lineNumber(msg.from), messageText: msg.text, mobiles: [toIranLocalMobile(PROVIDER, msg.to)], sendDateTime: null },
      }) as { packId?: unknown; messageIds?: unknown[] } | undefined;
      const id = data?.messageIds?.[0];
      if (id === undefined || id === null) {
        throw new SmsError(`${PROVIDER}: answer without a message id`, 'bad_response', false, PROVIDER, 'bad_response');
      }
      return { providerId: String(id), status: 'queued', raw: data };
    },

    async sendTemplate(msg) {
      const templateId = Number(msg.template);
      if (!Number.isInteger(templateId) || templateId <= 0) {
        throw new SmsError(`${PROVIDER}: templateId must be a number, got ${JSON.stringify(msg.template)}`, 'invalid_params', false, PROVIDER, 'config');
      }
      const data = await call('send/verify', {
        method: 'POST',
        body: {
          mobile: toIranLocalMobile(PROVIDER, msg.to),
          templateId,
          parameters: Object.entries(msg.params).map(([name, value]) => ({ name, value })),
        },
      }) as { messageId?: unknown } | undefined;
      if (data?.messageId === undefined || data.messageId === null) {
        throw new SmsError(`${PROVIDER}: answer without a message id`, 'bad_response', false, PROVIDER, 'bad_response');
      }
      return { providerId: String(data.messageId), status: 'queued', raw: data };
    },

    async status(providerIds) {
      // One report per message id; a few in flight at a time.
      return mapLimit(providerIds, 4, async (id): Promise<SmsStatusReport> => {
        if (!/^\d+$/.test(id)) return { providerId: id, status: 'unknown', providerStatus: 'not_found' };
        try {
          const data = await call(`send/${id}`, { method: 'GET' }) as { deliveryState?: number | null } | null | undefined;
          if (!data) return { providerId: id, status: 'unknown', providerStatus: 'not_found' };
          return { providerId: id, status: smsirStatus(data.deliveryState), providerStatus: String(data.deliveryState ?? 'pending') };
        } catch (e) {
          // A refusal about this one id (unknown id) is an unknown status; a broken key or gateway is an error.
          if (e instanceof SmsError && !e.retryable && e.kind === 'rejected') {
            return { providerId: id, status: 'unknown', providerStatus: `error:${e.code}` };
          }
          throw e;
        }
      });
    },

    parseInbound(req): SmsInboundResult {
      // SMS.ir can forward received messages and delivery reports to a URL; field names as in its receive/report API.
      const p = webhookParams(req);
      const text = pick(p, 'messageText', 'text', 'message', 'body');
      const from = pick(p, 'mobile', 'from', 'sender');
      const id = pick(p, 'messageId', 'id');
      if (text !== undefined && from) {
        const to = pick(p, 'number', 'lineNumber', 'to', 'receiver');
        return {
          messages: [{ from: phoneFromGateway(from), to: to ? phoneFromGateway(to) : undefined, text, providerId: id, receivedAt: isoTime(pick(p, 'receivedDateTime', 'receivedAt', 'date')) }],
          statuses: [],
        };
      }
      const state = pick(p, 'deliveryState', 'status');
      if (id && state !== undefined) return { messages: [], statuses: [{ providerId: id, status: smsirStatus(state), providerStatus: state }] };
      return { messages: [], statuses: [] };
    },
  };
}
