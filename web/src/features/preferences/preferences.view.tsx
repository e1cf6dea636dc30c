/** The compact reading of a customer's preferences, shared by the 360° card, the ticket panel and the screen-pop. */
import { Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useFormat, type Formatter } from '../../lib/format';
import type { Answer } from '../../api/types';
import { UserText } from '../../components/UserText';
import type { preferencesView } from '../../../../common/preferences.schemas';

export type Preferences = Answer<typeof preferencesView>;
type ImportantDate = Preferences['importantDates'][number];

export const isEmpty = (p: Preferences) => !p.favouriteProducts.length && !p.tastes && !p.preferredChannel && !p.contactFrom && !p.language && !p.importantDates.length;

export function hoursText(t: TFunction, fmt: Formatter, p: Pick<Preferences, 'contactFrom' | 'contactTo'>): string | null {
  if (!p.contactFrom || !p.contactTo) return null;
  return t('preferences.hoursValue', { from: fmt.digits(p.contactFrom), to: fmt.digits(p.contactTo) });
}

export function monthName(t: TFunction, locale: string, calendar: 'jalali' | 'gregorian', month: number): string {
  if (calendar === 'jalali') return (t('preferences.jalaliMonths', { returnObjects: true }) as string[])[month - 1] ?? String(month);
  return new Intl.DateTimeFormat(locale === 'fa' ? 'fa-IR-u-ca-gregory' : 'en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, month - 1, 1)));
}

export function dateText(t: TFunction, fmt: Formatter, d: ImportantDate): string {
  const year = d.year ? ` ${fmt.digits(String(d.year))}` : '';
  return `${fmt.digits(String(d.day))} ${monthName(t, fmt.locale, d.calendar, d.month)}${year}`;
}

export const productLabel = (p: Preferences['favouriteProducts'][number], lang: string) => (lang === 'en' && p.nameEn ? p.nameEn : p.nameFa);

/** The lines, smallest first; `compact` keeps to what a person on the phone needs. */
export function PreferenceLines({ p, compact = false }: { p: Preferences; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const sep = t('common.listSeparator');
  const hours = hoursText(t, fmt, p);
  const line = (label: string, value: React.ReactNode, testId: string) => (
    <Group gap={6} wrap="nowrap" align="baseline" data-testid={testId}>
      <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>{label}</Text>
      <Text size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{value}</Text>
    </Group>
  );
  return (
    <Stack gap={compact ? 2 : 6}>
      {(p.preferredChannel || hours || p.language) && line(t('preferences.contact'), [p.preferredChannel && t(`channel.${p.preferredChannel}`), hours, p.language && t(`preferences.lang.${p.language}`)].filter(Boolean).join(sep), 'pref-contact')}
      {p.favouriteProducts.length > 0 && line(t('preferences.favourites'), p.favouriteProducts.map((x) => productLabel(x, i18n.language)).join(sep), 'pref-products')}
      {p.tastes && line(t('preferences.tastes'), <UserText>{p.tastes}</UserText>, 'pref-tastes')}
      {p.importantDates.length > 0 && (
        <Group gap={4} data-testid="pref-dates">
          {p.importantDates.map((d, i) => (
            <Badge key={i} size="sm" variant="light" color={d.kind === 'anniversary' ? 'pink' : 'gray'} style={{ textTransform: 'none' }}>
              <UserText>{d.label}</UserText>: {dateText(t, fmt, d)}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}
