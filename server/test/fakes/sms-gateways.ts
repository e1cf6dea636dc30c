/**
 * In-process fakes of the SMS gateways (node:http on port 0) that speak each provider's wire format: they check the
 * credentials, the required fields and the number format the way the provider does, answer with the documented
 * success and error bodies, keep every request they received, and serve the status endpoints.
 *
 *   const kave = await startFakeKavenegar({ apiKey: 'k' });
 *   const driver = createSmsDriver({ driver: 'kavenegar', apiKey: 'k', baseUrl: kave.url });
 *   await driver.send({ to: '+989121234567', text: 'سلام' });
 *   kave.messages[0]            // { id, to: '09121234567', text: 'سلام', … } — the text exactly as it arrived
 *   kave.received[0]            // the raw request: method, path, query, headers, body, raw bytes
 *   kave.failNext(2, 'server_error');         // the next two requests get a 502 page
 *   kave.failNext(1, 'insufficient_credit');  // the next one gets the provider's own "no credit" error
 *   kave.failNext(1, { status: 400, body: {…} }); // or any answer you write
 *   kave.setStatus(kave.messages[0].id, 10);  // what the status endpoint reports (provider's own code/word)
 *   await kave.close();
 *
 * Failure kinds: 'server_error' | 'rate_limit' | 'invalid_key' | 'invalid_number' | 'insufficient_credit' | 'timeout'
 * ('timeout' never answers; the client's own timeout must fire). Twilio has no documented API error for credit, so
 * its fake refuses 'insufficient_credit'; pass a raw answer instead.
 * Numbers must arrive in the provider's format: 09xxxxxxxxx for the Iranian gateways, E.164 for Twilio.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { smsParts } from '../../../common/sms.ts';
import { twilioSignature } from '../../drivers/sms/twilio.ts';

export type FakeFailureKind = 'server_error' | 'rate_limit' | 'invalid_key' | 'invalid_number' | 'insufficient_credit' | 'timeout';
export type FakeFailure = FakeFailureKind | { status: number; body: unknown };

export interface FakeRequest {
  method: string;
  /** The path without the query. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The parsed body: JSON or form fields (a repeated form field becomes an array). */
  body: Record<string, unknown>;
  raw: Buffer;
}

export interface FakeSms {
  /** The id the fake answered with (what the driver returns as providerId). */
  id: string;
  /** The recipient exactly as the request carried it (provider format). */
  to: string;
  /** The text exactly as it arrived (for templates: the rendered text). */
  text: string;
  from?: string;
  template?: string;
  params?: Record<string, string>;
  at: Date;
}

export interface FakeGateway {
  /** The base URL to give the driver as baseUrl. */
  readonly url: string;
  /** Every request that reached the fake, accepted or not, in order. */
  readonly received: FakeRequest[];
  /** The messages the fake accepted, in order. */
  readonly messages: FakeSms[];
  /** The next n requests (any endpoint) fail this way instead of being handled. */
  failNext(n: number, failure: FakeFailure): void;
  /** Sets what the status endpoint (and Twilio's message resource) reports for a message: the provider's own code. */
  setStatus(id: string, code: number | string): void;
  /** Forgets requests, messages, statuses and pending failures. */
  reset(): void;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  json?: unknown;
  text?: string;
}

type Handler = (req: FakeRequest) => Reply;

interface Core {
  url: string;
  received: FakeRequest[];
  messages: FakeSms[];
  statuses: Map<string, number | string>;
  failNext(n: number, failure: FakeFailure): void;
  reset(): void;
  close(): Promise<void>;
}

const PROXY_502 = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

