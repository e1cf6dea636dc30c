/** Customer record: request schemas shared by the API (validation at the edge) and the web app (forms). */
import { z } from 'zod';
import { normalizePhone } from './phone.ts';
import { cleanId, isValidNationalId, isValidCompanyNationalId, isValidEconomicCode } from './national-id.ts';
import { parseDateInput } from './jalali.ts';
import { toLatinDigits } from './fa-normalize.ts';
import { isoDate, isoDateTime, uuid, itemsOf } from './api.schemas.ts';

export const CUSTOMER_KINDS = ['person', 'organization'] as const;
export const LIFECYCLE_STAGES = ['visitor', 'lead', 'prospect', 'customer', 'loyal', 'at_risk', 'churned'] as const;
export const SOURCES = ['walk_in', 'phone', 'website', 'instagram', 'whatsapp', 'telegram', 'referral', 'exhibition', 'campaign', 'other'] as const;
export const CHANNELS = ['phone', 'sms', 'email', 'whatsapp', 'telegram', 'instagram', 'in_person'] as const;
export const GENDERS = ['male', 'female', 'other'] as const;
export const PHONE_LABELS = ['mobile', 'work', 'home', 'fax', 'other'] as const;
export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select', 'multi_select', 'boolean'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export type Phone = { number: string; label: (typeof PHONE_LABELS)[number]; primary?: boolean };
export type Email = { address: string; label?: string };
export type Address = { label?: string; line: string; city?: string; province?: string; postalCode?: string };

const trimmed = (max: number) => z.string().trim().max(max);
const optText = (max: number) => trimmed(max).optional().nullable().transform((v) => (v ? v : null));

export const phoneInput = z.object({
  number: z.string().max(40).transform((v, ctx) => {
    const r = normalizePhone(v);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.reason === 'letters' ? 'phone number contains letters' : 'not a valid phone number' });
      return z.NEVER;
    }
    return r.e164;
  }),
  label: z.enum(PHONE_LABELS).default('mobile'),
  primary: z.boolean().optional(),
});

export const emailInput = z.object({
  address: z.string().trim().toLowerCase().pipe(z.email({ message: 'not a valid email address' })),
  label: trimmed(40).optional(),
});

export const addressInput = z.object({
  label: trimmed(40).optional(),
  line: trimmed(500).min(1),
  city: trimmed(100).optional(),
  province: trimmed(100).optional(),
  postalCode: z.string().optional().transform((v, ctx) => {
    if (!v) return undefined;
    const s = cleanId(v);
    if (!/^\d{10}$/.test(s)) { ctx.addIssue({ code: 'custom', message: 'postal code must be 10 digits' }); return z.NEVER; }
    return s;
  }),
});

const idField = (check: (s: string) => boolean, message: string) =>
  z.string().max(30).optional().nullable().transform((v, ctx) => {
    if (v === undefined) return undefined;
    if (v === null || v.trim() === '') return null;
    const s = cleanId(v);
    if (!check(s)) { ctx.addIssue({ code: 'custom', message }); return z.NEVER; }
    return s;
  });

export const dateField = z.string().max(20).optional().nullable().transform((v, ctx) => {
  if (v === undefined) return undefined;
  if (v === null || v.trim() === '') return null;
  const iso = parseDateInput(v);
  if (!iso) { ctx.addIssue({ code: 'custom', message: 'not a valid date (use 1403/05/12 or 2024-08-02)' }); return z.NEVER; }
  return iso;
});

const tagList = z.array(trimmed(50).min(1)).max(50);

