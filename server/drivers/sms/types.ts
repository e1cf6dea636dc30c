/**
 * The contract every SMS gateway driver implements, its one error type, and the few helpers the drivers share
 * (an HTTP call with a timeout that never leaks a secret, phone formats, webhook parameter reading).
 * Phones are E.164 in and out (+989121234567); each driver converts to its gateway's format.
 */
import { normalizePhone } from '../../../common/phone.ts';
import { isRefused, REFUSED_MESSAGE, type OutboundGuard } from '../../net/outbound-guard.ts';
import { OutboundHttpError, outboundRequest } from '../../net/outbound-http.ts';

export type SmsStatus = 'queued' | 'sent' | 'delivered' | 'failed' | 'undelivered' | 'unknown';
export type SmsDriverName = 'kavenegar' | 'smsir' | 'melipayamak' | 'twilio' | 'log';

export interface SmsSendInput {
  /** E.164. */
  to: string;
  text: string;
  /**
   * The caller's id for this message (the outbox row). Kavenegar takes a numeric one as `localid` and refuses to send
   * the same localid twice, which makes a retried job safe; other gateways ignore it.
   */
  ref?: string;
  /** The sender line for this message (the advertising line), instead of the driver's configured one. */
  from?: string;
}

export interface SmsSendResult {
  providerId: string;
  status: SmsStatus;
  raw?: unknown;
}

export interface SmsTemplateInput {
  /** E.164. */
  to: string;
  /** The gateway's template id/name: Kavenegar template name, SMS.ir templateId, Melipayamak bodyId, Twilio ContentSid. */
  template: string;
  /**
   * Template variables. Kavenegar: keys token, token2, token3, token10, token20. SMS.ir: the template's variable names.
   * Melipayamak: the values in key order ('0', '1', … or insertion order). Twilio: ContentVariables ('1', '2', …).
   */
  params: Record<string, string>;
}

export interface SmsStatusReport {
  providerId: string;
  status: SmsStatus;
  /** The gateway's own status code or word, kept for the timeline and for debugging. */
  providerStatus: string;
}

export interface SmsInboundMessage {
  /** E.164 when the sender is a phone number; otherwise the sender as the gateway gave it (a short code, a name). */
  from: string;
  to?: string;
  text: string;
  providerId?: string;
  /** ISO 8601. */
  receivedAt?: string;
}

export interface SmsInboundRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The parsed body (object), or the raw body (string or Buffer) of a form-encoded or JSON request. */
  body: unknown;
  query: Record<string, unknown>;
  /** The request URL: absolute, or a path with its query (then the driver's webhookUrl supplies the origin). */
  url: string;
}

export interface SmsInboundResult {
  messages: SmsInboundMessage[];
  statuses: SmsStatusReport[];
}

export interface SmsDriver {
  readonly name: SmsDriverName;
  send(msg: SmsSendInput): Promise<SmsSendResult>;
  sendTemplate(msg: SmsTemplateInput): Promise<SmsSendResult>;
  /** Current status of sent messages; an id the gateway does not know comes back as 'unknown'. */
  status(providerIds: string[]): Promise<SmsStatusReport[]>;
  /**
   * Reads a webhook request (an incoming SMS or a delivery report). Throws SmsError `invalid_signature` when the gateway
   * signs its webhooks (Twilio) and the signature does not match.
   */
  parseInbound(req: SmsInboundRequest): SmsInboundResult;
}

/** What went wrong, independent of the gateway: lets the outbox decide to retry, to give up, or to alert an admin. */
export type SmsErrorKind =
  | 'auth' // bad or disabled key/credentials
  | 'config' // bad sender line, unknown template, feature not enabled on the account
  | 'invalid_number'
  | 'recipient_blocked' // blacklisted, opted out
  | 'insufficient_credit'
  | 'rejected' // the gateway refused this message (filtered words, links, limits)
  | 'rate_limited'
  | 'server' // the gateway failed (5xx, "try later")
  | 'network'
  | 'timeout'
  | 'bad_response'
  | 'invalid_signature';

export class SmsError extends Error {
  /** The gateway's own error code ('411', '21211', …), or ours: 'timeout', 'network', 'http_503', 'invalid_number' … */
  readonly code: string;
  readonly retryable: boolean;
  readonly provider: string;
  readonly kind: SmsErrorKind;

  constructor(message: string, code: string, retryable: boolean, provider: string, kind: SmsErrorKind) {
    super(message);
    this.name = 'SmsError';
    this.code = code;
    this.retryable = retryable;
    this.provider = provider;
    this.kind = kind;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers shared by the drivers.

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Replaces every secret (as is and URL-encoded) in a text by '***'. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (!s) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join('***');
  }
  return out;
}

export interface HttpReply {
  status: number;
  text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
}