function parseBody(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (!text) return {};
  if (contentType?.includes('json')) {
    try {
      const v = JSON.parse(text) as unknown;
      return v && typeof v === 'object' ? (v as Record<string, unknown>) : { _: v };
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

async function startCore(handle: Handler, failureReply: (kind: Exclude<FakeFailureKind, 'timeout'>) => Reply): Promise<Core> {
  const received: FakeRequest[] = [];
  const messages: FakeSms[] = [];
  const statuses = new Map<string, number | string>();
  const failures: FakeFailure[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const u = new URL(req.url ?? '/', 'http://fake');
      const fr: FakeRequest = {
        method: req.method ?? 'GET',
        path: u.pathname,
        query: Object.fromEntries(u.searchParams),
        headers: req.headers,
        body: parseBody(raw, req.headers['content-type']),
        raw,
      };
      received.push(fr);
      let reply: Reply;
      const failure = failures.shift();
      if (failure === 'timeout') return; // never answer; close() drops the connection
      try {
        reply = failure === undefined ? handle(fr)
          : typeof failure === 'string' ? failureReply(failure)
          : { status: failure.status, json: failure.body };
      } catch (e) {
        reply = { status: 500, text: `fake error: ${(e as Error).message}` };
      }
      if (reply.json !== undefined) {
        res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(reply.json));
      } else {
        res.writeHead(reply.status, { 'content-type': 'text/html; charset=utf-8' });
        res.end(reply.text ?? '');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    messages,
    statuses,
    failNext(n, failure) {
      for (let i = 0; i < n; i++) failures.push(failure);
    },
    reset() {
      received.length = 0;
      messages.length = 0;
      statuses.clear();
      failures.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

function gateway(core: Core): FakeGateway {
  return {
    url: core.url,
    received: core.received,
    messages: core.messages,
    failNext: core.failNext,
    setStatus: (id, code) => void core.statuses.set(String(id), code),
    reset: core.reset,
    close: core.close,
  };
}

const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : Array.isArray(v) ? String(v[0]) : String(v));
const IR_LOCAL_MOBILE = /^09\d{9}$/;

// ---------------------------------------------------------------------------------------------------------------
// Kavenegar: {url}/v1/{apiKey}/sms/send.json, sms/status.json, verify/lookup.json (GET query or POST form).

export interface FakeKavenegarOptions {
  apiKey: string;
  /** Lines the account owns; a request with another sender gets 412. Default: any. */
  senders?: string[];
  /** verify/lookup templates by name, text with %token, %token2, %token3, %token10, %token20. Default: any name. */
  templates?: Record<string, string>;
}

const KAVENEGAR_MESSAGES: Record<number, string> = {
  200: 'تایید شد',
  403: 'کد شناسائی API-Key معتبر نمی‌باشد',
  404: 'متد نامشخص است',
  406: 'پارامترهای اجباری خالی ارسال شده اند',
  411: 'دریافت کننده نامعتبر است',
  412: 'ارسال کننده نامعتبر است',
  413: 'پیام خالی است و یا طول پیام بیش از حد مجاز می‌باشد',
  418: 'اعتبار شما کافی نمی‌باشد',
  424: 'الگوی مورد نظر پیدا نشد',
  431: 'ساختار کد صحیح نمی‌باشد',
  451: 'فراخوانی بیش از حد در بازه زمانی مشخص IP محدود شده',
};

const KAVENEGAR_STATUS_TEXT: Record<number, string> = {
  1: 'در صف ارسال', 2: 'زمان بندی شده (ارسال در تاریخ معین)', 4: 'ارسال شده به مخابرات', 5: 'ارسال شده به مخابرات',
  6: 'خطا در ارسال پیام', 10: 'رسیده به گیرنده', 11: 'نرسیده به گیرنده', 13: 'ارسال پیام از سمت کاربر لغو شده',
  14: 'بلاک شده است', 100: 'شناسه پیامک نامعتبر است',
};

function kavError(code: number): Reply {
  return { status: code >= 600 ? 400 : code, json: { return: { status: code, message: KAVENEGAR_MESSAGES[code] ?? 'خطا' }, entries: null } };
}

export async function startFakeKavenegar(opts: FakeKavenegarOptions): Promise<FakeGateway> {
  let nextId = 8792343;
  const byLocalId = new Map<string, unknown>();
  let core!: Core;

  const entryOf = (m: FakeSms) => {
    const status = Number(core.statuses.get(m.id) ?? 1);
    return {
      messageid: Number(m.id), message: m.text, status, statustext: KAVENEGAR_STATUS_TEXT[status] ?? '',
      sender: m.from ?? '10004346', receptor: m.to, date: Math.floor(m.at.getTime() / 1000), cost: 120 * Math.max(1, smsParts(m.text).parts),
    };
  };
  const ok = (entries: unknown) => ({ status: 200, json: { return: { status: 200, message: 'تایید شد' }, entries } });

  core = await startCore((req) => {
    const m = /^\/v1\/([^/]+)\/(sms|verify)\/(\w+)\.json$/.exec(req.path);
    if (!m) return kavError(404);
    if (decodeURIComponent(m[1]) !== opts.apiKey) return kavError(403);
    const p: Record<string, string> = { ...req.query };
    for (const [k, v] of Object.entries(req.body)) p[k] = str(v) ?? '';
    const route = `${m[2]}/${m[3]}`;

    if (route === 'sms/send') {
      if (!p.receptor || !p.message) return kavError(406);
      const receptors = p.receptor.split(',');
      if (!receptors.every((r) => IR_LOCAL_MOBILE.test(r))) return kavError(411);
      if (opts.senders && p.sender && !opts.senders.includes(p.sender)) return kavError(412);
      if (p.message.length > 900) return kavError(413);
      if (p.localid && byLocalId.has(p.localid)) return ok(byLocalId.get(p.localid));
      const entries = receptors.map((to) => {
        const sms: FakeSms = { id: String(nextId++), to, text: p.message, from: p.sender, at: new Date() };
        core.messages.push(sms);
        return entryOf(sms);
      });
      if (p.localid) byLocalId.set(p.localid, entries);
      return ok(entries);
    }

    if (route === 'sms/status') {
      if (!p.messageid) return kavError(406);
      return ok(p.messageid.split(',').map((id) => {
        const sms = core.messages.find((x) => x.id === id);
        if (!sms) return { messageid: Number(id) || id, status: 100, statustext: KAVENEGAR_STATUS_TEXT[100] };
        const e = entryOf(sms);
        return { messageid: e.messageid, status: e.status, statustext: e.statustext };
      }));
    }

    if (route === 'verify/lookup') {
      if (!p.receptor || !p.token || !p.template) return kavError(406);
      if (!IR_LOCAL_MOBILE.test(p.receptor)) return kavError(411);
      if (opts.templates && !(p.template in opts.templates)) return kavError(424);
      // token, token2 and token3 may not contain spaces; token10 and token20 may.
      if (['token', 'token2', 'token3'].some((k) => p[k] !== undefined && /\s/.test(p[k]))) return kavError(431);
      const tokens = Object.fromEntries(['token', 'token2', 'token3', 'token10', 'token20'].filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
      const body = opts.templates?.[p.template];
      const text = body
        ? body.replace(/%(token20|token10|token3|token2|token)/g, (_, k: string) => tokens[k] ?? '')
        : `${p.template}: ${Object.values(tokens).join(' ')}`;
      const sms: FakeSms = { id: String(nextId++), to: p.receptor, text, template: p.template, params: tokens, at: new Date() };
      core.messages.push(sms);
      return ok([entryOf(sms)]);
    }
    return kavError(404);
  }, (kind) => {
    switch (kind) {
      case 'server_error': return { status: 502, text: PROXY_502 };
      case 'rate_limit': return kavError(451);
      case 'invalid_key': return kavError(403);
      case 'invalid_number': return kavError(411);
      case 'insufficient_credit': return kavError(418);
    }
  });
  return gateway(core);
}

// ---------------------------------------------------------------------------------------------------------------
// SMS.ir v1: POST {url}/v1/send/bulk, POST {url}/v1/send/verify, GET {url}/v1/send/{messageId}; X-API-KEY header.
// Codes 1 (success), 10 (bad key) and 13 (credit) follow the provider; the fake's other refusal codes are its own
// choice (the public docs do not list them all): 101 line, 103 empty text, 104 mobile, 108 template.

export interface FakeSmsirOptions {
  apiKey: string;
  /** The account's line number; a send from another line is refused. Default: any. */
  lineNumber?: number | string;
  /** Verify templates by id, text with #NAME# placeholders. Default: any id. */
  templates?: Record<number, string>;
}

export const FAKE_SMSIR_CODES = { invalidKey: 10, insufficientCredit: 13, invalidLine: 101, emptyText: 103, invalidMobile: 104, templateNotFound: 108 } as const;

const smsirError = (httpStatus: number, status: number, message: string): Reply => ({ status: httpStatus, json: { status, message, data: null } });

export async function startFakeSmsir(opts: FakeSmsirOptions): Promise<FakeGateway> {
  let nextId = 86522023;
  let core!: Core;
  const isMobile = (v: unknown) => typeof v === 'string' && IR_LOCAL_MOBILE.test(v);

  core = await startCore((req) => {
    const key = str(req.headers['x-api-key']);
    if (key !== opts.apiKey) return smsirError(401, FAKE_SMSIR_CODES.invalidKey, 'کلید وب سرویس نامعتبر است');
    const b = req.body;

    if (req.method === 'POST' && req.path === '/v1/send/bulk') {
      if (opts.lineNumber !== undefined && String(b.lineNumber) !== String(opts.lineNumber)) return smsirError(400, FAKE_SMSIR_CODES.invalidLine, 'شماره خط نامعتبر است');
      if (typeof b.messageText !== 'string' || b.messageText === '') return smsirError(400, FAKE_SMSIR_CODES.emptyText, 'متن پیامک خالی است');
      if (!Array.isArray(b.mobiles) || b.mobiles.length === 0 || !b.mobiles.every(isMobile)) return smsirError(400, FAKE_SMSIR_CODES.invalidMobile, 'شماره موبایل نامعتبر است');
      const ids = (b.mobiles as string[]).map((to) => {
        const sms: FakeSms = { id: String(nextId++), to, text: b.messageText as string, from: String(b.lineNumber), at: new Date() };
        core.messages.push(sms);
        return Number(sms.id);
      });
      return { status: 200, json: { status: 1, message: 'موفق', data: { packId: randomUUID(), messageIds: ids, cost: ids.length * smsParts(b.messageText).parts } } };
    }

    if (req.method === 'POST' && req.path === '/v1/send/verify') {
      if (!isMobile(b.mobile)) return smsirError(400, FAKE_SMSIR_CODES.invalidMobile, 'شماره موبایل نامعتبر است');
      if (typeof b.templateId !== 'number' || (opts.templates && !(b.templateId in opts.templates))) return smsirError(400, FAKE_SMSIR_CODES.templateNotFound, 'قالب یافت نشد');
      const params: Record<string, string> = {};
      for (const x of Array.isArray(b.parameters) ? b.parameters as Array<{ name?: unknown; value?: unknown }> : []) params[String(x.name)] = String(x.value);
      const body = opts.templates?.[b.templateId];
      const text = body ? body.replace(/#(\w+)#/g, (m, k: string) => params[k] ?? m) : `${b.templateId}: ${Object.values(params).join(' ')}`;
      const sms: FakeSms = { id: String(nextId++), to: b.mobile as string, text, template: String(b.templateId), params, at: new Date() };
      core.messages.push(sms);
      return { status: 200, json: { status: 1, message: 'موفق', data: { messageId: Number(sms.id), cost: smsParts(text).parts } } };
    }

    const m = /^\/v1\/send\/(\d+)$/.exec(req.path);
    if (req.method === 'GET' && m) {
      const sms = core.messages.find((x) => x.id === m[1]);
      if (!sms) return { status: 200, json: { status: 1, message: 'موفق', data: null } };
      const state = core.statuses.get(sms.id);
      return {
        status: 200,
        json: {
          status: 1, message: 'موفق',
          data: {
            messageId: Number(sms.id), mobile: Number(sms.to), messageText: sms.text, sendDateTime: Math.floor(sms.at.getTime() / 1000),
            lineNumber: Number(sms.from ?? 0), cost: smsParts(sms.text).parts, deliveryState: state === undefined ? null : Number(state),
            deliveryDateTime: state === undefined ? null : Math.floor(Date.now() / 1000),
          },
        },
      };
    }
    return smsirError(404, 0, 'Not Found');
  }, (kind) => {
    switch (kind) {
      case 'server_error': return smsirError(500, 0, 'خطای غیر منتظره');
      case 'rate_limit': return smsirError(429, 0, 'تعداد درخواست غیر مجاز');
      case 'invalid_key': return smsirError(401, FAKE_SMSIR_CODES.invalidKey, 'کلید وب سرویس نامعتبر است');
      case 'invalid_number': return smsirError(400, FAKE_SMSIR_CODES.invalidMobile, 'شماره موبایل نامعتبر است');
      case 'insufficient_credit': return smsirError(400, FAKE_SMSIR_CODES.insufficientCredit, 'اعتبار کافی نیست');
    }
  });
  return gateway(core);
}

// ---------------------------------------------------------------------------------------------------------------
// Melipayamak REST: POST {url}/api/SendSMS/SendSMS | BaseServiceNumber | GetDeliveries2, form username & password.
// Always HTTP 200 with {Value, RetStatus, StrRetStatus}. An invalid recipient gets RetStatus 16 (the fake's choice).

export interface FakeMelipayamakOptions {
  username: string;
  password: string;
  /** Lines the account owns; another `from` gets RetStatus 5. Default: any. */
  senders?: string[];
  /** Shared-line pattern texts by bodyId with {0}, {1}… placeholders; a wrong variable count gets Value -5. */
  bodies?: Record<number, string>;
}

const meli = (RetStatus: number, StrRetStatus: string, Value = String(RetStatus)): Reply => ({ status: 200, json: { Value, RetStatus, StrRetStatus } });

export async function startFakeMelipayamak(opts: FakeMelipayamakOptions): Promise<FakeGateway> {
  let nextId = 3741437414;
  let core!: Core;

  core = await startCore((req) => {
    const m = /^\/api\/SendSMS\/(\w+)$/.exec(req.path);
    if (req.method !== 'POST' || !m) return { status: 404, text: 'Not Found' };
    const p: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.body)) p[k.toLowerCase()] = str(v) ?? '';
    if (p.username !== opts.username || p.password !== opts.password) return meli(0, 'InvalidUserPass');

    if (m[1] === 'SendSMS') {
      if (!p.text) return meli(17, 'EmptyText');
      if (opts.senders && !opts.senders.includes(p.from)) return meli(5, 'InvalidSender');
      const tos = (p.to ?? '').split(',');
      if (!tos.every((t) => IR_LOCAL_MOBILE.test(t))) return meli(16, 'InvalidRecipient');
      const ids = tos.map((to) => {
        const sms: FakeSms = { id: String(nextId++), to, text: p.text, from: p.from, at: new Date() };
        core.messages.push(sms);
        return sms.id;
      });
      return meli(1, 'Ok', ids.join(','));
    }

    if (m[1] === 'BaseServiceNumber') {
      if (!IR_LOCAL_MOBILE.test(p.to ?? '')) return meli(1, 'Ok', '16');
      const body = opts.bodies?.[Number(p.bodyid)];
      if (opts.bodies && body === undefined) return meli(1, 'Ok', '-4');
      const args = (p.text ?? '').split(';');
      if (body !== undefined && (body.match(/\{\d+\}/g) ?? []).length !== args.length) return meli(1, 'Ok', '-5');
      const text = body ? body.replace(/\{(\d+)\}/g, (_, i: string) => args[Number(i)] ?? '') : `${p.bodyid}: ${args.join(' ')}`;
      const sms: FakeSms = { id: String(nextId++), to: p.to, text, template: p.bodyid, params: Object.fromEntries(args.map((a, i) => [String(i), a])), at: new Date() };
      core.messages.push(sms);
      return meli(1, 'Ok', sms.id);
    }

    if (m[1] === 'GetDeliveries2') {
      const id = p.recid;
      if (!core.messages.some((x) => x.id === id)) return meli(1, 'Ok', '100');
      return meli(1, 'Ok', String(core.statuses.get(id) ?? 0));
    }
    return { status: 404, text: 'Not Found' };
  }, (kind) => {
    switch (kind) {
      case 'server_error': return { status: 502, text: PROXY_502 };
      case 'rate_limit': return { status: 429, text: 'Too Many Requests' };
      case 'invalid_key': return meli(0, 'InvalidUserPass');
      case 'invalid_number': return meli(16, 'InvalidRecipient');
      case 'insufficient_credit': return meli(2, 'CreditIsNotEnough');
    }
  });
  return gateway(core);
}

// ---------------------------------------------------------------------------------------------------------------
// Twilio: POST/GET {url}/2010-04-01/Accounts/{AccountSid}/Messages.json, Messages/{Sid}.json; HTTP Basic sid:token.

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
  /** Numbers the account owns; another From gets 21606. Default: any. */
  numbers?: string[];
}

export interface FakeTwilio extends FakeGateway {
  /**
   * Posts a signed status callback for a message to the StatusCallback URL it was sent with (as Twilio does).
   * Returns the HTTP status your server answered with.
   */
  statusCallback(sid: string, status: string, errorCode?: string): Promise<number>;
  /** Posts a signed incoming-SMS webhook (From, To, Body, MessageSid, SmsStatus=received) to url. */
  inbound(url: string, msg: { from: string; to: string; body: string }): Promise<{ status: number; sid: string }>;
}

const twilioError = (status: number, code: number, message: string): Reply => ({
  status,
  json: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

export async function startFakeTwilio(opts: FakeTwilioOptions): Promise<FakeTwilio> {
  let core!: Core;
  const callbacks = new Map<string, string>();
  const expectedAuth = 'Basic ' + Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64');
  const E164 = /^\+[1-9]\d{6,14}$/;

  const resource = (m: FakeSms) => {
    const status = String(core.statuses.get(m.id) ?? 'queued');
    const uri = `/2010-04-01/Accounts/${opts.accountSid}/Messages/${m.id}.json`;
    return {
      sid: m.id, account_sid: opts.accountSid, to: m.to, from: m.from?.startsWith('MG') ? null : m.from ?? null,
      messaging_service_sid: m.from?.startsWith('MG') ? m.from : null, body: m.text, status,
      num_segments: String(Math.max(1, smsParts(m.text).parts)), direction: 'outbound-api', api_version: '2010-04-01',
      date_created: m.at.toUTCString(), date_updated: new Date().toUTCString(), date_sent: null, price: null, price_unit: 'USD',
      error_code: status === 'undelivered' || status === 'failed' ? 30003 : null, error_message: null, uri,
    };
  };

  core = await startCore((req) => {
    if (req.headers.authorization !== expectedAuth) return twilioError(401, 20003, 'Authenticate');
    const m = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages(?:\/([^/]+))?\.json$/.exec(req.path);
    if (!m || m[1] !== opts.accountSid) return twilioError(404, 20404, `The requested resource ${req.path} was not found`);

    if (req.method === 'POST' && !m[2]) {
      const b = Object.fromEntries(Object.entries(req.body).map(([k, v]) => [k, str(v)]));
      if (!b.To) return twilioError(400, 21604, "A 'To' phone number is required.");
      if (!E164.test(b.To)) return twilioError(400, 21211, `The 'To' number ${b.To} is not a valid phone number.`);
      const from = b.MessagingServiceSid ?? b.From;
      if (!from) return twilioError(400, 21603, "A 'From' phone number is required.");
      if (b.From && opts.numbers && !opts.numbers.includes(b.From)) {
        return twilioError(400, 21606, `The From phone number ${b.From} is not a valid, SMS-capable inbound phone number or short code for your account.`);
      }
      if (!b.Body && !b.ContentSid) return twilioError(400, 21602, 'Message body is required.');
      if (b.Body && b.Body.length > 1600) return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
      let params: Record<string, string> | undefined;
      if (b.ContentSid) {
        try {
          params = b.ContentVariables ? JSON.parse(b.ContentVariables) as Record<string, string> : {};
        } catch {
          return twilioError(400, 21656, 'The ContentVariables Parameter is invalid.');
        }
      }
      const sms: FakeSms = {
        id: 'SM' + randomBytes(16).toString('hex'), to: b.To, text: b.Body ?? '', from,
        template: b.ContentSid, params, at: new Date(),
      };
      core.messages.push(sms);
      if (b.StatusCallback) callbacks.set(sms.id, b.StatusCallback);
      return { status: 201, json: resource(sms) };
    }

    if (req.method === 'GET' && m[2]) {
      const sms = core.messages.find((x) => x.id === m[2]);
      return sms ? { status: 200, json: resource(sms) } : twilioError(404, 20404, `The requested resource ${req.path} was not found`);
    }
    return twilioError(405, 20004, 'Method not allowed');
  }, (kind) => {
    switch (kind) {
      case 'server_error': return twilioError(500, 20500, 'An internal server error has occurred');
      case 'rate_limit': return twilioError(429, 20429, 'Too Many Requests');
      case 'invalid_key': return twilioError(401, 20003, 'Authenticate');
      case 'invalid_number': return twilioError(400, 21211, "The 'To' number is not a valid phone number.");
      case 'insufficient_credit': return twilioError(500, 0, 'unreachable: failNext refuses this kind');
    }
  });

  async function postSigned(url: string, params: Record<string, string>): Promise<number> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'X-Twilio-Signature': twilioSignature(opts.authToken, url, params), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
    });
    await res.arrayBuffer();
    return res.status;
  }

  return {
    ...gateway(core),
    failNext(n, failure) {
      if (failure === 'insufficient_credit') throw new Error('Twilio documents no API error for credit; use failNext(n, { status, body })');
      core.failNext(n, failure);
    },
    async statusCallback(sid, status, errorCode) {
      const url = callbacks.get(sid);
      const sms = core.messages.find((x) => x.id === sid);
      if (!url || !sms) throw new Error(`no StatusCallback recorded for ${sid}`);
      core.statuses.set(sid, status);
      const params: Record<string, string> = {
        MessageSid: sid, SmsSid: sid, AccountSid: opts.accountSid, MessageStatus: status, SmsStatus: status,
        To: sms.to, From: sms.from ?? '', ApiVersion: '2010-04-01',
      };
      if (errorCode) params.ErrorCode = errorCode;
      return postSigned(url, params);
    },
    async inbound(url, msg) {
      const sid = 'SM' + randomBytes(16).toString('hex');
      const status = await postSigned(url, {
        MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, AccountSid: opts.accountSid, From: msg.from, To: msg.to,
        Body: msg.body, NumMedia: '0', NumSegments: '1', SmsStatus: 'received', ApiVersion: '2010-04-01',
      });
      return { status, sid };
    },
  };
}