const customerFields = {
  kind: z.enum(CUSTOMER_KINDS),
  firstName: optText(100),
  lastName: optText(100),
  orgName: optText(200),
  latinName: optText(200),
  title: optText(50),
  gender: z.enum(GENDERS).nullable().optional(),
  phones: z.array(phoneInput).max(10),
  emails: z.array(emailInput).max(10),
  addresses: z.array(addressInput).max(10),
  city: optText(100),
  province: optText(100),
  nationalId: idField(isValidNationalId, 'not a valid national ID (کد ملی)'),
  companyNationalId: idField(isValidCompanyNationalId, 'not a valid company national ID (شناسه ملی)'),
  economicCode: idField(isValidEconomicCode, 'not a valid economic code'),
  registrationNo: optText(30),
  birthday: dateField,
  preferredChannel: z.enum(CHANNELS).nullable().optional(),
  contactHours: optText(100),
  interests: tagList,
  tags: tagList,
  ownerId: z.uuid().nullable().optional(),
  teamId: z.uuid().nullable().optional(),
  /** Who referred this customer (another customer record; not the customer itself). */
  referredByCustomerId: z.uuid().nullable().optional(),
  source: z.enum(SOURCES).nullable().optional(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES),
  smsConsent: z.boolean(),
  emailConsent: z.boolean(),
  custom: z.record(z.string().max(60), z.unknown()),
  organizations: z.array(z.object({ organizationId: z.uuid(), roleTitle: optText(100) })).max(20),
};

const nameRequired = (v: { kind?: string; firstName?: string | null; lastName?: string | null; orgName?: string | null }, ctx: z.RefinementCtx) => {
  if (v.kind === 'organization' && !v.orgName) ctx.addIssue({ code: 'custom', path: ['orgName'], message: 'an organization needs a name' });
  if (v.kind === 'person' && !v.firstName && !v.lastName) ctx.addIssue({ code: 'custom', path: ['lastName'], message: 'a person needs a first or last name' });
};

export const customerCreate = z.object({
  ...customerFields,
  phones: customerFields.phones.default([]),
  emails: customerFields.emails.default([]),
  addresses: customerFields.addresses.default([]),
  interests: customerFields.interests.default([]),
  tags: customerFields.tags.default([]),
  lifecycleStage: customerFields.lifecycleStage.default('lead'),
  smsConsent: customerFields.smsConsent.default(false),
  emailConsent: customerFields.emailConsent.default(false),
  custom: customerFields.custom.default({}),
  organizations: customerFields.organizations.default([]),
  /** Create even when a possible duplicate exists (the user saw the warning). */
  force: z.boolean().default(false),
  /** The person was erased before and has consented again: lift the block on their phone, email and national ID. */
  consentAgain: z.boolean().optional(),
}).strict().superRefine(nameRequired);
export type CustomerCreate = z.infer<typeof customerCreate>;

export const customerUpdate = z.object(customerFields).partial().strict();
export type CustomerUpdate = z.infer<typeof customerUpdate>;

export const CUSTOMER_SORTS = ['name', '-name', 'created', '-created', 'updated', '-updated', 'lastActivity', '-lastActivity'] as const;

/** A list parameter given as `a,b` or repeated; at most 20 values. */
export const csv = <T extends z.ZodType<string, string>>(item: T) =>
  z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean)))
    .pipe(z.array(item).max(20).optional());

/** Custom-field filter: { key: value } for equality/contains, { key: { min, max } } for number/date ranges. */
export const customFilter = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,59}$/), z.union([
  z.string().max(200), z.number(), z.boolean(),
  z.object({ min: z.union([z.number(), z.string().max(20)]).optional(), max: z.union([z.number(), z.string().max(20)]).optional() }).strict(),
]));

/** A calendar day PostgreSQL can hold (it has no year 0000). */
const isoDay = z.iso.date().refine((d) => d >= '0001-01-01', 'the year must be 0001 or later');

