/**
 * The SMTP address parser: connection fields in, every other part of the URL refused by name. The property tests
 * build URLs from parts and check the parts come back (user and password URL-decoded), and that any parameter
 * outside the allow-list — whatever its case or value — is refused.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseSmtpUrl, SmtpUrlError } from './smtp-url.ts';

const refusal = (url: string) => {
  try {
    parseSmtpUrl(url);
  } catch (e) {
    if (e instanceof SmtpUrlError) return e.message;
    throw e;
  }
  throw new Error(`accepted: ${url}`);
};

describe('parseSmtpUrl', () => {
  it('reads the connection fields', () => {
    expect(parseSmtpUrl('smtps://shop%40example.com:p%40ss%3Aw%2Frd@Mail.Example.com:2465')).toEqual({
      host: 'mail.example.com', port: 2465, secure: true, user: 'shop@example.com', password: 'p@ss:w/rd', tls: {},
    });
    expect(parseSmtpUrl('smtp://mail.example.com')).toEqual({ host: 'mail.example.com', port: 587, secure: false, tls: {} });
    expect(parseSmtpUrl('smtps://mail.example.com/')).toMatchObject({ port: 465, secure: true });
    expect(parseSmtpUrl('smtp://mail.example.com:25/?secure=true')).toMatchObject({ port: 25, secure: true });
    expect(parseSmtpUrl('smtp://[::1]:25')).toMatchObject({ host: '::1', port: 25 });
    expect(parseSmtpUrl('smtp://0x7f.1:25')).toMatchObject({ host: '127.0.0.1' });
    expect(parseSmtpUrl('SMTP://relay.lan?requireTLS=true&TLS.rejectUnauthorized=false&tls.servername=Relay.Example.com&tls.minVersion=TLSv1.3&name=crm.example.com'))
      .toEqual({ host: 'relay.lan', port: 587, secure: false, requireTLS: true, name: 'crm.example.com',
        tls: { rejectUnauthorized: false, servername: 'relay.example.com', minVersion: 'TLSv1.3' } });
    expect(parseSmtpUrl('smtp://relay.lan?ignoreTLS=true')).toMatchObject({ ignoreTLS: true });
  });

  it('refuses everything else, naming it', () => {
    expect(refusal('smtp://h/?sendmail=true&path=/tmp/x')).toBe('not allowed: sendmail, path');
    expect(refusal('smtp://h?pool=true')).toBe('not allowed: pool');
    expect(refusal('smtp://h?tls.ca=-----BEGIN')).toBe('not allowed: tls.ca');
    expect(refusal('smtp://h?auth.type=OAuth2')).toBe('not allowed: auth.type');
    expect(refusal('smtp://h/usr/sbin/sendmail')).toMatch(/^not allowed: path/);
    expect(refusal('smtp://h#x')).toMatch(/^not allowed: fragment/);
    expect(refusal('smtp://h?secure=1')).toBe('secure must be true or false');
    expect(refusal('smtp://h?secure=true&Secure=true')).toBe('given twice: Secure');
    expect(refusal('smtps://h?secure=false')).toBe('secure=false contradicts smtps://');
    expect(refusal('smtp://h?requireTLS=true&ignoreTLS=true')).toBe('requireTLS and ignoreTLS contradict each other');
    expect(refusal('smtp://h?name=a%0d%0aMAIL')).toBe('name must be a host name');
    expect(refusal('smtp://h?tls.minVersion=TLSv1')).toBe('tls.minVersion must be TLSv1.2 or TLSv1.3');
    expect(refusal('smtp://u:%E0%A4%A@h')).toMatch(/URL encoding/);
    expect(refusal('smtp://')).toMatch(/host/);
    expect(refusal('smtp://exa mple.com')).toMatch(/host|address/);
    expect(refusal('http://mail.example.com')).toBe('must start with smtp:// or smtps://');
    expect(refusal('sendmail:///usr/sbin/sendmail')).toBe('must start with smtp:// or smtps://');
  });

  it('property: user, password, host and port come back as given', () => {
    const host = fc.stringMatching(/^[a-z]([a-z0-9-]{0,18}[a-z0-9])?(\.[a-z][a-z0-9]{1,10}){1,3}$/);
    fc.assert(fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), host, fc.integer({ min: 1, max: 65535 }), fc.boolean(),
      (user, password, h, port, secure) => {
        const url = `${secure ? 'smtps' : 'smtp'}://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${h}:${port}`;
        const t = parseSmtpUrl(url);
        expect(t.host).toBe(h);
        expect(t.port).toBe(port);
        expect(t.secure).toBe(secure);
        expect(t.user ?? '').toBe(user);
        expect(t.password ?? '').toBe(password);
      }), { numRuns: 500 });
  });

  it('property: a parameter outside the allow-list is refused by name, whatever its value', () => {
    const allowed = new Set(['secure', 'requiretls', 'ignoretls', 'name', 'tls.rejectunauthorized', 'tls.servername', 'tls.minversion']);
    const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.]{0,20}$/).filter((k) => !allowed.has(k.toLowerCase()));
    fc.assert(fc.property(key, fc.string({ maxLength: 20 }), (k, v) => {
      expect(refusal(`smtp://mail.example.com/?${encodeURIComponent(k)}=${encodeURIComponent(v)}`)).toBe(`not allowed: ${k}`);
    }), { numRuns: 500 });
  });
});

describe('parseSmtpUrl: the exact refusals', () => {
  it('names the error and trims the address', () => {
    const e = (() => { try { parseSmtpUrl('http://x'); } catch (x) { return x; } })();
    expect(e).toBeInstanceOf(SmtpUrlError);
    expect((e as Error).name).toBe('SmtpUrlError');
    expect(parseSmtpUrl('  smtp://mail.example.com \n')).toEqual({ host: 'mail.example.com', port: 587, secure: false, tls: {} });
  });

  it('the scheme must start the address', () => {
    expect(refusal('xsmtp://mail.example.com')).toBe('must start with smtp:// or smtps://');
    expect(refusal('mysmtps://mail.example.com')).toBe('must start with smtp:// or smtps://');
  });

  it('cuts long names in messages, and lists an unknown parameter once', () => {
    expect(refusal(`smtp://h/${'p'.repeat(100)}`)).toBe(`not allowed: path (/${'p'.repeat(59)})`);
    expect(refusal(`smtp://h?${'k'.repeat(50)}=1`)).toBe(`not allowed: ${'k'.repeat(40)}`);
    expect(refusal('smtp://h?pool=1&pool=2&maxConnections=3')).toBe('not allowed: pool, maxConnections');
  });

  it('says what is wrong with the host', () => {
    expect(refusal('smtp://')).toBe('a host is needed: smtp(s)://host:port');
    expect(refusal('smtp://-bad.example')).toBe('not a valid host: not a valid host name');
    expect(refusal('smtp://256.1.1.1')).toBe('not a valid host: not a valid IPv4 address');
  });

  it('takes either TLS version', () => {
    expect(parseSmtpUrl('smtp://h?tls.minVersion=TLSv1.2').tls).toEqual({ minVersion: 'TLSv1.2' });
    expect(parseSmtpUrl('smtp://h?tls.minVersion=TLSv1.3').tls).toEqual({ minVersion: 'TLSv1.3' });
    expect(refusal('smtp://h?tls.minVersion=tlsv1.3')).toBe('tls.minVersion must be TLSv1.2 or TLSv1.3');
  });
});
