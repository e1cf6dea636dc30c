/**
 * Period names for the screen in the reader's calendar: «آذر ۱۴۰۵», «بهار ۱۴۰۵», «۱۴۰۵» (Azar 1405, Spring 1405) for
 * Jalali readers; «مارس ۲۰۲۶», "Q1 2026", "2026" for Gregorian ones.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import type { PeriodKind } from './reports.api';
import type { Calendar } from '../../api/types';

export function usePeriodLabel() {
  const { t } = useTranslation();
  const fmt = useFormat();
  return useCallback((kind: PeriodKind, year: number, index: number, calendar: Calendar = 'jalali') => {
    const y = fmt.digits(String(year));
    if (kind === 'year') return y;
    const group = calendar === 'gregorian' ? (kind === 'month' ? 'gMonths' : 'quarters') : (kind === 'month' ? 'months' : 'seasons');
    return `${t(`reports.${group}.${index}`)} ${y}`;
  }, [t, fmt]);
}

/** A percentage with its sign in the reader's digits («۶۶٫۷٪», "66.7%"); a dash when there was nothing to divide. */
export function usePercent() {
  const fmt = useFormat();
  return useCallback((v: number | null) => (v === null ? '—' : fmt.locale === 'fa' ? `${fmt.number(v)}٪` : `${fmt.number(v)}%`), [fmt]);
}
