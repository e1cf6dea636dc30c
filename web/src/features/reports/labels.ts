/** Jalali period names for the screen: «آذر ۱۴۰۵», «بهار ۱۴۰۵», «۱۴۰۵» (Azar 1405, Spring 1405, 1405 in English). */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import type { PeriodKind } from './reports.api';

export function usePeriodLabel() {
  const { t } = useTranslation();
  const fmt = useFormat();
  return useCallback((kind: PeriodKind, year: number, index: number) => {
    const y = fmt.digits(String(year));
    if (kind === 'year') return y;
    return `${t(kind === 'month' ? `reports.months.${index}` : `reports.seasons.${index}`)} ${y}`;
  }, [t, fmt]);
}

/** A percentage with its sign in the reader's digits («۶۶٫۷٪», "66.7%"); a dash when there was nothing to divide. */
export function usePercent() {
  const fmt = useFormat();
  return useCallback((v: number | null) => (v === null ? '—' : fmt.locale === 'fa' ? `${fmt.number(v)}٪` : `${fmt.number(v)}%`), [fmt]);
}
