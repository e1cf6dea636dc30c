/** The support calendar's answer (no other test reads it): the default week and holidays, then an admin's own. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
let support: Agent;
beforeAll(async () => { env = await createTestEnv({ start: '2026-11-23T08:00:00Z' }); admin = await env.login('admin'); support = await env.login('support'); });
afterAll(async () => env?.close());

const day = (start: string, end: string) => [{ start, end }];

describe('support calendar answers', () => {
  it('shows the default week and Iran’s fixed holidays of this Jalali year and the next until an admin sets one', async () => {
    const res = await support.get('/api/support/calendar');
    expect(res.statusCode, res.body).toBe(200);
    const { calendar, custom } = res.json();
    expect(custom).toBe(false);
    expect(calendar.timeZone).toBe('Asia/Tehran');
    // Sunday first: Saturday–Wednesday 08–17, Thursday 08–13, Friday closed.
    expect(calendar.weeklyHours).toEqual([
      day('08:00', '17:00'), day('08:00', '17:00'), day('08:00', '17:00'), day('08:00', '17:00'), day('08:00', '13:00'), [], day('08:00', '17:00'),
    ]);
    // 1405 and 1406: ten fixed holidays each; 1 Farvardin 1405 is 21 March 2026.
    expect(calendar.holidays).toHaveLength(20);
    expect(calendar.holidays[0]).toEqual({ date: '2026-03-21', name: 'نوروز' });

    const week = [[], day('09:00', '18:00'), day('09:00', '18:00'), day('09:00', '18:00'), day('09:00', '18:00'), day('09:00', '18:00'), []];
    const put = await admin.put('/api/support/calendar', { timeZone: 'Asia/Tehran', weeklyHours: week, holidays: [{ date: '2026-12-25', name: 'تعطیل شرکت' }] });
    expect(put.statusCode, put.body).toBe(200);
    const after = await support.get('/api/support/calendar');
    expect(after.json()).toEqual({ custom: true, calendar: { timeZone: 'Asia/Tehran', weeklyHours: week, holidays: [{ date: '2026-12-25', name: 'تعطیل شرکت' }] } });
  });
});
