/**
 * The calendar's holidays: upcoming ones listed (past ones on request), one added by its Jalali date and a name, and
 * Iran's fixed solar holidays of a year added in one click. Changes wait for the calendar's Save.
 */
import { useMemo, useState } from 'react';
import { ActionIcon, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import jalaali from 'jalaali-js';
import { parseDateInput, todayIn } from '../../../../common/jalali';
import { DateField } from '../../components/DateFields';
import type { FieldErrors } from '../../lib/errors';
import { intlLocale, useFormat } from '../../lib/format';
import { usePrefs } from '../../lib/prefs';
import { IRAN_SOLAR_HOLIDAYS, type Holiday } from './support-settings.api';

type Props = { holidays: Holiday[]; onChange: (next: Holiday[]) => void; errors: FieldErrors; timeZone: string };

const byDate = (a: Holiday, b: Holiday) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

export function HolidaysEditor({ holidays, onChange, errors, timeZone }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { prefs } = usePrefs();
  const [showPast, setShowPast] = useState(false);
  const [date, setDate] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [addError, setAddError] = useState<string | undefined>();
  // The picker keeps the text typed into it; a new key after each add gives an empty box.
  const [pickerKey, setPickerKey] = useState(0);
  const today = todayIn(new Date(), timeZone);
  const thisJalaliYear = useMemo(() => { const [y, m, d] = today.split('-').map(Number); return jalaali.toJalaali(y, m, d).jy; }, [today]);
  const [year, setYear] = useState(String(thisJalaliYear));
  const weekday = useMemo(() => new Intl.DateTimeFormat(intlLocale(prefs), { weekday: 'long', timeZone: 'UTC' }), [prefs]);

  const pastCount = holidays.filter((h) => h.date < today).length;
  // Indices stay those of the whole list: the server's errors (`holidays.3.date`) count in the list it was sent.
  const rows = holidays.map((h, index) => ({ h, index })).filter(({ h }) => showPast || h.date >= today);

  function add() {
    if (!date) return setAddError(t('fieldErrors.required'));
    const same = holidays.find((h) => h.date === date);
    if (same) return setAddError(t('supportSettings.holidays.duplicate', { name: same.name || fmt.date(same.date) }));
    onChange([...holidays, name.trim() ? { date, name: name.trim() } : { date }].sort(byDate));
    setDate(null);
    setPickerKey((k) => k + 1);
    setName('');
    setAddError(undefined);
  }

  function addIran() {
    const jy = Number(year);
    const have = new Set(holidays.map((h) => h.date));
    const fresh: Holiday[] = [];
    for (const { month, day, key } of IRAN_SOLAR_HOLIDAYS) {
      const iso = parseDateInput(`${jy}/${month}/${day}`);
      if (iso && !have.has(iso)) { fresh.push({ date: iso, name: t(`supportSettings.holidays.iran.${key}`) }); have.add(iso); }
    }
    onChange([...holidays, ...fresh].sort(byDate));
    notifications.show({
      color: fresh.length ? 'teal' : 'gray',
      message: fresh.length
        ? t('supportSettings.holidays.iranAdded', { count: fresh.length, year: fmt.digits(String(jy)) })
        : t('supportSettings.holidays.iranNone', { year: fmt.digits(String(jy)) }),
    });
  }

  return (
    <Stack gap="sm" data-testid="holidays">
      <Group justify="space-between" align="flex-end">
        <div>
          <Text fw={600}>{t('supportSettings.holidays.title')}</Text>
          <Text size="xs" c="dimmed">{t('supportSettings.holidays.hint')}</Text>
        </div>
        {pastCount > 0 && (
          <Button variant="subtle" size="compact-sm" onClick={() => setShowPast((v) => !v)} data-testid="holidays-show-past">
            {showPast ? t('supportSettings.holidays.hidePast') : t('supportSettings.holidays.showPast', { count: pastCount })}
          </Button>
        )}
      </Group>

      {rows.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="holidays-empty">{t('supportSettings.holidays.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={420} mah={320} type="native">
          <Table verticalSpacing={4} highlightOnHover stickyHeader data-testid="holidays-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('supportSettings.holidays.date')}</Table.Th>
                <Table.Th>{t('supportSettings.holidays.weekday')}</Table.Th>
                <Table.Th>{t('supportSettings.holidays.name')}</Table.Th>
                <Table.Th w={44} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(({ h, index }) => {
                const error = errors[`holidays.${index}.date`] ?? errors[`holidays.${index}.name`] ?? errors[`holidays.${index}`];
                return (
                  <Table.Tr key={h.date} data-testid="holiday-row" data-date={h.date}>
                    <Table.Td>
                      <Text size="sm" c={h.date < today ? 'dimmed' : undefined}>{fmt.date(h.date)}</Text>
                      {error && <Text size="xs" c="red">{error}</Text>}
                    </Table.Td>
                    <Table.Td><Text size="sm" c="dimmed">{weekday.format(new Date(`${h.date}T12:00:00Z`))}</Text></Table.Td>
                    <Table.Td><Text size="sm">{h.name ? <bdi>{h.name}</bdi> : '—'}</Text></Table.Td>
                    <Table.Td>
                      <ActionIcon variant="subtle" color="red" onClick={() => onChange(holidays.filter((x) => x.date !== h.date))} aria-label={t('supportSettings.holidays.remove', { date: fmt.date(h.date) })} data-testid="holiday-remove">
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <Group gap="xs" align="flex-start" wrap="wrap" data-testid="holiday-add">
        <div style={{ width: 180 }}>
          <DateField key={pickerKey} label={t('supportSettings.holidays.date')} value={date} onChange={(v) => { setDate(v); setAddError(undefined); }} error={addError} testId="holiday-date" placeholder={prefs.calendar === 'jalali' ? fmt.digits('1405/01/01') : '2026/03/21'} />
        </div>
        <TextInput label={t('supportSettings.holidays.name')} placeholder={t('supportSettings.holidays.namePlaceholder')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={200} style={{ flex: 1, minWidth: 180 }} data-testid="holiday-name" />
        <Button variant="light" leftSection={<IconPlus size={16} />} onClick={add} mt={25} data-testid="holiday-add-button">{t('supportSettings.holidays.add')}</Button>
      </Group>

      <Group gap="xs" align="flex-end" wrap="wrap">
        <Select label={t('supportSettings.holidays.iranYear')} data={[thisJalaliYear, thisJalaliYear + 1].map((y) => ({ value: String(y), label: fmt.digits(String(y)) }))} value={year} onChange={(v) => v && setYear(v)} allowDeselect={false} w={120} data-testid="holidays-iran-year" />
        <Button variant="default" onClick={addIran} data-testid="holidays-add-iran">{t('supportSettings.holidays.addIran')}</Button>
      </Group>
      <Text size="xs" c="dimmed">{t('supportSettings.holidays.lunarNote')}</Text>
    </Stack>
  );
}
