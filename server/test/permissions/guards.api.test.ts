/**
 * Guards that are not role cells but decide who may touch what: notifications belong to their user; public document and
 * survey links stop working when they expire; an expired quote cannot be accepted through its link; the logo upload
 * takes only a real PNG or JPEG of at most 500 KB. Every refused request leaves the rows as they were.
 */
import { describe, it, expect } from 'vitest';
import { withTx } from '../../db/tx.ts';
import { notify } from '../../modules/notifications/index.ts';
import { mobileFrom } from '../harness.ts';
import { setLogo } from '../../modules/settings/index.ts';
import { systemActor } from '../../modules/auth/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { useWorld, created, ok, type World } from './world.ts';

const w: World = useWorld();
const DAY = 86_400_000;
const form = (url: string, body: string) => w.env.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body, remoteAddress: `10.9.${w.n() % 250}.${w.n() % 250}` });
const page = (url: string) => w.env.app.inject({ method: 'GET', url, remoteAddress: `10.8.${w.n() % 250}.${w.n() % 250}` });

describe('notifications belong to their user', () => {
  it('another user neither lists nor marks them read', async () => {
    const a = w.agents.sales;
    const b = w.agents.support;
    const mine = (await withTx(w.env.rt.database, (tx) => notify(tx, { userId: a.userId, kind: 'test', title: 'برای فروش', dedupeKey: `n-a-${w.n()}` })))!;
    const theirs = (await withTx(w.env.rt.database, (tx) => notify(tx, { userId: b.userId, kind: 'test', title: 'برای پشتیبانی', dedupeKey: `n-b-${w.n()}` })))!;
    const listA = (await ok(a.get('/api/notifications'))) as { items: { id: string }[]; unread: number };
    expect(listA.items.map((x) => x.id)).toEqual([mine.id]);
    expect(listA.unread).toBe(1);
    const listB = (await ok(b.get('/api/notifications'))) as { items: { id: string }[]; unread: number };
    expect(listB.items.map((x) => x.id)).toEqual([theirs.id]);

    const before = await w.row('notifications', mine.id);
    const res = await b.post(`/api/notifications/${mine.id}/read`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
    expect(await w.row('notifications', mine.id)).toEqual(before);
    expect((await b.post('/api/notifications/read-all')).statusCode).toBe(204);
    expect(await w.row('notifications', mine.id)).toEqual(before);
    expect((await w.row('notifications', theirs.id))!.read_at).not.toBeNull();
    // The owner still can.
    expect((await a.post(`/api/notifications/${mine.id}/read`)).statusCode).toBe(204);
    expect((await w.row('notifications', mine.id))!.read_at).not.toBeNull();
  });
});

describe('public document links', () => {
  async function sentQuote() {
    const cid = await created(w.admin.post('/api/customers', { kind: 'person', lastName: `خریدار ${w.n()}`, emails: [{ address: `buyer${w.n()}@customer.example` }], emailConsent: true }));
    const id = await created(w.admin.post('/api/documents', { kind: 'quote', customerId: cid, lines: [{ description: 'خدمت', quantity: '1', unitPrice: '1000' }] }));
    const sent = await ok(w.admin.post(`/api/documents/${id}/send`, { email: true }));
    const token = new URL(String(sent.link)).pathname.split('/').pop()!;
    return { id, token };
  }

  it('a link past its expiry opens nothing and decides nothing', async () => {
    const { id, token } = await sentQuote();
    expect((await page(`/d/${token}`)).statusCode).toBe(200);
    w.env.clock.advance(31 * DAY); // publicLinkDays: 30
    try {
      const before = await w.row('documents', id);
      expect((await page(`/d/${token}`)).statusCode).toBe(404);
      expect((await page(`/d/${token}/pdf`)).statusCode).toBe(404);
      expect((await form(`/d/${token}/decision`, 'decision=accept')).statusCode).toBe(404);
      const after = await w.row('documents', id);
      expect(after).toEqual(before);
      expect(after!.status).not.toBe('accepted');
    } finally {
      w.env.clock.advance(-31 * DAY);
    }
  });

  it('a quote past its validity cannot be accepted through a link that still works', async () => {
    const { id, token } = await sentQuote();
    w.env.clock.advance(16 * DAY); // quoteValidityDays: 14; the link lives 30
    try {
      const before = await w.row('documents', id);
      const res = await form(`/d/${token}/decision`, 'decision=accept');
      expect(res.statusCode).toBe(409);
      expect(res.body).toContain('This quote has expired; ask for a new one');
      // The refusal rolls its transaction back: the quote is as it was (the daily job or a page view marks it expired).
      expect(await w.row('documents', id)).toEqual(before);
      expect((await page(`/d/${token}`)).statusCode).toBe(200);
      expect((await w.row('documents', id))!.status).toBe('expired');
      expect((await w.q("SELECT type FROM document_events WHERE document_id = $1 AND type = 'accepted'", [id]))).toEqual([]);
    } finally {
      w.env.clock.advance(-16 * DAY);
    }
  });
});

describe('public survey links', () => {
  it('a link past its lifetime shows nothing and takes no answer', async () => {
    const survey = await created(w.admin.post('/api/surveys', {
      name: 'نظرسنجی پیوند', status: 'active', channel: 'sms', trigger: { type: 'manual' },
      questions: [{ id: 'nps', type: 'nps', text: { fa: 'چقدر ما را توصیه می‌کنید؟' } }],
    }));
    const cid = await created(w.admin.post('/api/customers', { kind: 'person', lastName: `پاسخ‌دهنده ${w.n()}`, phones: [{ number: mobileFrom(8_100_000 + w.n()) }], smsConsent: true }));
    expect(await ok(w.admin.post(`/api/surveys/${survey}/send`, { customerIds: [cid] }))).toMatchObject({ sent: 1 });
    const [m] = await w.q<{ body: string }>("SELECT body FROM messages WHERE customer_id = $1 AND subject_type = 'survey_invitation'", [cid]);
    const token = m.body.match(/\/s\/([A-Za-z0-9_-]+)/)![1];
    expect((await page(`/s/${token}`)).statusCode).toBe(200);
    w.env.clock.advance(15 * DAY); // linkDays: 14
    try {
      expect((await page(`/s/${token}`)).statusCode).toBe(404);
      expect((await form(`/s/${token}`, 'nps=10')).statusCode).toBe(404);
      expect(await w.q('SELECT id FROM survey_responses WHERE customer_id = $1', [cid])).toEqual([]);
    } finally {
      w.env.clock.advance(-15 * DAY);
    }
    // Within its lifetime the same link takes the answer (so the 404 above was the expiry).
    expect((await form(`/s/${token}`, 'nps=10')).statusCode).toBe(200);
    expect(await w.q('SELECT customer_id FROM survey_responses WHERE customer_id = $1', [cid])).toEqual([{ customer_id: cid }]);
  });
});

describe('the logo upload', () => {
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);
  const url = (mime: string, bytes: Buffer) => `data:${mime};base64,${bytes.toString('base64')}`;
  const stored = async () => (await w.q("SELECT value FROM settings WHERE key = 'org.pdfLogo'"))[0];

  it('takes a real PNG or JPEG, and refuses anything else with the stored logo unchanged', async () => {
    expect((await w.admin.put('/api/settings/logo', { dataUrl: url('image/jpeg', JPEG) })).statusCode).toBe(200);
    expect((await w.admin.put('/api/settings/logo', { dataUrl: url('image/png', PNG) })).statusCode).toBe(200);
    const before = await stored();
    expect(before).toEqual({ value: { mime: 'image/png', base64: PNG.toString('base64') } });
    const refused: [string, string][] = [
      ['an SVG (script-capable)', url('image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))],
      ['HTML called a PNG', url('image/png', Buffer.from('<html><script>alert(1)</script></html>'))],
      ['a JPEG called a PNG', url('image/png', JPEG)],
      ['a PNG called a JPEG', url('image/jpeg', PNG)],
      ['a GIF', url('image/gif', Buffer.from('GIF89a\x01\x00\x01\x00'))],
      ['not a data URL', 'https://evil.example/logo.png'],
      ['a PNG over 500 KB', url('image/png', Buffer.concat([PNG, Buffer.alloc(500_001 - PNG.length)]))],
    ];
    for (const [what, dataUrl] of refused) {
      const res = await w.admin.put('/api/settings/logo', { dataUrl });
      expect(res.statusCode, what).toBe(400);
      expect(res.json().error.code, what).toBe('VALIDATION_FAILED');
      expect(await stored(), what).toEqual(before);
    }
    // The service checks again behind the route's schema (the CLI and other callers have no schema in front).
    const admin = systemActor(DEFAULT_ROLES.admin.permissions);
    for (const [what, dataUrl] of refused) {
      await expect(setLogo(w.env.rt.database.db, admin, dataUrl), what).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await stored(), what).toEqual(before);
    }
    // Exactly 500 KB is still a logo.
    expect((await w.admin.put('/api/settings/logo', { dataUrl: url('image/png', Buffer.concat([PNG, Buffer.alloc(500_000 - PNG.length)])) })).statusCode).toBe(200);
    const logo = await page('/api/settings/logo');
    expect(logo.statusCode).toBe(401); // the logo is for signed-in users (and the documents)
  });
});
