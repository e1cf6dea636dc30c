/** The customer form's state, its conversion to the API payload, and validation with the shared schema. */
import type { TFunction } from 'i18next';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { customerCreate, type PHONE_LABELS } from '../../../../../common/customer.schemas';
import type { Customer, CustomField } from '../../../api/types';
import { zodFieldErrors, type FieldErrors } from '../../../lib/errors';
import { cleanCustomValues, validateCustomValues } from '../custom/custom-field-values';

export type PhoneRow = { number: string; label: (typeof PHONE_LABELS)[number] };

export type CustomerFormState = {
  kind: 'person' | 'organization';
  firstName: string;
  lastName: string;
  orgName: string;
  latinName: string;
  title: string;
  gender: string | null;
  phones: PhoneRow[];
  emails: string[];
  city: string;
  province: string;
  nationalId: string;
  companyNationalId: string;
  economicCode: string;
  birthday: string | null;
  tags: string[];
  ownerId: string | null;
  /** Who referred this customer (the label is filled in by the field when only the id is known). */
  referredBy: { id: string; label: string } | null;
  source: string | null;
  lifecycleStage: string;
  preferredChannel: string | null;
  smsConsent: boolean;
  emailConsent: boolean;
  custom: Record<string, unknown>;
};

export function emptyCustomerForm(ownerId: string | null): CustomerFormState {
  return {
    kind: 'person', firstName: '', lastName: '', orgName: '', latinName: '', title: '', gender: null,
    phones: [{ number: '', label: 'mobile' }], emails: [''], city: '', province: '',
    nationalId: '', companyNationalId: '', economicCode: '', birthday: null, tags: [], ownerId, referredBy: null,
    source: null, lifecycleStage: 'lead', preferredChannel: null, smsConsent: false, emailConsent: false, custom: {},
  };
}

/** People edit Iranian numbers in the form they dial them (0912 …); foreign ones keep their country code. */
function editablePhone(e164: string): string {
  const p = parsePhoneNumberFromString(e164);
  if (!p) return e164;
  return p.countryCallingCode === '98' ? p.formatNational() : p.formatInternational();
}

export function customerToForm(c: Customer): CustomerFormState {
  return {
    kind: c.kind, firstName: c.firstName ?? '', lastName: c.lastName ?? '', orgName: c.orgName ?? '',
    latinName: c.latinName ?? '', title: c.title ?? '', gender: c.gender,
    phones: c.phones.length ? c.phones.map((p) => ({ number: editablePhone(p.number), label: p.label })) : [{ number: '', label: 'mobile' }],
    emails: c.emails.length ? c.emails.map((e) => e.address) : [''],
    city: c.city ?? '', province: c.province ?? '', nationalId: c.nationalId ?? '', companyNationalId: c.companyNationalId ?? '',
    economicCode: c.economicCode ?? '', birthday: c.birthday, tags: c.tags, ownerId: c.ownerId, source: c.source,
    referredBy: c.referredByCustomerId ? { id: c.referredByCustomerId, label: '' } : null,
    lifecycleStage: c.lifecycleStage, preferredChannel: c.preferredChannel, smsConsent: c.smsConsent, emailConsent: c.emailConsent,
    custom: { ...c.custom },
  };
}

/** What the API receives: blank rows dropped, fields that do not apply to the kind cleared. */
export function formToPayload(s: CustomerFormState) {
  const person = s.kind === 'person';
  return {
    kind: s.kind,
    firstName: person ? s.firstName : null,
    lastName: person ? s.lastName : null,
    orgName: person ? null : s.orgName,
    latinName: s.latinName,
    title: person ? s.title : null,
    gender: person ? s.gender : null,
    phones: s.phones.filter((p) => p.number.trim()).map((p, i) => ({ number: p.number, label: p.label, primary: i === 0 })),
    emails: s.emails.filter((e) => e.trim()).map((address) => ({ address })),
    city: s.city,
    province: s.province,
    nationalId: person ? s.nationalId : null,
    companyNationalId: person ? null : s.companyNationalId,
    economicCode: s.economicCode,
    birthday: person ? s.birthday : null,
    tags: s.tags,
    ownerId: s.ownerId,
    referredByCustomerId: s.referredBy?.id ?? null,
    source: s.source,
    lifecycleStage: s.lifecycleStage,
    preferredChannel: s.preferredChannel,
    smsConsent: s.smsConsent,
    emailConsent: s.emailConsent,
    custom: cleanCustomValues(s.custom),
  };
}

/** The shared Zod schema catches what the server would reject, so most errors show before a round trip. */
export function validateCustomerForm(t: TFunction, s: CustomerFormState, fields: CustomField[]): FieldErrors {
  const payload = formToPayload(s);
  const parsed = customerCreate.safeParse(payload);
  const errors = parsed.success ? {} : zodFieldErrors(t, parsed.error);
  // The form's rows include blanks the payload dropped; map payload indexes back to the rows the user sees.
  const phoneRows = s.phones.map((p, i) => (p.number.trim() ? i : -1)).filter((i) => i >= 0);
  const emailRows = s.emails.map((e, i) => (e.trim() ? i : -1)).filter((i) => i >= 0);
  const remapped: FieldErrors = {};
  for (const [path, msg] of Object.entries(errors)) {
    const m = path.match(/^(phones|emails)\.(\d+)/);
    if (m) remapped[`${m[1]}.${(m[1] === 'phones' ? phoneRows : emailRows)[Number(m[2])]}`] = msg;
    else remapped[path] = msg;
  }
  return { ...remapped, ...validateCustomValues(t, fields, s.custom) };
}

/** Server field paths (`phones.0.number`) → the keys the form shows errors under (`phones.0`). */
export function normalizeErrorKeys(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, msg] of Object.entries(errors)) {
    const m = path.match(/^(phones|emails)\.(\d+)/);
    out[m ? `${m[1]}.${m[2]}` : path] = msg;
  }
  return out;
}
