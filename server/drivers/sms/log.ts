/**
 * The development driver: sends nothing, keeps the last messages in memory (and hands each to a logger if one is
 * given), and reports every message it sent as delivered. parseInbound takes `{from, to?, text}` or
 * `{providerId, status}` as JSON or form fields, so a developer can fake an incoming SMS with curl.
 */
import { randomUUID } from 'node:crypto';
import {
  phoneFromGateway, webhookParams, pick, SmsError,
  type SmsDriver, type SmsStatus, type SmsInboundResult,
} from './types.ts';
import { normalizePhone } from '../../../common/phone.ts';

export interface LoggedSms {
  providerId: string;
  to: string;
  text: string;
  template?: string;
  params?: Record<string, string>;
  ref?: string;
  /** The sender line asked for (the advertising line), when not the driver's own. */
  from?: string;
  at: string;
}

export interface LogSmsDriver extends SmsDriver {
  /** The messages sent, oldest first (the last `keep`). */
  readonly sent: readonly LoggedSms[];
  clear(): void;
}

export interface LogOptions {
  /** A pino-style logger (Fastify's `app.log`); without one the driver is silent. */
  logger?: { info(obj: object, msg?: string): void };
  /** How many messages to keep in memory. */
  keep?: number;
}

const STATUSES: readonly SmsStatus[] = ['queued', 'sent', 'delivered', 'failed', 'undelivered', 'unknown'];

export function logDriver(opts: LogOptions = {}): LogSmsDriver {
  const keep = opts.keep ?? 1000;
  const sent: LoggedSms[] = [];
  const ids = new Set<string>();

  function record(entry: Omit<LoggedSms, 'providerId' | 'at'>) {
    const p = normalizePhone(entry.to);
    if (!p.ok) throw new SmsError(`log: ${JSON.stringify(entry.to)} is not a phone number`, 'invalid_number', false, 'log', 'invalid_number');
    const item: LoggedSms = { ...entry, to: p.e164, providerId: `log-${randomUUID()}`, at: new Date().toISOString() };
    sent.push(item);
    ids.add(item.providerId);
    while (sent.length > keep) ids.delete(sent.shift()!.providerId);
    opts.logger?.info({ sms: item }, 'sms (log driver)');
    return { providerId: item.providerId, status: 'delivered' as const, raw: item };
  }

  return {
    name: 'log',
    get sent() {
      return sent;
    },
    clear() {
      sent.length = 0;
      ids.clear();
    },
    async send(msg) {
      return record({ to: msg.to, text: msg.text, ref: msg.ref, ...(msg.from ? { from: msg.from } : {}) });
    },
    async sendTemplate(msg) {
      // Render `{name}` placeholders so the log shows what a person would read.
      const text = msg.template.replace(/\{(\w+)\}/g, (m, k: string) => msg.params[k] ?? m);
      return record({ to: msg.to, text, template: msg.template, params: { ...msg.params } });
    },
    async status(providerIds) {
      return providerIds.map((id) => ids.has(id)
        ? { providerId: id, status: 'delivered' as const, providerStatus: 'delivered' }
        : { providerId: id, status: 'unknown' as const, providerStatus: 'not_found' });
    },
    parseInbound(req): SmsInboundResult {
      const p = webhookParams(req);
      const text = pick(p, 'text', 'body', 'message');
      const from = pick(p, 'from');
      if (text !== undefined && from) {
        const to = pick(p, 'to');
        return { messages: [{ from: phoneFromGateway(from), to: to ? phoneFromGateway(to) : undefined, text, providerId: pick(p, 'providerId'), receivedAt: new Date().toISOString() }], statuses: [] };
      }
      const id = pick(p, 'providerId');
      const st = pick(p, 'status');
      if (id && st) {
        const status = (STATUSES as readonly string[]).includes(st) ? (st as SmsStatus) : 'unknown';
        return { messages: [], statuses: [{ providerId: id, status, providerStatus: st }] };
      }
      return { messages: [], statuses: [] };
    },
  };
}
