/**
 * The survey API speaks English in its field errors (common/survey.schemas.ts); these become Persian or English
 * sentences beside the inputs. A 422 on an answered survey becomes one clear sentence above the questions.
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { translateFieldMessage, type FieldErrors } from '../../lib/errors';

const KEYS: [RegExp, string][] = [
  [/^add at least one question$/, 'surveys.err.noQuestions'],
  [/^question ids must differ$/, 'surveys.err.idsDiffer'],
  [/^letters, digits, - and _/, 'surveys.err.idFormat'],
  [/^a choice question needs at least 2 options$/, 'surveys.err.twoOptions'],
  [/^only choice questions have options$/, 'surveys.err.noOptions'],
  [/^option ids must differ$/, 'surveys.err.optionIds'],
  [/^only scored questions have a follow-up$/, 'surveys.err.followUpScored'],
  [/^a time as HH:MM$/, 'surveys.err.time'],
  [/^type of an answered question changed$/, 'surveys.err.typeChanged'],
  [/^headline metric changed$/, 'surveys.err.metricChanged'],
  [/^choose customers or a segment$/, 'surveys.err.chooseRecipients'],
  [/^too many customers$/, 'surveys.err.tooMany'],
];

export function surveyFieldMessage(t: TFunction, fmtDigits: (s: string) => string, message: string): string {
  const within = /^must be within (\d+)–(\d+)$/.exec(message);
  if (within) return t('surveys.err.within', { min: fmtDigits(within[1]), max: fmtDigits(within[2]) });
  for (const [re, key] of KEYS) if (re.test(message)) return t(key);
  return translateFieldMessage(t, message);
}

/** `details` of a 400 (or the 422 of an answered survey) → `{ "questions.1.followUp.maxScore": "sentence" }`. */
export function surveyFieldErrors(t: TFunction, fmtDigits: (s: string) => string, err: unknown): FieldErrors {
  if (!(err instanceof ApiError) || !err.details || (err.code !== 'VALIDATION_FAILED' && err.code !== 'UNPROCESSABLE')) return {};
  const out: FieldErrors = {};
  for (const [path, msg] of Object.entries(err.details)) if (typeof msg === 'string') out[path] = surveyFieldMessage(t, fmtDigits, msg);
  return out;
}

/** The sentence above the form: the answered-survey refusals say exactly what happened. */
export function surveyFormError(t: TFunction, err: unknown, fallback: string): string {
  if (err instanceof ApiError && err.status === 422) {
    const d = (err.details ?? {}) as Record<string, unknown>;
    if (d.questions === 'type of an answered question changed') return t('surveys.err.typeChangedLong');
    if (d.questions === 'headline metric changed') return t('surveys.err.metricChangedLong');
  }
  return fallback;
}
