/**
 * Twilio Programmable Messaging (POST /2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP Basic sid:token,
 * form-encoded). Errors are JSON `{code, message, more_info, status}`. Webhooks (incoming SMS and status callbacks)
 * are form-encoded and signed: X-Twilio-Signature = base64(HMAC-SHA1(authToken, url + sorted key+value pairs)).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  callGateway, httpStatusError, phoneFromGateway, bodyObject, mapLimit,
  SmsError, DEFAULT_TIMEOUT_MS,
  type SmsDriver, type SmsStatus, type SmsErrorKind, type HttpReply, type SmsStatusReport, type SmsInboundResult,
  type SmsInboundRequest,
} from './types.ts';
import type { OutboundGuard } from '../../net/outbound-guard.ts';
import { normalizePhone } from '../../../common/phone.ts';

const PROVIDER = 'twilio';
export const TWILIO_BASE_URL = 'https://api.twilio.com';

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** A phone number in E.164 (sent as From) or a Messaging Service SID starting with MG (sent as MessagingServiceSid). */
  sender: string;
  /**
   * The public URL Twilio calls for webhooks. Sent as StatusCallback, and the origin used to rebuild the signed URL
   * when parseInbound gets only a path.
   */
  webhookUrl?: string;
  baseUrl?: string;
  timeoutMs?: number;
  /** Every request goes through it (the gateway's address is checked, redirects included). */
  guard: OutboundGuard;
}

const STATUS: Record<string, SmsStatus> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'sent',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
  partially_delivered: 'sent',
};

export function twilioStatus(s: string | undefined): SmsStatus {
  return (s && STATUS[s]) || 'unknown';
}

/** Twilio error codes that matter for a retry; unknown 4xx codes are refusals, 5xx are the gateway's failure. */
const ERRORS: Record<number, SmsErrorKind> = {
  20003: 'auth', // Authenticate
  20005: 'auth', // Account not active
  20404: 'rejected', // resource not found
  20429: 'rate_limited',
  21211: 'invalid_number', // invalid 'To' phone number
  21214: 'invalid_number', // 'To' number cannot be reached
  21408: 'config', // permission to send to this region not enabled
  21602: 'rejected', // body required
  21603: 'config', // 'From' required
  21606: 'config', // 'From' is not a valid, SMS-capable number
  21608: 'config', // trial account: unverified number
  21610: 'recipient_blocked', // the recipient replied STOP
  21612: 'invalid_number', // cannot route to this number
  21614: 'invalid_number', // not a mobile number
  21617: 'rejected', // body too long
  63038: 'rate_limited', // daily message limit
};

