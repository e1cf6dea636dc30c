/**
 * A local SMTP server (smtp-server) for tests: records every message it receives (raw MIME, decoded subject) and can
 * refuse the next N with a temporary 451, as a busy mail server would.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type Received = { from: string; to: string[]; subject: string; raw: string };
export type Smtp = { port: number; url: string; messages: Received[]; failNext(n: number): void; close(): Promise<void> };

/** Decodes a MIME header (folded, RFC 2047 encoded words in B or Q encoding). */
export function headerOf(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(name.toLowerCase() + ':'));
  if (!line) return '';
  const value = line.slice(name.length + 1).trim();
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, enc: string, text: string) => {
      const bytes = enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return new TextDecoder(charset).decode(bytes);
    });
}

export async function startSmtp(): Promise<Smtp> {
  const messages: Received[] = [];
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, cb) {
      if (failures > 0) {
        failures--;
        const err = new Error('mailbox busy, try again later') as Error & { responseCode: number };
        err.responseCode = 451;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: headerOf(raw, 'Subject'),
          raw,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port, url: `smtp://127.0.0.1:${port}`, messages,
    failNext(n) { failures = n; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}


/** The MIME parts of a received message that are attachments: file name, content type and decoded bytes. */
export function attachmentsOf(raw: string): { filename: string; contentType: string; content: Buffer }[] {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1]);
  const out: { filename: string; contentType: string; content: Buffer }[] = [];
  for (const b of boundaries) {
    for (const part of raw.split(`--${b}`)) {
      const [head, ...rest] = part.split(/\r?\n\r?\n/);
      const filename = /filename="?([^";\r\n]+)"?/i.exec(head)?.[1];
      if (!filename) continue;
      const contentType = /content-type:\s*([^;\r\n]+)/i.exec(head)?.[1] ?? '';
      const body = rest.join('\n\n');
      const content = /content-transfer-encoding:\s*base64/i.test(head) ? Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64') : Buffer.from(body);
      out.push({ filename, contentType, content });
    }
  }
  return out;
}
