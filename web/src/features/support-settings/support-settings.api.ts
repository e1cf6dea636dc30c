/**
 * Shapes and queries of the support desk's settings (server/modules/support: sla.service.ts, business-hours.ts,
 * support.routes.ts; docs/api.md "Support: tickets, SLA, contracts"), and the small pure helpers the cards share.
 */
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api } from '../../api/client';
import { toLatinDigits } from '../../../../common/fa-normalize';
import type { TICKET_PRIORITIES, businessCalendarView, calendarAnswer, slaPolicyView, supportSettingsView } from '../../../../common/support.schemas';
import type { Answer } from '../../api/types';

export type Priority = (typeof TICKET_PRIORITIES)[number];
/** Most urgent first, as the server lists them. */
export const PRIORITIES: Priority[] = ['urgent', 'high', 'normal', 'low'];

/** `weeklyHours[0]` is Sunday … `[6]` Saturday (JS weekday numbers), as the server keeps them. */
export type BusinessCalendar = Answer<typeof businessCalendarView>;
export type Interval = BusinessCalendar['weeklyHours'][number][number];
export type Holiday = BusinessCalendar['holidays'][number];
export type CalendarAnswer = Answer<typeof calendarAnswer>;

/** Iranian weeks start on Saturday: the grid's rows, as JS weekday numbers. */
export const WEEK_ORDER = [6, 0, 1, 2, 3, 4, 5] as const;

export type SlaPolicy = Answer<typeof slaPolicyView>;
export type SlaPolicyBody = Omit<SlaPolicy, 'id' | 'createdAt' | 'updatedAt'>;

export type SupportSettings = Answer<typeof supportSettingsView>;
export type AssignmentMode = SupportSettings['assignment'];

export const CALENDAR_KEY = ['support', 'calendar'] as const;
/** The same key the contracts screens read levels from, so a new level shows there at once. */
export const POLICIES_KEY = ['sla-policies'] as const;
export const SETTINGS_KEY = ['support', 'settings'] as const;

export const useSupportCalendar = () => useQuery({ queryKey: CALENDAR_KEY, queryFn: () => api.get<CalendarAnswer>('/support/calendar') });
export const useSlaPolicies = () => useQuery({ queryKey: POLICIES_KEY, queryFn: () => api.get<{ items: SlaPolicy[] }>('/support/sla-policies') });
export const useSupportSettings = () =>
  useQuery({ queryKey: SETTINGS_KEY, queryFn: () => api.get<SupportSettings>('/support/settings'), retry: false });

/**
 * What a person typed in a time box → "HH:MM" when it reads as a time ("8" → "08:00", "۸:۳۰" → "08:30", "0830" → "08:30");
 * anything else is passed on as typed, and the server says what is wrong with it beside the box.
 */
export function normalizeTime(text: string): string {
  const s = toLatinDigits(text).trim().replace(/[.\u066B٫]/g, ':');
  let m = /^(\d{1,2})$/.exec(s);
  if (m) return `${m[1].padStart(2, '0')}:00`;
  m = /^(\d{1,2}):(\d{1,2})$/.exec(s);
  if (m) return `${m[1].padStart(2, '0')}:${m[2].padStart(2, '0')}`;
  m = /^(\d{2})(\d{2})$/.exec(s);
  if (m) return `${m[1]}:${m[2]}`;
  return s;
}

/**
 * Minutes in words, digits as the language writes them: "۴ ساعت کاری" / "4 business hours" (`business`), or plain
 * "۹ ساعت" / "9 hours" for how long a day is open.
 */
export function businessDuration(t: TFunction, minutes: number, kind: 'business' | 'plain' = 'business'): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const k = `supportSettings.duration.${kind}`;
  if (h === 0) return t(`${k}.minutes`, { count: m });
  if (m === 0) return t(`${k}.hours`, { count: h });
  return t(`${k}.hoursMinutes`, { hours: h, minutes: m });
}

export { IRAN_SOLAR_HOLIDAYS } from '../../../../common/iran-holidays';
