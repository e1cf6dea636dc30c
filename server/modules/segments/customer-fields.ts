/**
 * The customer's own fields as segment fields (columns of `customers c`), and the business's custom fields as
 * `custom.<key>` (read from the JSON column by key, as a parameter; a value of the wrong JSON type counts as missing).
 */
import { sql } from 'drizzle-orm';
import { CUSTOMER_KINDS, GENDERS, LIFECYCLE_STAGES, SOURCES, CHANNELS, type CustomFieldType } from '../../../common/customer.schemas.ts';
import { registerSegmentField, type SegmentFieldDef } from './fields.registry.ts';

const opts = (values: readonly string[]) => values.map((value) => ({ value }));
const G = 'customer';

export function registerCustomerSegmentFields(): void {
  const text = (name: string, column: string, fa: string, en: string, fewValues = false) =>
    registerSegmentField(name, { type: 'text', group: G, label: { fa, en }, expr: () => sql.raw(`c.${column}`), ...(fewValues ? { fewValuesColumn: column } : {}) });
  const enumField = (name: string, column: string, values: readonly string[], fa: string, en: string) =>
    registerSegmentField(name, { type: 'enum', group: G, label: { fa, en }, options: opts(values), expr: () => sql.raw(`c.${column}`) });
  enumField('kind', 'kind', CUSTOMER_KINDS, 'نوع', 'Kind');
  text('firstName', 'first_name', 'نام', 'First name');
  text('lastName', 'last_name', 'نام خانوادگی', 'Last name');
  text('orgName', 'org_name', 'نام سازمان', 'Organization');
  text('displayName', 'display_name', 'نام نمایشی', 'Display name');
  text('title', 'title', 'عنوان', 'Title');
  text('city', 'city', 'شهر', 'City', true);
  text('province', 'province', 'استان', 'Province', true);
  text('nationalId', 'national_id', 'کد ملی', 'National ID');
  enumField('lifecycleStage', 'lifecycle_stage', LIFECYCLE_STAGES, 'مرحله', 'Lifecycle stage');
  enumField('source', 'source', SOURCES, 'منبع آشنایی', 'Source');
  enumField('gender', 'gender', GENDERS, 'جنسیت', 'Gender');
  enumField('preferredChannel', 'preferred_channel', CHANNELS, 'کانال ترجیحی', 'Preferred channel');
  registerSegmentField('tags', { type: 'tags', group: G, label: { fa: 'برچسب', en: 'Tag' }, expr: () => sql`c.tags` });
  registerSegmentField('interests', { type: 'tags', group: G, label: { fa: 'علاقه‌مندی', en: 'Interest' }, expr: () => sql`c.interests` });
  registerSegmentField('ownerId', { type: 'user', group: G, label: { fa: 'مسئول', en: 'Owner' }, expr: () => sql`c.owner_id` });
  registerSegmentField('teamId', { type: 'team', group: G, label: { fa: 'تیم', en: 'Team' }, expr: () => sql`c.team_id` });
  registerSegmentField('smsConsent', { type: 'bool', group: 'consent', label: { fa: 'رضایت پیامک', en: 'SMS consent' }, expr: () => sql`c.sms_consent` });
  registerSegmentField('emailConsent', { type: 'bool', group: 'consent', label: { fa: 'رضایت ایمیل', en: 'Email consent' }, expr: () => sql`c.email_consent` });
  registerSegmentField('hasPhone', { type: 'bool', group: G, label: { fa: 'تلفن دارد', en: 'Has a phone' }, expr: () => sql`cardinality(c.phone_keys) > 0` });
  registerSegmentField('hasEmail', { type: 'bool', group: G, label: { fa: 'ایمیل دارد', en: 'Has an email' }, expr: () => sql`cardinality(c.email_keys) > 0` });
  registerSegmentField('birthday', { type: 'date', group: G, label: { fa: 'تاریخ تولد', en: 'Birthday' }, expr: () => sql`c.birthday` });
  registerSegmentField('birthdayWithinDays', { type: 'birthday', group: G, label: { fa: 'تولد در روزهای آینده', en: 'Birthday in the coming days' }, expr: () => sql`c.birthday_jmd` });
  registerSegmentField('lastActivityAt', { type: 'date', group: 'activity', label: { fa: 'آخرین فعالیت', en: 'Last activity' }, expr: (ctx) => sql`(c.last_activity_at AT TIME ZONE ${ctx.timeZone})::date`, instant: () => sql`c.last_activity_at` });
  registerSegmentField('createdAt', { type: 'date', group: G, label: { fa: 'تاریخ ثبت', en: 'Created' }, expr: (ctx) => sql`(c.created_at AT TIME ZONE ${ctx.timeZone})::date`, instant: () => sql`c.created_at` });
}

export type CustomFieldRef = { key: string; type: CustomFieldType; labelFa: string; labelEn: string; options: { value: string; labelFa: string; labelEn: string }[] };

/** `custom.<key>` for each custom field of the business. */
export function customSegmentFields(defs: CustomFieldRef[]): Map<string, SegmentFieldDef> {
  const out = new Map<string, SegmentFieldDef>();
  for (const f of defs) {
    const label = { fa: f.labelFa, en: f.labelEn };
    const k = f.key;
    const group = 'custom';
    let def: SegmentFieldDef;
    switch (f.type) {
      case 'number':
        def = { type: 'number', group, label, expr: () => sql`(CASE WHEN jsonb_typeof(c.custom -> ${k}) = 'number' THEN (c.custom ->> ${k})::numeric END)` };
        break;
      case 'date':
        def = { type: 'date', group, label, expr: () => sql`(CASE WHEN (c.custom ->> ${k}) ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN (c.custom ->> ${k})::date END)` };
        break;
      case 'boolean':
        def = { type: 'bool', group, label, expr: () => sql`((c.custom -> ${k}) = 'true'::jsonb)` };
        break;
      case 'multi_select':
        def = { type: 'tags', group, label, options: f.options.map((o) => ({ value: o.value, label: { fa: o.labelFa, en: o.labelEn } })),
          expr: () => sql`ARRAY(SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(c.custom -> ${k}) = 'array' THEN c.custom -> ${k} ELSE '[]'::jsonb END))` };
        break;
      case 'select':
        def = { type: 'enum', group, label, options: f.options.map((o) => ({ value: o.value, label: { fa: o.labelFa, en: o.labelEn } })),
          expr: () => sql`(CASE WHEN jsonb_typeof(c.custom -> ${k}) = 'string' THEN c.custom ->> ${k} END)` };
        break;
      default:
        def = { type: 'text', group, label, expr: () => sql`(CASE WHEN jsonb_typeof(c.custom -> ${k}) IN ('string', 'number') THEN c.custom ->> ${k} END)` };
    }
    out.set(`custom.${k}`, def);
  }
  return out;
}