export const customerListQuery = z.object({
  q: z.string().max(200).optional(),
  kind: z.enum(CUSTOMER_KINDS).optional(),
  stage: csv(z.enum(LIFECYCLE_STAGES)),
  source: csv(z.enum(SOURCES)),
  tag: csv(z.string().max(50)),
  ownerId: z.union([z.uuid(), z.literal('me'), z.literal('none')]).optional(),
  city: z.string().max(100).optional(),
  smsConsent: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
  createdFrom: isoDay.optional(),
  createdTo: isoDay.optional(),
  /** Members of a saved segment (dynamic: its rules now; static: its snapshot), within the reader's scope. */
  segmentId: z.uuid().optional(),
  custom: z.string().max(2000).optional().transform((v, ctx) => {
    if (!v) return undefined;
    let parsed: unknown;
    try { parsed = JSON.parse(v); } catch { ctx.addIssue({ code: 'custom', message: 'custom must be a JSON object' }); return z.NEVER; }
    const r = customFilter.safeParse(parsed);
    if (!r.success) { ctx.addIssue({ code: 'custom', message: 'custom filter: ' + r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }); return z.NEVER; }
    return r.data;
  }),
  /** Only these records (the rows selected in the list, e.g. to export them). */
  ids: z.union([z.string(), z.array(z.string())]).optional()
    .transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean)))
    .pipe(z.array(z.uuid()).max(200).optional()),
  /** Without a sort, a search orders by relevance and a plain list by last activity (the latest touch). */
  sort: z.enum(CUSTOMER_SORTS).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type CustomerListQuery = z.infer<typeof customerListQuery>;

export const customFieldCreate = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'lower-case latin letters, digits and _; starts with a letter'),
  labelFa: trimmed(100).min(1),
  labelEn: trimmed(100).min(1),
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: z.array(z.object({ value: z.string().trim().min(1).max(60), labelFa: trimmed(100).min(1), labelEn: trimmed(100).min(1) })).max(100).default([]),
  required: z.boolean().default(false),
  min: z.number().int().nullable().optional(),
  max: z.number().int().nullable().optional(),
  position: z.number().int().min(0).max(1000).default(0),
}).strict().superRefine((v, ctx) => {
  if ((v.type === 'select' || v.type === 'multi_select') && v.options.length === 0) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select field needs options' });
  if (new Set(v.options.map((o) => o.value)).size !== v.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'option values must be unique' });
  if (v.min != null && v.max != null && v.min > v.max) ctx.addIssue({ code: 'custom', path: ['max'], message: 'max must not be below min' });
});
export const customFieldUpdate = z.object({
  labelFa: trimmed(100).min(1).optional(),
  labelEn: trimmed(100).min(1).optional(),
  options: z.array(z.object({ value: z.string().trim().min(1).max(60), labelFa: trimmed(100).min(1), labelEn: trimmed(100).min(1) })).max(100).optional(),
  required: z.boolean().optional(),
  min: z.number().int().nullable().optional(),
  max: z.number().int().nullable().optional(),
  position: z.number().int().min(0).max(1000).optional(),
  active: z.boolean().optional(),
}).strict();

export const savedViewCreate = z.object({
  name: trimmed(100).min(1),
  /** The list's filters, sort and columns; `list` names the list (customers, deals, tasks …; absent: customers). */
  query: z.record(z.string(), z.unknown()).refine((q) => q.list === undefined || (typeof q.list === 'string' && /^[a-z]{1,20}$/.test(q.list)), { message: 'list must name a list', path: ['list'] }),
  shared: z.boolean().default(false),
}).strict();

export const digitsOnly = (s: string) => toLatinDigits(s).replace(/\D/g, '');

// ---- Answers

// The keys of these stored JSON values are listed in jsonb's own order (shorter first), so the answer keeps the order
// the database gives.
export const phoneView = z.object({ label: z.enum(PHONE_LABELS), number: z.string(), primary: z.boolean().optional() });
export const emailView = z.object({ label: z.string().optional(), address: z.string() });
export const addressView = z.object({
  city: z.string().optional(), line: z.string(), label: z.string().optional(), province: z.string().optional(), postalCode: z.string().optional(),
});

