/**
 * The business calendar the SLA clocks count in: a week (Saturday first) of opening ranges per day, the time zone and
 * the holidays, saved together (PUT /api/support/calendar). The server checks the times; its complaints appear beside
 * the box or range they name.
 */
import { useEffect, useRef, useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Divider, Group, Paper, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorState, LoadingState } from '../../components/States';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { useFormat } from '../../lib/format';
import { useMe } from '../session/session';
import { putJson } from '../settings/settings.api';
import { calendarFieldErrors, withoutDay } from './calendar-errors';
import { HolidaysEditor } from './HolidaysEditor';
import { TimeBox } from './inputs';
import {
  businessDuration, CALENDAR_KEY, normalizeTime, useSupportCalendar, WEEK_ORDER,
  type BusinessCalendar, type CalendarAnswer, type Holiday, type Interval,
} from './support-settings.api';

const TIME_ZONES = ['Asia/Tehran', 'Asia/Dubai', 'Asia/Kabul', 'Europe/Istanbul', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Toronto', 'UTC'];

type Draft = { timeZone: string; days: Interval[][]; holidays: Holiday[] };
const fromCalendar = (c: BusinessCalendar): Draft => ({ timeZone: c.timeZone, days: c.weeklyHours.map((d) => d.map((iv) => ({ ...iv }))), holidays: [...c.holidays] });

const toMinutes = (s: string, end = false): number | null => {
  const m = /^(\d{2}):(\d{2})$/.exec(normalizeTime(s));
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v < 24 * 60 && Number(m[2]) < 60 ? v : end && v === 24 * 60 ? v : null;
};
const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
/** Open minutes of a day, counting only ranges that read right (the server judges the rest). */
const dayMinutes = (day: Interval[]) => day.reduce((sum, iv) => {
  const [s, e] = [toMinutes(iv.start), toMinutes(iv.end, true)];
  return s !== null && e !== null && e > s ? sum + e - s : sum;
}, 0);

/** A sensible next range: an hour after the last one ends, four hours long; a closed day opens 08:00–17:00. */
function nextRange(day: Interval[]): Interval {
  const lastEnd = day.length ? toMinutes(day[day.length - 1].end, true) : null;
  if (!day.length || lastEnd === null) return day.length ? { start: '', end: '' } : { start: '08:00', end: '17:00' };
  const start = Math.min(lastEnd + 60, 23 * 60);
  return { start: hhmm(start), end: hhmm(Math.min(start + 240, 24 * 60)) };
}

export function BusinessCalendarCard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const queryClient = useQueryClient();
  const calendar = useSupportCalendar();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [dirty, setDirty] = useState(false);
  // A day switched off keeps its ranges here, so switching it back on brings them back.
  const closedRanges = useRef<Interval[][]>(Array.from({ length: 7 }, () => []));
  const { busy, errors, setErrors, formError, run } = useFormSubmit({ mapErrors: (_fields, err) => calendarFieldErrors(t, err) });

  useEffect(() => {
    if (calendar.data && !dirty) setDraft(fromCalendar(calendar.data.calendar));
  }, [calendar.data]);

  if (calendar.isError) return <ErrorState error={calendar.error} onRetry={() => void calendar.refetch()} />;
  if (!draft || !calendar.data) return <LoadingState />;

  const change = (next: Draft, clearDay?: number) => {
    setDraft(next);
    setDirty(true);
    if (clearDay !== undefined) setErrors((e) => withoutDay(e, clearDay));
  };
  const setDay = (d: number, ranges: Interval[]) => change({ ...draft, days: draft.days.map((x, i) => (i === d ? ranges : x)) }, d);
  const setRange = (d: number, i: number, patch: Partial<Interval>) => {
    setDraft({ ...draft, days: draft.days.map((x, k) => (k === d ? x.map((iv, j) => (j === i ? { ...iv, ...patch } : iv)) : x)) });
    setDirty(true);
    // Only this box's own error goes while typing; the range's error goes with the next save.
    setErrors((e) => { const n = { ...e }; for (const k of Object.keys(patch)) delete n[`weeklyHours.${d}.${i}.${k}`]; return n; });
  };
  const toggleDay = (d: number, open: boolean) => {
    if (!open) {
      closedRanges.current[d] = draft.days[d];
      return setDay(d, []);
    }
    const kept = closedRanges.current[d];
    setDay(d, kept.length ? kept : [nextRange([])]);
  };

  async function save() {
    if (!draft) return;
    const body = {
      timeZone: draft.timeZone,
      weeklyHours: draft.days.map((day) => day.map((iv) => ({ start: normalizeTime(iv.start), end: normalizeTime(iv.end) }))),
      holidays: draft.holidays,
    };
    await run(async () => {
      const saved = await putJson<CalendarAnswer>('/support/calendar', body, me.csrfToken);
      queryClient.setQueryData(CALENDAR_KEY, saved);
      setDraft(fromCalendar(saved.calendar));
      setDirty(false);
      notifications.show({ color: 'teal', message: t('supportSettings.calendar.saved') });
    });
  }

  const weekMinutes = draft.days.reduce((sum, d) => sum + dayMinutes(d), 0);
  const zones = TIME_ZONES.includes(draft.timeZone) ? TIME_ZONES : [draft.timeZone, ...TIME_ZONES];

  return (
    <Paper withBorder p="md" radius="md" data-testid="support-calendar">
      <form onSubmit={submitHandler(save)} noValidate>
        <Group justify="space-between" mb={4} wrap="nowrap" align="flex-start">
          <Title order={2} size="h5">{t('supportSettings.calendar.title')}</Title>
          <Badge variant="light" color={calendar.data.custom ? 'teal' : 'gray'} style={{ flexShrink: 0 }}>
            {calendar.data.custom ? t('supportSettings.calendar.custom') : t('supportSettings.calendar.default')}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed" mb="sm">{t('supportSettings.calendar.intro')}</Text>
        <Stack gap="md">
          <Group gap="md" align="flex-end" wrap="wrap">
            <Select label={t('supportSettings.calendar.timeZone')} data={zones} value={draft.timeZone} onChange={(v) => v && change({ ...draft, timeZone: v })} allowDeselect={false} error={errors.timeZone} w={220} styles={{ input: { direction: 'ltr' } }} data-testid="calendar-time-zone" />
            <Text size="sm" c="dimmed" pb={8} data-testid="calendar-week-total">{t('supportSettings.calendar.weekTotal', { duration: businessDuration(t, weekMinutes) })}</Text>
          </Group>

          {errors.weeklyHours && <Alert color="red" variant="light" p="xs" data-testid="calendar-week-error">{errors.weeklyHours}</Alert>}
          <Table.ScrollContainer minWidth={560} type="native">
            <Table verticalSpacing="xs" data-testid="calendar-week">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={110}>{t('supportSettings.calendar.day')}</Table.Th>
                  <Table.Th w={120}>{t('supportSettings.calendar.open')}</Table.Th>
                  <Table.Th>{t('supportSettings.calendar.hours')}</Table.Th>
                  <Table.Th w={120} ta="end">{t('supportSettings.calendar.dayTotal')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {WEEK_ORDER.map((d) => {
                  const day = draft.days[d];
                  const open = day.length > 0;
                  const name = t(`supportSettings.weekday.${d}`);
                  return (
                    <Table.Tr key={d} data-testid={`cal-day-${d}`} style={{ verticalAlign: 'top' }}>
                      <Table.Td pt={14}><Text fw={500} size="sm">{name}</Text></Table.Td>
                      <Table.Td pt={14}>
                        <Switch checked={open} onChange={(e) => toggleDay(d, e.currentTarget.checked)} label={open ? t('supportSettings.calendar.isOpen') : t('supportSettings.calendar.isClosed')} aria-label={t('supportSettings.calendar.openDay', { day: name })} data-testid={`cal-${d}-open`} />
                      </Table.Td>
                      <Table.Td>
                        {!open ? (
                          <Text size="sm" c="dimmed" pt={6}>{t('supportSettings.calendar.closedAllDay')}</Text>
                        ) : (
                          <Stack gap={6}>
                            {day.map((iv, i) => {
                              const at = `weeklyHours.${d}.${i}`;
                              const [startErr, endErr, rangeErr] = [errors[`${at}.start`], errors[`${at}.end`], errors[at]];
                              const message = rangeErr ?? startErr ?? endErr;
                              return (
                                <div key={i} data-testid={`cal-${d}-${i}`}>
                                  <Group gap={6} wrap="nowrap">
                                    <TimeBox value={iv.start} onChange={(v) => setRange(d, i, { start: v })} error={Boolean(startErr || rangeErr)} aria-label={t('supportSettings.calendar.rangeStart', { day: name, n: i + 1 })} testId={`cal-${d}-${i}-start`} />
                                    <Text size="sm" c="dimmed">{t('supportSettings.calendar.to')}</Text>
                                    <TimeBox value={iv.end} onChange={(v) => setRange(d, i, { end: v })} error={Boolean(endErr || rangeErr)} aria-label={t('supportSettings.calendar.rangeEnd', { day: name, n: i + 1 })} testId={`cal-${d}-${i}-end`} />
                                    <ActionIcon variant="subtle" color="gray" onClick={() => setDay(d, day.filter((_, j) => j !== i))} aria-label={t('supportSettings.calendar.removeRange', { day: name, n: i + 1 })} data-testid={`cal-${d}-${i}-remove`}>
                                      <IconX size={16} />
                                    </ActionIcon>
                                  </Group>
                                  {message && <Text size="xs" c="red" mt={2} data-testid={`cal-${d}-${i}-error`}>{message}</Text>}
                                </div>
                              );
                            })}
                            <div>
                              <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => setDay(d, [...day, nextRange(day)])} data-testid={`cal-${d}-add`}>
                                {t('supportSettings.calendar.addRange')}
                              </Button>
                            </div>
                          </Stack>
                        )}
                      </Table.Td>
                      <Table.Td pt={14} ta="end"><Text size="sm" c="dimmed">{open ? businessDuration(t, dayMinutes(day), 'plain') : '—'}</Text></Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>

          <Divider />
          <HolidaysEditor holidays={draft.holidays} onChange={(holidays) => change({ ...draft, holidays })} errors={errors} timeZone={draft.timeZone} />

          <FormErrorAlert error={formError} testId="calendar-error" />
          <Group justify="space-between">
            <Text size="xs" c={dirty ? 'orange' : 'dimmed'} data-testid="calendar-dirty">{dirty ? t('supportSettings.unsaved') : t('supportSettings.calendar.openTickets')}</Text>
            <Button type="submit" loading={busy} data-testid="calendar-save">{t('supportSettings.calendar.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