/**
 * One HTTP call to a gateway with a timeout, through the outbound guard (a gateway address on a private network is
 * refused unless allow-listed; redirects are checked hop by hop). Network failures and timeouts become retryable
 * SmsErrors whose message never contains a secret (Kavenegar puts its API key in the URL, and errors can quote it);
 * a refused target is a configuration error, not retried.
 */
export async function callGateway(
  provider: string,
  url: string,
  init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string | URLSearchParams },
  opts: { timeoutMs: number; secrets: ReadonlyArray<string | undefined>; guard: OutboundGuard },
): Promise<HttpReply> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined;
  if (init.body instanceof URLSearchParams) {
    body = init.body.toString();
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
  } else body = init.body;
  try {
    const res = await outboundRequest(opts.guard, url, { method: init.method, headers, body, timeoutMs: opts.timeoutMs });
    let json: unknown;
    try {
      json = res.text ? JSON.parse(res.text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text: res.text, json };
  } catch (e) {
    if (isRefused(e)) throw new SmsError(`${provider}: ${REFUSED_MESSAGE}`, 'outbound_refused', false, provider, 'config');
    if (e instanceof OutboundHttpError) {
      if (e.code === 'timeout') throw new SmsError(`${provider}: no answer within ${opts.timeoutMs} ms`, 'timeout', true, provider, 'timeout');
      throw new SmsError(redact(`${provider}: ${e.message}`, opts.secrets), e.code, false, provider, 'bad_response');
    }
    const err = e as { message?: string; code?: string };
    const detail = [err.message, err.code].filter(Boolean).join(': ');
    throw new SmsError(redact(`${provider}: network error (${detail})`, opts.secrets), 'network', true, provider, 'network');
  }
}

/** The error for an HTTP answer that carries no error the gateway documents (a proxy's 502 page, an empty 500). */
export function httpStatusError(provider: string, reply: HttpReply, secrets: ReadonlyArray<string | undefined>): SmsError {
  const retryable = reply.status >= 500 || reply.status === 429 || reply.status === 408;
  const kind: SmsErrorKind = reply.status === 429 ? 'rate_limited' : reply.status >= 500 ? 'server' : reply.status === 401 || reply.status === 403 ? 'auth' : 'bad_response';
  const snippet = redact(reply.text.slice(0, 200), secrets);
  return new SmsError(`${provider}: HTTP ${reply.status}${snippet ? ` — ${snippet}` : ''}`, `http_${reply.status}`, retryable, provider, kind);
}

/** An Iranian mobile in E.164 → the 09xxxxxxxxx form Iranian gateways want; anything else is an invalid number. */
export function toIranLocalMobile(provider: string, phone: string): string {
  const p = normalizePhone(phone);
  if (!p.ok || !/^\+989\d{9}$/.test(p.e164)) {
    throw new SmsError(`${provider}: ${JSON.stringify(phone)} is not an Iranian mobile number`, 'invalid_number', false, provider, 'invalid_number');
  }
  return '0' + p.e164.slice(3);
}

/** A number as a gateway reports it (09…, 98…, 0098…, +98…) → E.164; a short code or sender name is returned as is. */
export function phoneFromGateway(raw: string): string {
  const p = normalizePhone(raw);
  return p.ok ? p.e164 : raw.trim();
}

/** Body and query of a webhook as one flat string map (body wins). Accepts a parsed object, a form string or a Buffer. */
export function webhookParams(req: Pick<SmsInboundRequest, 'body' | 'query'>): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (k: string, v: unknown) => {
    if (v === undefined || v === null) return;
    out[k] = Array.isArray(v) ? String(v[0]) : typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  for (const [k, v] of Object.entries(req.query ?? {})) put(k, v);
  for (const [k, v] of Object.entries(bodyObject(req.body))) put(k, v);
  return out;
}

/** A webhook body as an object: JSON and form-encoded strings/Buffers are parsed, objects are used as they are. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
    const trimmed = text.trim();
    if (trimmed.startsWith('{')) {
      try {
        return JSON.parse(trimmed) as Record<string, unknown>;
      } catch {
        return {};
      }
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(text)) {
      const prev = out[k];
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    return out;
  }
  if (body instanceof URLSearchParams) return bodyObject(body.toString());
  if (typeof body === 'object') return body as Record<string, unknown>;
  return {};
}

/** Case-insensitive lookup of the first present key. */
export function pick(params: Record<string, string>, ...keys: string[]): string | undefined {
  const lower = new Map(Object.entries(params).map(([k, v]) => [k.toLowerCase(), v]));
  for (const k of keys) {
    const v = lower.get(k.toLowerCase());
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/** Unix seconds (number or numeric string) or a date string → ISO 8601; undefined when unreadable. */
export function isoTime(v: string | number | undefined): string | undefined {
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : /^\d+$/.test(v) ? Number(v) : NaN;
  const d = Number.isFinite(n) ? new Date(n * 1000) : new Date(String(v));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Runs fn over items with at most `limit` in flight, keeping the order of the results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
