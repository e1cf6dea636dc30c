/**
 * The journey editor's draft, without React: what each source's events and channels can be, new keys, the input the
 * server takes (empty choices left out), the checks worth making before a round trip, and the server's field errors
 * ("touchpoints.3.stageKey") turned into the draft's rows.
 */
import { JOURNEY_SOURCES, type JourneySource } from '../../../../common/journeys.schemas';
import { TICKET_CHANNELS } from '../../../../common/support.schemas';
import type { Journey } from './journeys.api';

export const SOURCES = JOURNEY_SOURCES;
export type Source = JourneySource;
export const PHASES = ['first', 'repeat', 'before_purchase', 'after_purchase'] as const;
export const METRICS = ['nps', 'csat', 'ces'] as const;
export const TRIGGERS = ['invoice_paid', 'ticket_resolved', 'periodic', 'manual'] as const;

/** The event names each source produces (server/modules/journeys/journeys.events.ts). Survey answers use the metric. */
export const SOURCE_EVENTS: Record<Source, readonly string[]> = {
  interaction: ['call', 'meeting', 'visit', 'chat', 'whatsapp', 'instagram', 'telegram', 'email', 'sms'],
  lead: ['web_form'],
  call: ['answered', 'missed'],
  quote: ['sent', 'viewed', 'accepted', 'rejected', 'expired'],
  invoice: ['paid'],
  ticket: ['opened', 'first_response', 'resolved', 'reopened'],
  handover: ['assigneeId', 'teamId'],
  survey: [],
  campaign: ['message'],
  campaign_click: ['clicked'],
  contract: ['started'],
};
/** What "channel" means per source, with the values it takes where they are few and known. */
export const SOURCE_CHANNELS: Partial<Record<Source, readonly string[]>> = {
  call: ['in', 'out'],
  campaign: ['sms', 'email'],
  campaign_click: ['sms', 'email'],
  ticket: TICKET_CHANNELS,
};
/** Purchase phases read on invoices and on events before/after the first purchase. */
export const phasesFor = (s: Source): readonly string[] => (s === 'invoice' ? PHASES : s === 'survey' ? [] : ['before_purchase', 'after_purchase']);

export type Rule = Journey['touchpoints'][number]['rule'] & { lines?: string[] };
export type DraftStage = { uid: string; key: string; name: string; nameEn: string; saved: boolean };
export type DraftTouchpoint = { uid: string; key: string; name: string; nameEn: string; stageKey: string; rule: Rule; saved: boolean };
export type Draft = { name: string; stages: DraftStage[]; touchpoints: DraftTouchpoint[] };

let counter = 0;
const uid = () => `u${++counter}`;
export const KEY = /^[a-z][a-z0-9_]{0,59}$/;

export function draftOf(j: Journey | undefined, copyName?: string): Draft {
  return {
    name: copyName ?? j?.name ?? '',
    stages: (j?.stages ?? []).map((s) => ({ uid: uid(), key: s.key, name: s.name, nameEn: s.nameEn ?? '', saved: copyName === undefined })),
    touchpoints: (j?.touchpoints ?? []).map((t) => ({ uid: uid(), key: t.key, name: t.name, nameEn: t.nameEn ?? '', stageKey: t.stageKey, rule: { ...t.rule }, saved: copyName === undefined })),
  };
}

/** A key not used yet: prefix_1, prefix_2, … */
export function freshKey(prefix: 'stage' | 'tp', used: Iterable<string>): string {
  const taken = new Set(used);
  for (let i = 1; ; i++) if (!taken.has(`${prefix}_${i}`)) return `${prefix}_${i}`;
}
export const newStage = (d: Draft): DraftStage => ({ uid: uid(), key: freshKey('stage', d.stages.map((s) => s.key)), name: '', nameEn: '', saved: false });
export const newTouchpoint = (d: Draft, stageKey: string): DraftTouchpoint => ({
  uid: uid(), key: freshKey('tp', d.touchpoints.map((t) => t.key)), name: '', nameEn: '', stageKey, rule: { source: 'interaction' }, saved: false,
});

/** A stage's key changed (only new stages' keys can): its touchpoints follow. */
export function renameStage(d: Draft, uidOf: string, key: string): Draft {
  const old = d.stages.find((s) => s.uid === uidOf)?.key;
  return {
    ...d,
    stages: d.stages.map((s) => (s.uid === uidOf ? { ...s, key } : s)),
    touchpoints: d.touchpoints.map((t) => (t.stageKey === old ? { ...t, stageKey: key } : t)),
  };
}