/** The X-Twilio-Signature of a request: url followed by each parameter's name and value, sorted by name. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string | string[]>): string {
  const data = Object.keys(params).sort().reduce((acc, key) => {
    const v = params[key];
    const values = Array.isArray(v) ? [...v].sort() : [v];
    return acc + values.map((x) => key + x).join('');
  }, url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function header(headers: SmsInboundRequest['headers'], name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : headers[key];
  return Array.isArray(v) ? v[0] : v;
}

export function twilioDriver(opts: TwilioOptions): SmsDriver {
  const base = (opts.baseUrl ?? TWILIO_BASE_URL).replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secrets = [opts.authToken];
  const auth = 'Basic ' + Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64');
  const messagesUrl = `${base}/2010-04-01/Accounts/${encodeURIComponent(opts.accountSid)}/Messages`;

  function resourceOf(reply: HttpReply): { sid?: string; status?: string; [k: string]: unknown } {
    const json = reply.json as { code?: unknown; message?: unknown; sid?: unknown } | undefined;
    if (reply.status >= 200 && reply.status < 300) {
      if (!json || typeof json.sid !== 'string') {
        throw new SmsError(`${PROVIDER}: answer without a message sid`, 'bad_response', false, PROVIDER, 'bad_response');
      }
      return json as { sid: string; status?: string };
    }
    const code = Number(json?.code);
    if (!json || !Number.isFinite(code)) throw httpStatusError(PROVIDER, reply, secrets);
    const retryable = reply.status >= 500 || reply.status === 429 || code === 20429;
    const kind = ERRORS[code] ?? (reply.status >= 500 ? 'server' : reply.status === 401 ? 'auth' : 'rejected');
    const text = typeof json.message === 'string' ? json.message : '';
    throw new SmsError(`${PROVIDER} ${code}: ${text}`.trim(), String(code), retryable, PROVIDER, kind);
  }

  async function create(fields: Record<string, string>, from?: string) {
    const body = new URLSearchParams(fields);
    const sender = from ?? opts.sender;
    if (sender.startsWith('MG')) body.set('MessagingServiceSid', sender);
    else body.set('From', sender);
    if (opts.webhookUrl) body.set('StatusCallback', opts.webhookUrl);
    const reply = await callGateway(PROVIDER, `${messagesUrl}.json`, { method: 'POST', headers: { Authorization: auth }, body }, { timeoutMs, secrets, guard: opts.guard });
    const res = resourceOf(reply);
    return { providerId: res.sid as string, status: twilioStatus(res.status), raw: res };
  }

  function e164(to: string): string {
    const p = normalizePhone(to);
    if (!p.ok) throw new SmsError(`${PROVIDER}: ${JSON.stringify(to)} is not a phone number`, 'invalid_number', false, PROVIDER, 'invalid_number');
    return p.e164;
  }

  function verify(req: SmsInboundRequest, params: Record<string, string | string[]>) {
    const given = header(req.headers, 'x-twilio-signature');
    const url = /^https?:\/\//i.test(req.url) || !opts.webhookUrl ? req.url : new URL(req.url, opts.webhookUrl).toString();
    if (!given || !safeEqual(given, twilioSignature(opts.authToken, url, params))) {
      throw new SmsError(`${PROVIDER}: webhook signature does not match`, 'invalid_signature', false, PROVIDER, 'invalid_signature');
    }
  }

  return {
    name: 'twilio',

    send(msg) {
      return create({ To: e164(msg.to), Body: msg.text }, msg.from);
    },

    sendTemplate(msg) {
      // A Content API template: ContentSid (HX…) with its variables as a JSON object.
      return create({ To: e164(msg.to), ContentSid: msg.template, ContentVariables: JSON.stringify(msg.params) });
    },

    async status(providerIds) {
      return mapLimit(providerIds, 4, async (sid): Promise<SmsStatusReport> => {
        if (!/^(SM|MM)[0-9a-fA-F]{32}$/.test(sid)) return { providerId: sid, status: 'unknown', providerStatus: 'not_found' };
        const reply = await callGateway(PROVIDER, `${messagesUrl}/${sid}.json`, { method: 'GET', headers: { Authorization: auth } }, { timeoutMs, secrets, guard: opts.guard });
        if (reply.status === 404) return { providerId: sid, status: 'unknown', providerStatus: 'not_found' };
        const res = resourceOf(reply);
        const st = String(res.status ?? '');
        return { providerId: sid, status: twilioStatus(st), providerStatus: res.error_code ? `${st}:${res.error_code}` : st };
      });
    },

    parseInbound(req): SmsInboundResult {
      const raw = bodyObject(req.body);
      const params: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(raw)) params[k] = Array.isArray(v) ? v.map(String) : String(v);
      verify(req, params);
      const get = (k: string) => {
        const v = params[k];
        return Array.isArray(v) ? v[0] : v;
      };
      const sid = get('MessageSid') ?? get('SmsSid');
      const status = get('MessageStatus') ?? get('SmsStatus');
      // An incoming SMS carries Body and SmsStatus=received; a status callback carries MessageStatus and no Body.
      if (get('Body') !== undefined && (status === undefined || status === 'received' || status === 'receiving')) {
        return {
          messages: [{ from: phoneFromGateway(get('From') ?? ''), to: get('To') ? phoneFromGateway(get('To')!) : undefined, text: get('Body')!, providerId: sid }],
          statuses: [],
        };
      }
      if (sid && status) {
        const code = get('ErrorCode');
        return { messages: [], statuses: [{ providerId: sid, status: twilioStatus(status), providerStatus: code ? `${status}:${code}` : status }] };
      }
      return { messages: [], statuses: [] };
    },
  };
}
