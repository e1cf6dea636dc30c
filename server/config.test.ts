/** The environment's outbound targets are checked at start: a bad SMTP_URL or allow-list entry stops the server with its name. */
import { describe, it, expect } from 'vitest';
import { loadConfig } from './config.ts';

const base = { MEHVAR_DATA_DIR: '/nonexistent' };

describe('SMTP_URL', () => {
  it('a query parameter that is not a connection field is a configuration error naming it', () => {
    expect(() => loadConfig({ ...base, SMTP_URL: 'smtp://mail.example.com:587/?sendmail=true&path=/tmp/x' })).toThrow(/SMTP_URL.*sendmail/);
    expect(() => loadConfig({ ...base, SMTP_URL: 'smtps://mail.example.com/?pool=true' })).toThrow(/SMTP_URL.*pool/);
    expect(() => loadConfig({ ...base, SMTP_URL: 'smtp://mail.example.com/var/mail' })).toThrow(/SMTP_URL.*path/);
  });

  it('a loopback or private SMTP host needs the operator to allow it', () => {
    expect(() => loadConfig({ ...base, SMTP_URL: 'smtp://127.0.0.1:25' })).toThrow(/SMTP_URL.*private address.*MEHVAR_OUTBOUND_ALLOW/s);
    expect(() => loadConfig({ ...base, SMTP_URL: 'smtp://localhost:25' })).toThrow(/SMTP_URL.*MEHVAR_OUTBOUND_ALLOW/s);
    expect(loadConfig({ ...base, SMTP_URL: 'smtp://127.0.0.1:25', MEHVAR_OUTBOUND_ALLOW: '127.0.0.1' }).smtp?.url).toBe('smtp://127.0.0.1:25');
    expect(loadConfig({ ...base, SMTP_URL: 'smtps://user:pw@mail.example.com:465?requireTLS=true' }).smtp?.url).toBe('smtps://user:pw@mail.example.com:465?requireTLS=true');
  });
});

describe('SMS_BASE_URL', () => {
  it('a loopback or private gateway address needs the operator to allow it', () => {
    expect(() => loadConfig({ ...base, SMS_DRIVER: 'kavenegar', SMS_BASE_URL: 'http://169.254.169.254/' })).toThrow(/SMS_BASE_URL.*private address/s);
    expect(loadConfig({ ...base, SMS_DRIVER: 'kavenegar', SMS_BASE_URL: 'http://10.1.2.3:8080', MEHVAR_OUTBOUND_ALLOW: '10.0.0.0/8' }).sms?.baseUrl).toBe('http://10.1.2.3:8080');
  });
});

describe('MEHVAR_OUTBOUND_ALLOW', () => {
  it('is a comma-separated list of host names, addresses and CIDR ranges, normalized', () => {
    expect(loadConfig(base).outboundAllow).toEqual([]);
    expect(loadConfig({ ...base, MEHVAR_OUTBOUND_ALLOW: ' PBX.Office.LAN , 10.0.0.5,192.168.1.0/24, [::1] ' }).outboundAllow)
      .toEqual(['pbx.office.lan', '10.0.0.5', '192.168.1.0/24', '::1']);
  });

  it('an entry that is none of those stops the start, naming it', () => {
    expect(() => loadConfig({ ...base, MEHVAR_OUTBOUND_ALLOW: 'pbx.office.lan,http://x/' })).toThrow(/MEHVAR_OUTBOUND_ALLOW.*http:\/\/x\//s);
    expect(() => loadConfig({ ...base, MEHVAR_OUTBOUND_ALLOW: '10.0.0.0/33' })).toThrow(/MEHVAR_OUTBOUND_ALLOW.*10\.0\.0\.0\/33/s);
  });
});

describe('scheduled backups', () => {
  it('are on for the embedded database, into backups/ in the data folder, keeping 7, at 03:00 Tehran', () => {
    expect(loadConfig({ MEHVAR_DATA_DIR: '/srv/mehvar' }).backup).toEqual({ dir: '/srv/mehvar/backups', keep: 7, cron: '30 23 * * *' });
  });
  it('are off for PostgreSQL unless a folder is given, and off when asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/mehvar' }).backup).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://db/mehvar', MEHVAR_BACKUP_DIR: '/backups', MEHVAR_BACKUP_KEEP: '30' }).backup)
      .toEqual({ dir: '/backups', keep: 30, cron: '30 23 * * *' });
    expect(loadConfig({ MEHVAR_BACKUP_DIR: 'off' }).backup).toBeUndefined();
  });
  it('refuse a schedule that is not five cron fields and a keep below one', () => {
    expect(() => loadConfig({ MEHVAR_BACKUP_CRON: 'daily' })).toThrow(/MEHVAR_BACKUP_CRON/);
    expect(() => loadConfig({ MEHVAR_BACKUP_KEEP: '0' })).toThrow(/MEHVAR_BACKUP_KEEP/);
  });
});

describe('MEHVAR_PGLITE_WORKER', () => {
  it('runs the embedded database in a worker thread unless turned off, and refuses anything but on/off', () => {
    expect(loadConfig(base).pgliteWorker).toBe(true);
    expect(loadConfig({ ...base, MEHVAR_PGLITE_WORKER: 'off' }).pgliteWorker).toBe(false);
    expect(() => loadConfig({ ...base, MEHVAR_PGLITE_WORKER: 'yes' })).toThrow(/MEHVAR_PGLITE_WORKER/);
  });
});
