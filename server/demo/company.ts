/** The demo business's legal details (the seller block of its quotes and invoices), filled in only where empty. */
import type { Db } from '../db/client.ts';
import { getOrgSettings, writeSetting, type OrgSettings } from '../modules/settings/index.ts';

export const DEMO_COMPANY: Partial<OrgSettings> = {
  companyName: 'لوازم خانگی محور',
  companyLegalName: 'شرکت بازرگانی لوازم خانگی محور (سهامی خاص)',
  companyEconomicCode: '411155667788',
  companyNationalId: '10320845671',
  companyRegistrationNo: '543210',
  companyPostalCode: '1131745613',
  companyAddress: 'تهران، خیابان جمهوری اسلامی، نبش کوچهٔ بهار، پلاک ۲۰، طبقهٔ دوم',
  companyPhone: '021-66778899',
  companyEmail: 'sales@mehvar.example',
};

/** An admin's own values are kept: a field is written only while it is empty (or the default name). */
export async function fillDemoCompany(tx: Db): Promise<void> {
  const current = await getOrgSettings(tx);
  for (const [key, value] of Object.entries(DEMO_COMPANY) as [keyof OrgSettings, string][]) {
    const now = current[key];
    const untouched = now === '' || (key === 'companyName' && now === 'محور');
    if (untouched) await writeSetting(tx, null, `org.${key}`, value);
  }
}
