/**
 * Every enumeration the app shows has a name in Persian and in English: a new value (or a new enumeration) without
 * both fails here, instead of showing its internal key («repair», "waiting_customer") on screen. The names live in the
 * web app's i18n files (core + features, merged as web/src/i18n/index.ts merges them); ticket categories in the
 * migration that seeds them; contract levels in common/contract-levels.ts.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT_LEVEL_NAMES, contractLevelName } from '../../common/contract-levels.ts';
import { PROBLEM_TICKETS } from '../analytics/problem-groups.fixtures.ts';

const ROOT = join(import.meta.dirname, '../..');
type Bundle = Record<string, unknown>;

function bundle(lang: 'fa' | 'en'): Bundle {
  const out: Bundle = JSON.parse(readFileSync(join(ROOT, 'web/src/i18n', `${lang}.json`), 'utf8'));
  const features = join(ROOT, 'web/src/features');
  for (const f of readdirSync(features)) {
    try {
      Object.assign(out, JSON.parse(readFileSync(join(features, f, 'i18n', `${lang}.json`), 'utf8')));
    } catch { /* a feature without strings of its own */ }
  }
  return out;
}
const BUNDLES = { fa: bundle('fa'), en: bundle('en') };
const lookup = (b: Bundle, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Bundle)[k] : undefined), b);