/** A changed source keeps only what the new source understands. */
export function withSource(rule: Rule, source: Source): Rule {
  const next: Rule = { source };
  if (rule.lines) next.lines = rule.lines;
  if (rule.phase && phasesFor(source).includes(rule.phase)) next.phase = rule.phase;
  return next;
}

const opt = <T>(v: T[] | undefined) => (v && v.length ? v : undefined);
/** The body of POST/PUT /api/journeys. */
export function toInput(d: Draft) {
  return {
    name: d.name.trim(),
    stages: d.stages.map((s) => ({ key: s.key, name: s.name.trim(), ...(s.nameEn.trim() ? { nameEn: s.nameEn.trim() } : {}) })),
    touchpoints: d.touchpoints.map((t) => {
      const r = t.rule;
      const rule = Object.fromEntries(Object.entries({
        source: r.source, events: opt(r.events), channels: opt(r.channels), metric: r.metric, triggers: opt(r.triggers), phase: r.phase,
        measures: r.measures || undefined, lines: opt(r.lines),
      }).filter(([, v]) => v !== undefined)) as Rule;
      return { key: t.key, name: t.name.trim(), ...(t.nameEn.trim() ? { nameEn: t.nameEn.trim() } : {}), stageKey: t.stageKey, rule };
    }),
  };
}

/** `code` 'server': the server's `detail` about `field` (the path's end: name, key, stageKey, rule.measures…). */
export type Problem = { where: 'name' | 'stage' | 'touchpoint' | 'journey'; uid?: string; code: string; detail?: string; field?: string };
/** What the server would refuse, found before sending (the server checks again). */
export function check(d: Draft): Problem[] {
  const out: Problem[] = [];
  if (!d.name.trim()) out.push({ where: 'name', code: 'nameRequired' });
  if (d.stages.length < 2) out.push({ where: 'journey', code: 'twoStages' });
  if (d.touchpoints.length < 1) out.push({ where: 'journey', code: 'oneTouchpoint' });
  const seen = new Set<string>();
  for (const s of d.stages) {
    if (!s.name.trim()) out.push({ where: 'stage', uid: s.uid, code: 'nameRequired' });
    if (!KEY.test(s.key)) out.push({ where: 'stage', uid: s.uid, code: 'badKey' });
    else if (seen.has(s.key)) out.push({ where: 'stage', uid: s.uid, code: 'duplicateKey' });
    seen.add(s.key);
  }
  const stageKeys = new Set(d.stages.map((s) => s.key));
  const tpKeys = new Set<string>();
  for (const t of d.touchpoints) {
    if (!t.name.trim()) out.push({ where: 'touchpoint', uid: t.uid, code: 'nameRequired' });
    if (!KEY.test(t.key)) out.push({ where: 'touchpoint', uid: t.uid, code: 'badKey' });
    else if (tpKeys.has(t.key)) out.push({ where: 'touchpoint', uid: t.uid, code: 'duplicateKey' });
    tpKeys.add(t.key);
    if (!stageKeys.has(t.stageKey)) out.push({ where: 'touchpoint', uid: t.uid, code: 'noStage' });
  }
  for (const t of d.touchpoints) {
    if (t.rule.measures && !tpKeys.has(t.rule.measures)) out.push({ where: 'touchpoint', uid: t.uid, code: 'noMeasured' });
  }
  return out;
}

/** The server's field errors (details keyed "stages.1.key", "touchpoints.3.rule.measures", "name") on the draft's rows. */
export function problemsFromServer(d: Draft, details: Record<string, unknown> | undefined): Problem[] {
  const out: Problem[] = [];
  for (const [path, msg] of Object.entries(details ?? {})) {
    const m = /^(stages|touchpoints)\.(\d+)\.?(.*)$/.exec(path);
    const row = m ? (m[1] === 'stages' ? d.stages : d.touchpoints)[Number(m[2])] : undefined;
    if (row && m) out.push({ where: m[1] === 'stages' ? 'stage' : 'touchpoint', uid: row.uid, code: 'server', detail: String(msg), field: m[3] || undefined });
    else out.push({ where: path === 'name' ? 'name' : 'journey', code: 'server', detail: String(msg), field: path });
  }
  return out;
}

export const move = <T>(list: T[], i: number, by: -1 | 1): T[] => {
  const j = i + by;
  if (j < 0 || j >= list.length) return list;
  const next = list.slice();
  [next[i], next[j]] = [next[j], next[i]];
  return next;
};
