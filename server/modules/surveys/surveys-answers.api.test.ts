/**
 * Answers of the survey routes the flow test does not read: the survey list, one survey and its change, the VoC
 * settings, editing feedback and its topics, and the website widget's script.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
beforeAll(async () => { env = await createTestEnv({ start: '2026-11-23T08:00:00Z' }); admin = await env.login('admin'); });
afterAll(async () => env?.close());

const NPS = { id: 'nps', type: 'nps', text: { fa: 'چقدر ما را به دوستانتان پیشنهاد می‌کنید؟' } };

describe('survey answers', () => {
  it('lists surveys with their counts, reads one and changes it', async () => {
    const made = await admin.post('/api/surveys', { name: 'وفاداری', questions: [NPS], anonymousEnabled: true });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    const list = await admin.get('/api/surveys');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining({ id, name: 'وفاداری', status: 'draft', metric: 'nps', sent: 0, responses: 0 })]);

    const one = await admin.get(`/api/surveys/${id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      id, channel: 'sms', trigger: { type: 'manual', delayMinutes: 0, everyMonths: 6 }, intro: { fa: '', en: '' },
      anonymousEnabled: true, anonymousUrl: expect.stringMatching(/\/s\/a\/[A-Za-z0-9_-]+$/),
      questions: [{ id: 'nps', type: 'nps', text: { fa: NPS.text.fa, en: '' }, required: true, options: [] }],
    });

    const changed = await admin.patch(`/api/surveys/${id}`, { status: 'active', anonymousEnabled: false });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ id, status: 'active', anonymousEnabled: false, anonymousUrl: null });
  });

  it('reads and changes the VoC settings', async () => {
    const before = await admin.get('/api/voc/settings');
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({ fatigueDays: 30, quietStart: '21:00', quietEnd: '09:00', editMinutes: 30, linkDays: 14, followUpHours: 24, reviewLink: '' });
    const settings = before.json() as Record<string, unknown>;
    const put = await admin.put('/api/voc/settings', { ...settings, fatigueDays: 45, reviewLink: 'https://g.page/r/shop' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({ ...settings, fatigueDays: 45, reviewLink: 'https://g.page/r/shop' });
  });

  it('edits feedback and its topics; a removed topic is gone', async () => {
    const topic = await admin.post('/api/feedback/topics', { name: 'قیمت', keywords: ['گران'] });
    expect(topic.statusCode, topic.body).toBe(201);
    const topics = await admin.get('/api/feedback/topics');
    expect(topics.statusCode).toBe(200);
    expect(topics.json().items).toEqual([{ id: topic.json().id, name: 'قیمت', keywords: ['گران'] }]);
    const renamed = await admin.put(`/api/feedback/topics/${topic.json().id}`, { name: 'قیمت‌ها', keywords: ['گران', 'تخفیف'] });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toEqual({ id: topic.json().id, name: 'قیمت‌ها', keywords: ['گران', 'تخفیف'] });

    const fb = await admin.post('/api/feedback', { channel: 'call', text: 'جنس خوب بود ولی گران‌تر از بازار' });
    expect(fb.statusCode, fb.body).toBe(201);
    expect(fb.json()).toMatchObject({ channel: 'call', sentiment: null, topics: ['قیمت‌ها'], customerId: null, score: null, metric: null });
    const edited = await admin.patch(`/api/feedback/${fb.json().id}`, { sentiment: 'negative', topics: ['قیمت‌ها', 'کیفیت'] });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ id: fb.json().id, sentiment: 'negative', topics: ['قیمت‌ها', 'کیفیت'] });

    const del = await admin.del(`/api/feedback/topics/${topic.json().id}`);
    expect(del.statusCode, del.body).toBe(204);
    expect((await admin.get('/api/feedback/topics')).json().items).toEqual([]);
  });

  it('serves the widget and the page scripts as JavaScript', async () => {
    for (const url of ['/s/widget.js', '/s/_survey.js']) {
      const res = await env.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(res.body.length).toBeGreaterThan(100);
    }
  });
});
