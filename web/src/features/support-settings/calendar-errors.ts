/**
 * The calendar's 400 answer → messages beside the inputs. The server names each problem by its path
 * (`weeklyHours.4.0.end`, `weeklyHours.4.1` for a whole range, `weeklyHours` for an empty week, `holidays.2.date`) and
 * explains it in English; the kind of problem is read from that sentence and said in the user's language.
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import type { FieldErrors } from '../../lib/errors';

function kindOf(path: string, message: string): string {
  if (path === 'timeZone') return 'timeZone';
  if (/not a valid time/i.test(message)) return 'time';
  if (/earlier than end/i.test(message)) return 'order';
  if (/overlap/i.test(message)) return 'overlap';
  if (/no working time/i.test(message)) return 'emptyWeek';
  if (/not a real date/i.test(message)) return 'date';
  if (/at most|too_big|too big/i.test(message)) return 'tooLong';
  return 'invalid';
}

export function calendarFieldErrors(t: TFunction, err: unknown): FieldErrors {
  if (!(err instanceof ApiError) || err.code !== 'VALIDATION_FAILED' || !err.details) return {};
  const out: FieldErrors = {};
  for (const [path, message] of Object.entries(err.details)) {
    if (typeof message !== 'string') continue;
    out[path] = t(`supportSettings.calendar.errors.${kindOf(path, message)}`);
  }
  return out;
}

/** Errors of one day after a change to it: its indices no longer mean the same ranges. */
export function withoutDay(errors: FieldErrors, day: number): FieldErrors {
  const prefix = `weeklyHours.${day}.`;
  return Object.fromEntries(Object.entries(errors).filter(([k]) => !k.startsWith(prefix) && k !== 'weeklyHours'));
}
