/**
 * The SMTP server address (`smtps://user:password@mail.example.com:465?requireTLS=true`) read into connection fields
 * only. nodemailer turns every query parameter of a URL given to createTransport into a transport option — including
 * `sendmail=true&path=/some/binary`, which runs a program — so the URL never reaches nodemailer: it is parsed here
 * against an allow-list and anything else is refused by name.
 *
 * Allowed: user and password (URL-encoded), host, port; `secure` (smtps:// means true); `requireTLS` (refuse a server
 * without STARTTLS: only stricter); `ignoreTLS` (never STARTTLS: for a relay on the same machine or LAN that offers a
 * broken certificate; weaker, but it only concerns the link to the server the admin chose); `tls.rejectUnauthorized`
 * (accept a self-signed certificate: same reasoning); `tls.servername` (the name the certificate is checked against)
 * and `tls.minVersion`; `name` (the EHLO name). None of them reads a file, runs a program, opens another connection or
 * changes where the mail goes.
 */
import { formatIp, parseHost } from '../../net/ip-address.ts';

export type SmtpTarget = {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  requireTLS?: boolean;
  ignoreTLS?: boolean;
  /** The EHLO name. */
  name?: string;
  tls: { rejectUnauthorized?: boolean; servername?: string; minVersion?: 'TLSv1.2' | 'TLSv1.3' };
};

/** A refusal; the message names the part (stable English, shown to the admin and mapped by the web app). */
export class SmtpUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmtpUrlError';
  }
}

type Param = { key: keyof SmtpTarget | 'tls.rejectUnauthorized' | 'tls.servername' | 'tls.minVersion'; kind: 'bool' | 'host' | 'tlsVersion' };
/** The query parameters allowed, by lower-cased name. */
const PARAMS: Record<string, Param> = {
  secure: { key: 'secure', kind: 'bool' },
  requiretls: { key: 'requireTLS', kind: 'bool' },
  ignoretls: { key: 'ignoreTLS', kind: 'bool' },
  // Stryker disable next-line StringLiteral: 'host' is the else branch of the kinds, so another text reads the same
  name: { key: 'name', kind: 'host' },
  'tls.rejectunauthorized': { key: 'tls.rejectUnauthorized', kind: 'bool' },
  // Stryker disable next-line StringLiteral: as for name
  'tls.servername': { key: 'tls.servername', kind: 'host' },
  'tls.minversion': { key: 'tls.minVersion', kind: 'tlsVersion' },
};

export const SMTP_SCHEME_MESSAGE = 'must start with smtp:// or smtps://';

export function parseSmtpUrl(raw: string): SmtpTarget {
  const text = raw.trim();
  if (!/^smtps?:\/\//i.test(text)) throw new SmtpUrlError(SMTP_SCHEME_MESSAGE);
  if (text.includes('#')) throw new SmtpUrlError('not allowed: fragment (#…)');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SmtpUrlError('not a valid address: smtp(s)://user:password@host:port');
  }
  if (url.pathname !== '' && url.pathname !== '/') throw new SmtpUrlError(`not allowed: path (${url.pathname.slice(0, 60)})`);

  const unknown: string[] = [];
  const seen = new Set<string>();
  const values: Record<string, string> = {};
  for (const [k, v] of url.searchParams) {
    const p = PARAMS[k.toLowerCase()];
    if (!p) { if (!unknown.includes(k)) unknown.push(k.slice(0, 40)); continue; }
    if (seen.has(p.key)) throw new SmtpUrlError(`given twice: ${k}`);
    seen.add(p.key);
    values[p.key] = v;
  }
  if (unknown.length) throw new SmtpUrlError(`not allowed: ${unknown.join(', ')}`);

  if (!url.hostname) throw new SmtpUrlError('a host is needed: smtp(s)://host:port');
  const host = parseHost(url.hostname);
  if (host.kind === 'invalid') throw new SmtpUrlError(`not a valid host: ${host.reason}`);
  const smtps = url.protocol.toLowerCase() === 'smtps:';
  // One spelling of the host from here on (0x7f.1 is 127.0.0.1): what is checked is what is connected to.
  const target: SmtpTarget = { host: host.kind === 'ip' ? formatIp(host.ip) : host.name, port: 0, secure: smtps, tls: {} };

  for (const [key, v] of Object.entries(values)) {
    const p = Object.values(PARAMS).find((x) => x.key === key)!;
    let value: boolean | string;
    if (p.kind === 'bool') {
      if (v !== 'true' && v !== 'false') throw new SmtpUrlError(`${key} must be true or false`);
      value = v === 'true';
    } else if (p.kind === 'tlsVersion') {
      if (v !== 'TLSv1.2' && v !== 'TLSv1.3') throw new SmtpUrlError(`${key} must be TLSv1.2 or TLSv1.3`);
      value = v;
    } else {
      const h = parseHost(v);
      if (h.kind !== 'name') throw new SmtpUrlError(`${key} must be a host name`);
      value = h.name;
    }
    if (key.startsWith('tls.')) (target.tls as Record<string, unknown>)[key.slice(4)] = value;
    else (target as Record<string, unknown>)[key] = value;
  }
  if (smtps && target.secure === false) throw new SmtpUrlError('secure=false contradicts smtps://');
  if (target.requireTLS && target.ignoreTLS) throw new SmtpUrlError('requireTLS and ignoreTLS contradict each other');
  target.port = url.port ? Number(url.port) : target.secure ? 465 : 587;

  try {
    if (url.username) target.user = decodeURIComponent(url.username);
    if (url.password) target.password = decodeURIComponent(url.password);
  } catch {
    throw new SmtpUrlError('the user or password is not valid URL encoding (write @ as %40, : as %3A)');
  }
  return target;
}