/** Enumerations people see, and the i18n key their values are named under. */
const SHOWN: Record<string, string> = {
  INTERACTION_KINDS: 'interactionKind', DIRECTIONS: 'direction', CALL_OUTCOMES: 'outcome', TASK_PRIORITIES: 'priority', TASK_STATUSES: 'taskStatus',
  CUSTOMER_KINDS: 'kind', LIFECYCLE_STAGES: 'stage', SOURCES: 'source', CHANNELS: 'channel', GENDERS: 'gender', PHONE_LABELS: 'phoneLabel',
  CUSTOM_FIELD_TYPES: 'fieldType', DOCUMENT_KINDS: 'documents.kind', DOCUMENT_STATUSES: 'documents.status', PAYMENT_METHODS: 'documents.method',
  IMPORT_ENCODINGS: 'imports.enc', DATE_MODES: 'imports.dateMode', MONEY_UNITS: 'imports.money', ON_DUPLICATE: 'imports.duplicate', IMPORT_STATUSES: 'imports.status',
  LEAD_TARGETS: 'leads.target', LEAD_FIELD_TYPES: 'leads.fieldType', DUPLICATE_REASONS: 'merge.reasons', SMS_STATUSES: 'channels.status', SMS_DRIVER_NAMES: 'channels.drivers',
  OBJECTS: 'roles.objects', OPERATIONS: 'roles.op', SCOPES: 'roles.scopes', PRODUCT_KINDS: 'sales.productKind', TAX_CLASSES: 'sales.taxClass',
  DEAL_STATUSES: 'sales.status', STAGE_OUTCOMES: 'sales.status', TICKET_STATUSES: 'support.status', OPEN_TICKET_STATUSES: 'support.status', TICKET_PRIORITIES: 'support.priority',
  TICKET_CHANNELS: 'support.channel', TICKET_QUEUES: 'support.queue', CONTRACT_KINDS: 'contracts.kind', CONTRACT_STATUSES: 'contracts.status', TICKET_MESSAGE_KINDS: 'support.kind',
  SLA_STATES: 'support.sla.state', QUESTION_TYPES: 'surveys.type', SCORED: 'voc.metric', SURVEY_TRIGGERS: 'surveys.trigger', SURVEY_STATUSES: 'surveys.status',
  SURVEY_CHANNELS: 'surveys.channel', FEEDBACK_CHANNELS: 'voc.channel', SENTIMENTS: 'voc.sentiment', METRIC_GROUPS: 'voc.figures.by', CALL_STATUSES: 'telephony.status',
  CALL_END_OUTCOMES: 'telephony.outcome', CALENDARS: 'prefs', CURRENCIES: 'prefs',
  CUSTOMER_IMPORT_FIELDS: 'imports.field', MERGE_FIELDS: 'fieldName', WEBHOOK_EVENTS: 'webhooks.event',
  CUSTOMER_KEY_FIELDS: 'imports.field', PRODUCT_IMPORT_FIELDS: 'imports.field', PURCHASE_IMPORT_FIELDS: 'imports.field',
  INTERACTION_IMPORT_FIELDS: 'imports.field', TICKET_IMPORT_FIELDS: 'imports.field', DUE_PRESETS: 'tasks.preset',
  CAMPAIGN_STATUSES: 'campaigns.status', CAMPAIGN_CHANNELS: 'campaigns.channel', SEND_CHANNELS: 'campaigns.channel', CAMPAIGN_LANGUAGES: 'campaigns.language', AB_RULES: 'campaigns.abRule', RFM_SEGMENT_NAMES: 'insights.segment', CHURN_REASON_CODES: 'insights.reason', HEALTH_GROUPS: 'insights.group', REFIT_RUN_STATUSES: 'modelFit.status',
  SEARCH_KINDS: 'search.kinds', SEGMENT_OPS: 'segments.ops', SEGMENT_KINDS: 'segments',
  AUTOMATION_EVENTS: 'automations.event', AUTOMATION_TRIGGERS: 'automations.trigger', AUTOMATION_SCHEDULES: 'automations.schedule',
  AUTOMATION_ACTIONS: 'automations.action', AUTOMATION_RUN_STATUSES: 'automations.runStatus', AUTOMATION_UNITS: 'automations.unit',
  WATCHED_FIELDS: 'automations.watched', SETTABLE_FIELDS: 'automations.settable',
  DASHBOARD_PERIODS: 'dashboard.kinds', NUMBER_METRICS: 'dashboard.metric', MONEY_METRICS: 'dashboard.metric',
  LEDGER_KINDS: 'loyalty.kind', TIER_BASES: 'loyalty.basis', BONUS_EVENTS: 'loyalty.bonus', REVIEW_SOURCES: 'loyalty.review.sources',
  PAIN_STATUSES: 'journeys.status', IMPORTANT_DATE_KINDS: 'preferences.dateKind',
  SUPPRESSION_CHANNELS: 'contactPolicy.channel', SUPPRESSION_SOURCES: 'contactPolicy.source', MARKETING_SKIPS: 'contactPolicy.skip',
};
/** Enumerations never shown as such, each with the reason. */
const NOT_SHOWN: Record<string, string> = {
  SCORECARD_ITEMS: 'named by SCORECARD_ITEM_LABELS (fa/en) beside them in common/scorecard.schemas.ts',
  SCORECARD_FACTS: 'named by SCORECARD_FACT_LABELS (fa/en) beside them in common/scorecard.schemas.ts',
  TIMELINE_KINDS: 'the timeline draws each kind as its own item', LOCALES: 'each language is named in its own script by the switcher',
  CUSTOMER_SORTS: 'sort keys of a query; the columns are named', PRODUCT_SORTS: 'sort keys of a query', DEAL_SORTS: 'sort keys of a query',
  TICKET_SORTS: 'sort keys of a query', DOCUMENT_SORTS: 'sort keys of a query; the columns are named', CONTRACT_SORTS: 'sort keys of a query; the columns are named', TASK_SORTS: 'sort keys of a query; the columns are named', IMPORT_KINDS: 'one kind, named by the page', ROLE_KEYS: 'roles are shown by their stored names',
  SHOP_CURRENCIES: 'the shop settings name them as prefs does', FA_DROPPED: 'characters, not values: what Persian normalization removes',
  CAMPAIGN_PLACEHOLDERS: 'typed into the text as {name}; the hint under the text field lists them', LIST_KEYS: 'keys of saved list layouts, never shown',
  SEGMENT_FIELD_TYPES: 'a field type picks the value input; the fields are named by their own labels', MODEL_KINDS: 'the fit is described by its numbers and warnings; the model key is for scripts',
  JOURNEY_SOURCES: 'the event source of a touchpoint rule (API definitions); touchpoints are shown by their own names',
};

