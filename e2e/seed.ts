/** A handful of realistic records through the public API, so screenshots show a business rather than empty tables. */
import type { APIRequestContext } from 'playwright-core';

const PEOPLE = [
  { firstName: 'مریم', lastName: 'احمدی', city: 'تهران', phone: '09121112233', tags: ['VIP'], lifecycleStage: 'loyal', source: 'referral' },
  { firstName: 'رضا', lastName: 'محمدی', city: 'اصفهان', phone: '09351234567', tags: ['عمده‌فروش'], lifecycleStage: 'customer', source: 'phone' },
  { firstName: 'زهرا', lastName: 'حسینی', city: 'شیراز', phone: '09187654321', tags: [], lifecycleStage: 'prospect', source: 'instagram' },
  { firstName: 'امیر', lastName: 'رضایی', city: 'مشهد', phone: '09011234567', tags: ['نمایشگاه ۱۴۰۵'], lifecycleStage: 'lead', source: 'exhibition' },
  { firstName: 'سارا', lastName: 'کریمی‌نژاد', city: 'تبریز', phone: '09381239876', tags: [], lifecycleStage: 'at_risk', source: 'website' },
];

export async function seed(request: APIRequestContext) {
  const me = await (await request.get('/api/auth/me')).json() as { csrfToken: string };
  const headers = { 'X-CSRF-Token': me.csrfToken };
  const post = async (path: string, data: unknown) => {
    const res = await request.post(path, { data, headers });
    if (!res.ok()) throw new Error(`${path} → ${res.status()} ${await res.text()}`);
    return res.json();
  };
  await post('/api/custom-fields', {
    key: 'car_model', labelFa: 'مدل خودرو', labelEn: 'Car model', type: 'select',
    options: [{ value: 'pride', labelFa: 'پراید', labelEn: 'Pride' }, { value: 'peugeot', labelFa: 'پژو ۲۰۶', labelEn: 'Peugeot 206' }],
  });
  await post('/api/custom-fields', { key: 'annual_budget', labelFa: 'بودجهٔ سالانه (میلیون تومان)', labelEn: 'Annual budget (M Toman)', type: 'number', min: 0, max: 100000 });
  const team = await post('/api/teams', { name: 'فروش تهران' }) as { id: string };
  const roles = await (await request.get('/api/roles')).json() as { items: { id: string; key: string }[] };
  await post('/api/users', { email: 'sara@example.com', name: 'سارا فروشنده', password: 'sales-pass-123', roleId: roles.items.find((r) => r.key === 'sales')!.id, teamId: team.id });
  await post('/api/customers', { kind: 'organization', orgName: 'شرکت پارس‌پخش', city: 'تهران', phones: [{ number: '02188776655', label: 'work' }], lifecycleStage: 'customer', tags: ['B2B'] });
  for (const p of PEOPLE) {
    await post('/api/customers', {
      kind: 'person', firstName: p.firstName, lastName: p.lastName, city: p.city, phones: [{ number: p.phone }],
      tags: p.tags, lifecycleStage: p.lifecycleStage, source: p.source, smsConsent: true,
    });
  }
}
