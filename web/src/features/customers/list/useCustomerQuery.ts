/** The customers list's filters live in the URL: shareable, kept on back/forward, and what a saved view stores. */
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

export const FILTER_KEYS = ['q', 'kind', 'stage', 'source', 'tag', 'ownerId', 'city', 'smsConsent', 'createdFrom', 'createdTo', 'segmentId', 'custom', 'sort'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type CustomerFilters = Partial<Record<FilterKey, string>>;
export const DEFAULT_SORT = '-lastActivity';
export const PAGE_SIZE = 25;

export type CustomFilterValue = string | number | boolean | { min?: string | number; max?: string | number };

export function useCustomerQuery() {
  const [params, setParams] = useSearchParams();

  const filters = useMemo<CustomerFilters>(() => {
    const out: CustomerFilters = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k);
      if (v) out[k] = v;
    }
    return out;
  }, [params]);
  const page = Math.max(1, Number(params.get('page')) || 1);

  const update = useCallback((patch: CustomerFilters) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(patch)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      // Any change of what is shown starts again from the first page.
      next.delete('page');
      return next;
    }, { replace: true });
  }, [setParams]);

  const setPage = useCallback((p: number) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (p > 1) next.set('page', String(p));
      else next.delete('page');
      return next;
    });
  }, [setParams]);

  const replaceAll = useCallback((all: CustomerFilters) => {
    const next = new URLSearchParams();
    for (const k of FILTER_KEYS) if (all[k]) next.set(k, String(all[k]));
    setParams(next);
  }, [setParams]);

  const custom = useMemo<Record<string, CustomFilterValue>>(() => {
    try {
      return filters.custom ? (JSON.parse(filters.custom) as Record<string, CustomFilterValue>) : {};
    } catch {
      return {};
    }
  }, [filters.custom]);

  const setCustom = useCallback((key: string, value: CustomFilterValue | null) => {
    const next = { ...custom };
    const empty = value === null || value === '' || (typeof value === 'object' && value.min == null && value.max == null);
    if (empty) delete next[key];
    else next[key] = value;
    update({ custom: Object.keys(next).length ? JSON.stringify(next) : undefined });
  }, [custom, update]);

  const activeFilterCount = FILTER_KEYS.filter((k) => k !== 'q' && k !== 'sort' && k !== 'custom' && filters[k]).length + Object.keys(custom).length;

  return { filters, page, update, setPage, replaceAll, custom, setCustom, activeFilterCount };
}
