/**
 * The SMTP address an admin saves is a connection, never a set of mailer options: a query string such as
 * `?sendmail=true&path=/some/binary` once made "send test email" run that program on the server. Through the real
 * settings API and test-send route: such an address is refused with a 400 naming the parameter, the stored setting
 * stays as it was, and the program never runs. The allowed fields still work.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { startSmtp, type Smtp } from '../../test/fakes/smtp.ts';

let env: TestEnv;
let smtp: Smtp;
let admin: Agent;
let dir: string;
let marker: string;
let script: string;

beforeAll(async () => {
  smtp = await startSmtp();
  env = await createTestEnv();
  admin = await env.login('admin');
  dir = mkdtempSync(path.join(tmpdir(), 'mehvar-sendmail-'));
  marker = path.join(dir, 'ran');
  script = path.join(dir, 'fake-sendmail.sh');
  // If nodemailer ever spawns it, this "sendmail" leaves a file behind (and swallows the message).
  writeFileSync(script, `#!/bin/sh\necho ran > '${marker}'\ncat > /dev/null\n`);
  chmodSync(script, 0o755);
});
afterAll(async () => { await env?.close(); await smtp?.close(); rmSync(dir, { recursive: true, force: true }); });

const stored = async () => (await env.rt.database.db.execute(sql`SELECT value FROM settings WHERE key = 'channels.smtp'`)).rows[0]?.value;
const save = (url: string) => admin.put('/api/settings/channels/smtp', { url, from: 'Shop <shop@test.example>' });

describe('the SMTP address', () => {
  it('a sendmail query string is refused with a 400 naming it; the setting is unchanged and no program runs', async () => {
    expect((await save(smtp.url)).statusCode).toBe(200);
    const before = await stored();
    expect(before).toEqual({ url: smtp.url, from: 'Shop <shop@test.example>' });

    const res = await save(`${smtp.url}/?sendmail=true&path=${encodeURIComponent(script)}`);
    const after = await stored();
    const test = await admin.post('/api/settings/channels/test', { channel: 'email', to: 'owner@test.example' });

    expect(existsSync(marker), 'the fake sendmail ran').toBe(false);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details.url).toMatch(/sendmail/);
    expect(after).toEqual(before);
    // The stored, valid server still gets the test email.
    expect(test.statusCode, test.body).toBe(200);
    expect(smtp.messages.at(-1)?.to).toEqual(['owner@test.example']);
  });

  it('refuses every part that is not a connection field, naming it', async () => {
    const before = await stored();
    const cases: [string, RegExp][] = [
      [`${smtp.url}?sendmail=true`, /sendmail/],
      [`${smtp.url}?path=/bin/sh`, /path/],
      [`${smtp.url}?pool=true`, /pool/],
      [`${smtp.url}?streamTransport=true`, /streamTransport/],
      [`${smtp.url}?jsonTransport=true`, /jsonTransport/],
      [`${smtp.url}?proxy=${encodeURIComponent('http://10.0.0.1:3128')}`, /proxy/],
      [`${smtp.url}?localAddress=127.0.0.1`, /localAddress/],
      [`${smtp.url}?logger=true`, /logger/],
      [`${smtp.url}?tls.ca=x`, /tls\.ca/],
      [`${smtp.url}?service=gmail`, /service/],
      [`${smtp.url}?secure=true&secure=false`, /secure/],
      [`${smtp.url}?secure=maybe`, /secure/],
      [`${smtp.url}/usr/sbin/sendmail`, /path/],
      [`${smtp.url}#sendmail`, /fragment/],
      ['smtp://:25', /host/],
    ];
    for (const [url, named] of cases) {
      const res = await save(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.details.url, url).toMatch(named);
    }
    expect(await stored()).toEqual(before);
  });

  it('accepts the connection fields: user and password (URL-decoded), port, secure, STARTTLS and TLS choices, the EHLO name', async () => {
    const url = `${smtp.url.replace('smtp://', 'smtp://shop%40test:p%40ss%3Aword@')}?secure=false&requireTLS=false&ignoreTLS=true&tls.rejectUnauthorized=false&tls.servername=mail.test.example&name=crm.test.example`;
    const res = await save(url);
    expect(res.statusCode, res.body).toBe(200);
    expect((await stored() as { url: string }).url).toBe(url);
    // The fake server offers no AUTH, so the login is skipped and the message goes through.
    const test = await admin.post('/api/settings/channels/test', { channel: 'email', to: 'second@test.example' });
    expect(test.statusCode, test.body).toBe(200);
    expect(smtp.messages.at(-1)?.to).toEqual(['second@test.example']);
    expect(existsSync(marker)).toBe(false);
  });
});
