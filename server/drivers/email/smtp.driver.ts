/**
 * Email over SMTP with nodemailer. The transport is built from the parsed, allow-listed fields of the SMTP address
 * (smtp-url.ts), never from the URL itself, and its socket is opened by the outbound guard (nodemailer's getSocket):
 * nodemailer's own DNS resolution and connect are never used, so the address checked is the address connected to.
 * Message content never reads files or fetches URLs (disableFileAccess, disableUrlAccess).
 */
import nodemailer from 'nodemailer';
import type { Socket } from 'node:net';
import { parseSmtpUrl } from './smtp-url.ts';
import type { OutboundGuard } from '../../net/outbound-guard.ts';

export type EmailAttachment = { filename: string; content: Buffer; contentType: string };

export interface EmailDriver {
  send(msg: { to: string; subject: string; text: string; html?: string; messageId?: string; attachments?: EmailAttachment[]; headers?: Record<string, string> }): Promise<{ messageId: string }>;
}

const CONNECT_TIMEOUT_MS = 15_000;

export function smtpDriver(url: string, from: string, guard: OutboundGuard): EmailDriver {
  const t = parseSmtpUrl(url);
  const transport = nodemailer.createTransport({
    host: t.host,
    port: t.port,
    secure: t.secure,
    auth: t.user !== undefined || t.password !== undefined ? { user: t.user ?? '', pass: t.password ?? '' } : undefined,
    requireTLS: t.requireTLS,
    ignoreTLS: t.ignoreTLS,
    name: t.name,
    tls: { ...t.tls },
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    disableFileAccess: true,
    disableUrlAccess: true,
    // The plain TCP socket; nodemailer still does TLS (smtps:// or STARTTLS) on it, checking the certificate against t.host.
    getSocket: (_options: unknown, callback: (err: Error | null, socketOptions?: { connection: Socket }) => void) => {
      const socket = guard.connect({ host: t.host, port: t.port, timeoutMs: CONNECT_TIMEOUT_MS });
      const onError = (err: Error) => callback(err);
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        callback(null, { connection: socket });
      });
    },
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(msg) {
      // Only bytes we made: an attachment with `path` or `href` would make nodemailer read a file or fetch a URL.
      const attachments = msg.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType }));
      const info = await transport.sendMail({ from, to: msg.to, subject: msg.subject, text: msg.text, html: msg.html, messageId: msg.messageId, attachments, headers: msg.headers });
      return { messageId: info.messageId };
    },
  };
}
