/**
 * Date and date-time fields on react-multi-date-picker: Jalali with a Persian month grid when the user's calendar is
 * Jalali, Gregorian otherwise (Mantine's own picker cannot do Jalali). Values stay ISO so the API never sees Jalali.
 */
import { CloseButton, Input } from '@mantine/core';
import { IconCalendar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import DatePicker, { DateObject } from 'react-multi-date-picker';
import TimePicker from 'react-multi-date-picker/plugins/time_picker';
import persian from 'react-date-object/calendars/persian';
import gregorian from 'react-date-object/calendars/gregorian';
import persian_fa from 'react-date-object/locales/persian_fa';
import persian_en from 'react-date-object/locales/persian_en';
import gregorian_en from 'react-date-object/locales/gregorian_en';
import gregorian_fa from 'react-date-object/locales/gregorian_fa';
import { usePrefs } from '../lib/prefs';
import { instantFromWallTime, wallTimeIn } from '../lib/zoned-time';

function usePickerCalendar() {
  const { prefs } = usePrefs();
  const jalali = prefs.calendar === 'jalali';
  const fa = prefs.locale === 'fa';
  return {
    calendar: jalali ? persian : gregorian,
    locale: jalali ? (fa ? persian_fa : persian_en) : (fa ? gregorian_fa : gregorian_en),
    timeZone: prefs.timeZone,
  };
}

type BaseProps = {
  label: string;
  error?: string;
  required?: boolean;
  description?: string;
  testId?: string;
  placeholder?: string;
};

type PickerInputProps = BaseProps & {
  pickerValue: DateObject | null;
  onPick: (d: DateObject | null) => void;
  format: string;
  withTime?: boolean;
};

function PickerInput({ label, error, required, description, testId, placeholder, pickerValue, onPick, format, withTime }: PickerInputProps) {
  const { t } = useTranslation();
  const { calendar, locale } = usePickerCalendar();
  return (
    <Input.Wrapper label={label} error={error} required={required} description={description}>
      <DatePicker
        value={pickerValue}
        onChange={(d) => onPick(d instanceof DateObject ? d : null)}
        calendar={calendar}
        locale={locale}
        format={format}
        portal
        zIndex={1000}
        // Opening the calendar must not fill in today: an untouched birthday has to stay empty.
        onOpenPickNewDate={false}
        // The default "," lands on the wrong side of the year in Persian ("آذر ،۱۴۰۵"); a space reads right in both.
        monthYearSeparator=" "
        calendarPosition="bottom-start"
        plugins={withTime ? [<TimePicker key="time" position="bottom" hideSeconds />] : []}
        render={(value: string, openCalendar: () => void, handleValueChange: (e: React.ChangeEvent) => void) => (
          <Input
            value={value}
            onFocus={openCalendar}
            onClick={openCalendar}
            onChange={handleValueChange}
            placeholder={placeholder}
            error={Boolean(error)}
            data-testid={testId}
            aria-label={label}
            leftSection={<IconCalendar size={16} />}
            rightSectionPointerEvents="all"
            rightSection={value ? <CloseButton size="sm" aria-label={t('common.clear')} onClick={() => onPick(null)} /> : null}
          />
        )}
      />
    </Input.Wrapper>
  );
}

/** A calendar day, as `YYYY-MM-DD` (Gregorian, ASCII digits). */
export function DateField({ value, onChange, ...rest }: BaseProps & { value: string | null; onChange: (v: string | null) => void }) {
  const { calendar, locale } = usePickerCalendar();
  const pickerValue = value
    ? new DateObject({ date: value, format: 'YYYY-MM-DD', calendar: gregorian, locale: gregorian_en }).convert(calendar, locale)
    : null;
  return (
    <PickerInput
      {...rest}
      pickerValue={pickerValue}
      format="YYYY/MM/DD"
      onPick={(d) => onChange(d ? new DateObject(d).convert(gregorian, gregorian_en).format('YYYY-MM-DD') : null)}
    />
  );
}

/**
 * A moment, as an ISO instant; the clock shown and picked is the user's time zone (or the one given, e.g. Tehran for a
 * campaign's schedule), not the browser's.
 */
export function DateTimeField({ value, onChange, timeZone: zone, ...rest }: BaseProps & { value: string | null; onChange: (v: string | null) => void; timeZone?: string }) {
  const picker = usePickerCalendar();
  const { calendar, locale } = picker;
  const timeZone = zone ?? picker.timeZone;
  let pickerValue: DateObject | null = null;
  if (value) {
    const w = wallTimeIn(new Date(value), timeZone);
    pickerValue = new DateObject({ year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute, calendar: gregorian, locale: gregorian_en })
      .convert(calendar, locale);
  }
  return (
    <PickerInput
      {...rest}
      withTime
      pickerValue={pickerValue}
      format="YYYY/MM/DD HH:mm"
      onPick={(d) => {
        if (!d) return onChange(null);
        const g = new DateObject(d).convert(gregorian, gregorian_en);
        onChange(instantFromWallTime({ year: g.year, month: g.month.number, day: g.day, hour: g.hour, minute: g.minute }, timeZone).toISOString());
      }}
    />
  );
}
