/**
 * Shapes and queries of the survey builder (server/modules/surveys/surveys.routes.ts, common/survey.schemas.ts), and
 * the small pure helpers the builder's parts share: new questions, short ids, delays as hours and minutes.
 */
import { useQuery } from '@tanstack/react-query';
import {
  SCALES, isScored, type QuestionType, type SURVEY_CHANNELS, type SURVEY_STATUSES, type SURVEY_TRIGGERS, type VocSettings,
  type surveyView, type surveyList, type surveySent,
} from '../../../../common/survey.schemas';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';

export type Bilingual = { fa: string; en: string };
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];
export type TriggerType = (typeof SURVEY_TRIGGERS)[number];
export type Metric = 'nps' | 'csat' | 'ces';

export type QuestionDraft = {
  id: string;
  type: QuestionType;
  text: Bilingual;
  required: boolean;
  options: { id: string; text: Bilingual }[];
  followUp?: { maxScore: number; text: Bilingual };
};

export type SurveyBody = {
  name: string;
  status: SurveyStatus;
  channel: SurveyChannel;
  trigger: { type: TriggerType; delayMinutes: number; everyMonths: number };
  intro: Bilingual;
  thanks: Bilingual;
  questions: QuestionDraft[];
  anonymousEnabled: boolean;
};

export type Survey = Answer<typeof surveyView>;
export type SurveyListItem = Answer<typeof surveyList>['items'][number];

export type SendBody = { customerIds: string[]; segment?: { lifecycleStage?: string; tag?: string; segmentId?: string } };
export type SendResult = Answer<typeof surveySent>;

export type { VocSettings };

export const SURVEYS_KEY = ['surveys'] as const;
export const surveyKey = (id: string) => ['surveys', id] as const;
export const VOC_SETTINGS_KEY = ['voc', 'settings'] as const;

export const useSurveys = () => useQuery({ queryKey: SURVEYS_KEY, queryFn: () => api.get<{ items: SurveyListItem[] }>('/surveys') });
export const useSurvey = (id: string | undefined) =>
  useQuery({ queryKey: surveyKey(id ?? ''), queryFn: () => api.get<Survey>(`/surveys/${id}`), enabled: Boolean(id) });
export const useVocSettings = () => useQuery({ queryKey: VOC_SETTINGS_KEY, queryFn: () => api.get<VocSettings>('/voc/settings') });

/** The picker's order: the headline scores first, then the others. */
export const PICKER_TYPES: QuestionType[] = ['nps', 'csat', 'ces', 'stars', 'single', 'multi', 'text'];
export const isChoice = (t: QuestionType) => t === 'single' || t === 'multi';

/** The next free short id with this prefix: q1, q2… (ids must match /^[a-z0-9_-]{1,20}$/ and differ). */
export function nextId(taken: readonly string[], prefix: string): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** A sensible "ask why" threshold: the unhappy end of each scale. */
export function defaultMaxScore(type: QuestionType): number {
  switch (type) {
    case 'nps': return 6;
    case 'csat': return 3;
    case 'ces': return 3;
    case 'stars': return 3;
    default: return 0;
  }
}

export function newQuestion(type: QuestionType, taken: readonly string[]): QuestionDraft {
  return {
    id: nextId(taken, 'q'), type, text: { fa: '', en: '' }, required: true,
    options: isChoice(type) ? [{ id: 'o1', text: { fa: '', en: '' } }, { id: 'o2', text: { fa: '', en: '' } }] : [],
  };
}

/** Changing a question's type keeps its words; options and the follow-up follow what the new type allows. */
export function changeType(q: QuestionDraft, type: QuestionType): QuestionDraft {
  const options = isChoice(type)
    ? (q.options.length ? q.options : [{ id: 'o1', text: { fa: '', en: '' } }, { id: 'o2', text: { fa: '', en: '' } }])
    : [];
  let followUp = isScored(type) ? q.followUp : undefined;
  if (followUp && isScored(type)) {
    const { min, max } = SCALES[type];
    followUp = { ...followUp, maxScore: Math.min(max, Math.max(min, followUp.maxScore)) };
  }
  return { ...q, type, options, followUp };
}

export const scaleOf = (type: QuestionType) => (isScored(type) ? SCALES[type] : null);

/** The body the API takes: optional English left empty, follow-up only where it applies. */
export function toBody(b: SurveyBody): SurveyBody {
  return {
    ...b,
    name: b.name.trim(),
    questions: b.questions.map((q) => ({
      ...q,
      options: isChoice(q.type) ? q.options : [],
      ...(q.followUp && isScored(q.type) ? { followUp: q.followUp } : { followUp: undefined }),
    })),
  };
}

export const splitMinutes = (m: number) => ({ hours: Math.floor(m / 60), minutes: m % 60 });

export const EMPTY_SURVEY: SurveyBody = {
  name: '', status: 'draft', channel: 'sms', trigger: { type: 'manual', delayMinutes: 0, everyMonths: 6 },
  intro: { fa: '', en: '' }, thanks: { fa: '', en: '' }, questions: [], anonymousEnabled: false,
};

/** The last part of the anonymous link is the key the website widget takes. */
export const anonymousKey = (url: string) => url.split('/').filter(Boolean).pop() ?? '';

/** The response rate in percent, or null when nothing was sent. */
export const responseRate = (sent: number, responses: number) => (sent > 0 ? Math.round((100 * responses) / sent) : null);

/** JSON with sorted keys and no undefined fields: the server keeps questions as jsonb, which reorders keys. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}