// Every module of common/, so that an enumeration added in a new file is found too.
const COMMON = join(ROOT, 'common');
const MODULES: Record<string, unknown>[] = await Promise.all(readdirSync(COMMON)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => import(join(COMMON, f))));
const ENUMS: [string, readonly string[]][] = MODULES.flatMap((m) => Object.entries(m)
  .filter(([name, v]) => /^[A-Z][A-Z_]+$/.test(name) && Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'))
  .map(([name, v]) => [name, v as readonly string[]] as [string, readonly string[]]));

describe('names for every enumeration', () => {
  it('classifies every exported enumeration as shown (with its i18n key) or not shown (with a reason)', () => {
    expect(ENUMS.length).toBeGreaterThan(40);
    const unclassified = ENUMS.map(([n]) => n).filter((n) => !(n in SHOWN) && !(n in NOT_SHOWN));
    expect(unclassified, 'add these to SHOWN (with their labels) or NOT_SHOWN (with why)').toEqual([]);
  });

  it('names every value of every shown enumeration in Persian and English, never as its key', () => {
    const missing: string[] = [];
    for (const [name, values] of ENUMS) {
      const prefix = SHOWN[name];
      if (!prefix) continue;
      for (const v of values) {
        for (const lang of ['fa', 'en'] as const) {
          // A value may contain dots (webhook events): i18next finds it as one key under the prefix, so this does too.
          const group = lookup(BUNDLES[lang], prefix) as Bundle | undefined;
          // A counted label is its plural forms (key_one, key_other): i18next picks one by the count.
          const label = group?.[v] ?? lookup(BUNDLES[lang], `${prefix}.${v}`) ?? group?.[`${v}_other`];
          if (typeof label !== 'string' || !label.trim() || label === v) missing.push(`${lang} ${name}.${v} (${prefix}.${v})`);
          else if (lang === 'fa' && !/[\u0600-\u06FF]/.test(label) && !/^[A-Z]/.test(label)) missing.push(`fa ${name}.${v} is not Persian: ${label}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('names every ticket category the demo and earlier tickets carry (seeded by the migration) in both languages', () => {
    const dir = join(ROOT, 'server/db/migrations');
    const sql = readdirSync(dir).filter((f) => f.endsWith('.sql')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    const seeded = new Map([...sql.matchAll(/\('([a-z0-9_-]+)', '([^']+)', '([^']+)', \d+\)/g)].map((m) => [m[1], { fa: m[2], en: m[3] }]));
    const used = new Set(PROBLEM_TICKETS.map((t) => t.category).filter((c): c is string => Boolean(c)));
    expect(used.size).toBeGreaterThanOrEqual(5);
    for (const key of used) {
      expect(seeded.get(key), key).toBeDefined();
      expect(seeded.get(key)!.fa).toMatch(/[\u0600-\u06FF]/);
      expect(seeded.get(key)!.en).toMatch(/^[A-Z][A-Za-z -]+$/);
    }
  });

  it('names the usual contract levels (the demo gives gold and silver) and leaves an admin\'s own word as typed', () => {
    for (const [key, names] of Object.entries(CONTRACT_LEVEL_NAMES)) {
      expect(names.fa, key).toMatch(/[\u0600-\u06FF]/);
      expect(names.en, key).not.toBe(key);
    }
    expect(contractLevelName('silver', 'fa')).toBe('نقره‌ای');
    expect(contractLevelName('Gold', 'en')).toBe('Gold');
    expect(contractLevelName('gold', 'fa')).toBe('طلایی');
    expect(contractLevelName('ویژهٔ شرکتی', 'en')).toBe('ویژهٔ شرکتی');
  });
});