/** A customer as every answer shows one (never the search document, the phone/email keys or the deletion mark). */
export const customerView = z.object({
  id: uuid, kind: z.enum(CUSTOMER_KINDS), firstName: z.string().nullable(), lastName: z.string().nullable(), orgName: z.string().nullable(),
  latinName: z.string().nullable(), displayName: z.string(), title: z.string().nullable(), gender: z.enum(GENDERS).nullable(),
  phones: z.array(phoneView), emails: z.array(emailView), addresses: z.array(addressView),
  city: z.string().nullable(), province: z.string().nullable(), nationalId: z.string().nullable(), companyNationalId: z.string().nullable(),
  economicCode: z.string().nullable(), registrationNo: z.string().nullable(), birthday: isoDate.nullable(), preferredChannel: z.string().nullable(),
  contactHours: z.string().nullable(), interests: z.array(z.string()), tags: z.array(z.string()), ownerId: uuid.nullable(),
  owner: z.object({ id: uuid, name: z.string() }).nullable(), teamId: uuid.nullable(), source: z.string().nullable(), lifecycleStage: z.string(),
  smsConsent: z.boolean(), smsConsentAt: isoDateTime.nullable(), emailConsent: z.boolean(), emailConsentAt: isoDateTime.nullable(),
  custom: z.record(z.string(), z.unknown()), createdAt: isoDateTime, updatedAt: isoDateTime,
  referredByCustomerId: uuid.nullable().optional(),
});

/** A customer in a list: with the latest touch and the next open task or promise (null: none, or tasks not readable). */
export const customerListItem = customerView.extend({
  lastActivityAt: isoDateTime.nullable(),
  nextTask: z.object({ id: uuid, title: z.string(), dueAt: isoDateTime.nullable(), isPromise: z.boolean() }).nullable(),
});

/** A page of customers; past 10,000 matches the total is capped (or, for a very common search text, estimated). */
export const customerPage = z.object({
  items: z.array(customerListItem), total: z.number(), totalCapped: z.boolean(), totalEstimated: z.boolean(), page: z.number(), pageSize: z.number(),
});

/** The one-box search: a few essentials per match. */
export const customerSearchHit = z.object({
  id: uuid, displayName: z.string(), kind: z.enum(CUSTOMER_KINDS), phone: z.string().nullable(), email: z.string().nullable(),
  lifecycleStage: z.string(), city: z.string().nullable(),
});
export const customerSearchAnswer = itemsOf(customerSearchHit);

/** A possible duplicate; one the reader may not see is reported without its id or name. */
export const duplicateMatch = z.object({
  id: uuid.nullable(), displayName: z.string().nullable(), hidden: z.boolean(),
  /** name: the same normalized name; similarName: a close one with the same city or phone prefix (a warning only). */
  matchedOn: z.array(z.enum(['phone', 'email', 'nationalId', 'companyNationalId', 'externalId', 'name', 'similarName'])),
});
export const duplicatesAnswer = z.object({ matches: z.array(duplicateMatch) });

export const customFieldOptionView = z.object({ value: z.string(), labelEn: z.string(), labelFa: z.string() });
export const customFieldView = z.object({
  id: uuid, key: z.string(), labelFa: z.string(), labelEn: z.string(), type: z.enum(CUSTOM_FIELD_TYPES), options: z.array(customFieldOptionView),
  required: z.boolean(), min: z.number().nullable(), max: z.number().nullable(), position: z.number(), active: z.boolean(), createdAt: isoDateTime,
});
export const customFieldList = itemsOf(customFieldView);

export const savedViewView = z.object({
  id: uuid, userId: uuid, name: z.string(), query: z.record(z.string(), z.unknown()), shared: z.boolean(), createdAt: isoDateTime,
});
export const savedViewList = itemsOf(savedViewView);

/** One field-level change in the audit trail; the cursor is the last entry's id. */
export const auditEntryView = z.object({
  id: z.number(), at: isoDateTime, actorId: uuid.nullable(), actorName: z.string().nullable(), entityType: z.string(), entityId: uuid,
  action: z.string(), field: z.string().nullable(), oldValue: z.unknown(), newValue: z.unknown(),
});
export const auditPage = z.object({ items: z.array(auditEntryView), nextCursor: z.string().nullable() });
