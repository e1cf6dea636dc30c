/** Shared steps of the kinds' API tests: upload a file as the wizard does, start it, wait for the end. */
import { until, type Agent, type TestEnv } from './harness.ts';
import type { ImportPreview, ImportView } from '../../common/imports.schemas.ts';

export function kit(getEnv: () => TestEnv) {
  const upload = (agent: Agent, kind: string, body: Buffer | string, fileName = `${kind}.csv`, type = 'text/csv') =>
    getEnv().app.inject({ method: 'POST', url: `/api/imports?kind=${kind}&fileName=${encodeURIComponent(fileName)}`, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf, 'content-type': type }, payload: body });

  const finished = (agent: Agent, id: string): Promise<ImportView> => until(async () => {
    const v = (await agent.get(`/api/imports/${id}`)).json() as ImportView;
    return v.status === 'queued' || v.status === 'running' ? undefined : v;
  }, 30_000);

  /** Upload → (settings) → start → the finished batch. */
  async function runImport(agent: Agent, kind: string, body: Buffer | string, settings?: { mapping?: Record<string, string>; options?: Record<string, string> }) {
    const up = await upload(agent, kind, body);
    if (up.statusCode !== 201) throw new Error(`upload: ${up.statusCode} ${up.body}`);
    let preview = up.json() as ImportPreview;
    if (settings) {
      const put = await agent.put(`/api/imports/${preview.id}`, settings);
      if (put.statusCode !== 200) throw new Error(`settings: ${put.statusCode} ${put.body}`);
      preview = put.json() as ImportPreview;
    }
    const start = await agent.post(`/api/imports/${preview.id}/start`);
    if (start.statusCode !== 202) throw new Error(`start: ${start.statusCode} ${start.body}`);
    return { preview, done: await finished(agent, preview.id) };
  }

  /** The reasons column of the rejected-rows CSV, in a language. */
  async function rejectedReasons(agent: Agent, id: string, lang?: 'fa' | 'en'): Promise<string[]> {
    const res = await agent.get(`/api/imports/${id}/rejected.csv${lang ? `?lang=${lang}` : ''}`);
    if (res.statusCode !== 200) throw new Error(`rejected.csv: ${res.statusCode} ${res.body}`);
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);
    return lines.map((l) => { const m = /,("(?:[^"]|"")*"|[^,]*)$/.exec(l)!; return m[1].replace(/^"|"$/g, '').replace(/""/g, '"'); });
  }

  return { upload, finished, runImport, rejectedReasons };
}
