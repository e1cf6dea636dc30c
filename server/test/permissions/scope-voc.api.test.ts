/**
 * Read scopes on the customer's voice: a survey answered by each of the four people's customers is counted, listed and
 * measured for an 'own' or 'team' user only where the customer is visible — the survey list's response count, the
 * responses list and its total, and the NPS metric's n.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { useScopeWorld, SEES, WHO, expectSameIds, type ScopeWorld } from './scope-world.ts';
import { created, ok, idsOf } from './world.ts';

const w: ScopeWorld = useScopeWorld();
let survey = '';
const responses = {} as Record<string, string>;

beforeAll(async () => {
  survey = await created(w.admin.post('/api/surveys', {
    name: 'نظرسنجی دامنه', status: 'active', channel: 'email', trigger: { type: 'manual' },
    questions: [{ id: 'nps', type: 'nps', text: { fa: 'چقدر ما را توصیه می‌کنید؟', en: 'Would you recommend us?' } }],
  }));
  const ids = WHO.map((who) => w.rec.customers[who]);
  expect(await ok(w.admin.post(`/api/surveys/${survey}/send`, { customerIds: ids }))).toMatchObject({ sent: 4 });
  for (const who of WHO) {
    const [m] = await w.q<{ body: string }>("SELECT body FROM messages WHERE customer_id = $1 AND subject_type = 'survey_invitation'", [w.rec.customers[who]]);
    const token = m.body.match(/\/s\/([A-Za-z0-9_-]+)/)![1];
    const res = await w.env.app.inject({ method: 'POST', url: `/s/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'nps=9', remoteAddress: `10.7.0.${WHO.indexOf(who) + 1}` });
    expect(res.statusCode, res.body).toBe(200);
    const [r] = await w.q<{ id: string }>('SELECT id FROM survey_responses WHERE customer_id = $1', [w.rec.customers[who]]);
    responses[who] = r.id;
  }
}, 180_000);

for (const scope of ['own', 'team'] as const) {
  describe(`scope '${scope}'`, () => {
    it('counts, lists and measures only the answers of visible customers', async () => {
      const a = scope === 'own' ? w.people.uOwn : w.people.uTeam;
      const want = SEES[scope].map((who) => responses[who]);
      const list = (await ok(a.get('/api/surveys'))) as { items: { id: string; responses: number; sent: number }[] };
      expect(list.items.find((s) => s.id === survey)).toMatchObject({ responses: want.length, sent: want.length });
      const answers = await a.get(`/api/survey-responses?surveyId=${survey}&pageSize=100`);
      expect(answers.statusCode, answers.body).toBe(200);
      expectSameIds(idsOf(answers), want);
      expect(answers.json().total).toBe(want.length);
      const nps = (await ok(a.get(`/api/voc/metrics?metric=nps&surveyId=${survey}`))) as { summary: { n: number } };
      expect(nps.summary.n).toBe(want.length);
    });
  });
}
