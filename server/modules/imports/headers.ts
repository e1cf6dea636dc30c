/** Column headers in Persian and English → customer fields; the header row of a file; the automatic mapping. */
import { faNorm } from '../../../common/fa-normalize.ts';
import type { CustomerImportField, ImportMapping } from '../../../common/imports.schemas.ts';

const HEADERS: Record<CustomerImportField, string[]> = {
  fullName: ['نام و نام خانوادگی', 'نام کامل', 'نام مشتری', 'full name', 'name', 'customer name', 'contact name'],
  firstName: ['نام', 'نام کوچک', 'first name', 'firstname', 'given name'],
  lastName: ['نام خانوادگی', 'فامیلی', 'فامیل', 'last name', 'lastname', 'surname', 'family name'],
  orgName: ['شرکت', 'نام شرکت', 'سازمان', 'نام سازمان', 'company', 'company name', 'organization', 'organisation'],
  kind: ['نوع', 'نوع مشتری', 'حقیقی/حقوقی', 'type', 'customer type', 'kind'],
  mobile: ['موبایل', 'تلفن همراه', 'شماره همراه', 'همراه', 'شماره موبایل', 'mobile', 'cell', 'cell phone', 'mobile phone'],
  phone: ['تلفن', 'شماره تلفن', 'تلفن ثابت', 'تلفن تماس', 'شماره تماس', 'phone', 'telephone', 'tel', 'phone number'],
  email: ['ایمیل', 'پست الکترونیک', 'رایانامه', 'email', 'e-mail', 'email address', 'mail'],
  nationalId: ['کد ملی', 'کدملی', 'شماره ملی', 'national id', 'national code', 'nationalid'],
  companyNationalId: ['شناسه ملی', 'شناسه ملی شرکت', 'company national id', 'company id'],
  city: ['شهر', 'city', 'town'],
  province: ['استان', 'province', 'state', 'region'],
  address: ['آدرس', 'نشانی', 'address', 'street address'],
  postalCode: ['کد پستی', 'کدپستی', 'postal code', 'postcode', 'zip', 'zip code'],
  birthday: ['تاریخ تولد', 'تولد', 'birthday', 'birth date', 'date of birth', 'dob', 'birthdate'],
  gender: ['جنسیت', 'جنس', 'gender', 'sex'],
  tags: ['برچسب', 'برچسب ها', 'تگ', 'tags', 'tag', 'labels', 'label'],
  notes: ['توضیحات', 'یادداشت', 'ملاحظات', 'notes', 'note', 'description', 'comments', 'comment'],
  externalId: ['کد مشتری', 'شماره مشتری', 'کد اشتراک', 'شناسه مشتری', 'external id', 'customer id', 'customer code', 'id', 'code'],
  title: ['عنوان', 'سمت', 'title', 'job title', 'position'],
  latinName: ['نام لاتین', 'نام انگلیسی', 'latin name', 'english name'],
};

/** Header text in one comparable form: fa_norm (ي/ی, digits, ZWNJ, case) with punctuation dropped. */
export const headerKey = (h: string) => faNorm(h).replace(/[.:*()\[\]#"'«»]/g, '').replace(/ {2,}/g, ' ').trim();

const BY_KEY = new Map<string, CustomerImportField>();
for (const [field, names] of Object.entries(HEADERS) as [CustomerImportField, string[]][]) {
  for (const n of names) BY_KEY.set(headerKey(n), field);
}

export function fieldOfHeader(h: string): CustomerImportField | undefined {
  return BY_KEY.get(headerKey(h));
}

/** The header row: the first of the first rows with at least two cells that name a known field (title rows are skipped). */
export function findHeaderRow(rows: string[][], fieldOf: (h: string) => string | undefined = fieldOfHeader): number {
  const i = rows.findIndex((cells) => cells.filter((c) => c && fieldOf(c)).length >= 2);
  if (i >= 0) return i;
  return Math.max(0, rows.findIndex((cells) => cells.some((c) => c !== '')));
}

/**
 * Column index → field for the recognized headers; a field claimed twice keeps its first column, except the phone
 * fields, which may repeat (several phone columns). A header naming a custom field's key or label maps to it.
 */
export function autoMapping(headers: string[], customFields: { key: string; labelFa: string; labelEn: string }[] = []): ImportMapping {
  const mapping: ImportMapping = {};
  const used = new Set<string>();
  const custom = new Map<string, string>();
  for (const f of customFields) for (const n of [f.key, f.labelFa, f.labelEn]) custom.set(headerKey(n), f.key);
  headers.forEach((h, i) => {
    const field = h ? fieldOfHeader(h) : undefined;
    const customKey = h ? custom.get(headerKey(h)) : undefined;
    let target: string = 'ignore';
    if (field && (!used.has(field) || field === 'mobile' || field === 'phone' || field === 'email')) target = field;
    else if (customKey && !used.has('custom:' + customKey)) target = 'custom:' + customKey;
    used.add(target);
    mapping[String(i)] = target as ImportMapping[string];
  });
  return mapping;
}
