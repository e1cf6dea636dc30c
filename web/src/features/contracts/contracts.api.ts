/** Shapes, queries and small helpers of support contracts (server/modules/support/contracts.service.ts, docs/api.md Support). */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import jalaali from 'jalaali-js';
import { api, ApiError } from '../../api/client';
import { errorMessage, type FieldErrors } from '../../lib/errors';
import { addDays, todayIn } from '../../../../common/jalali';
import type { CONTRACT_KINDS, CONTRACT_STATUSES, contractView, contractPage, slaPolicyList } from '../../../../common/support.schemas';
import type { contractsSection } from '../../../../common/profile.schemas';
import type { Answer } from '../../api/types';

export type ContractKind = (typeof CONTRACT_KINDS)[number];
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export type Contract = Answer<typeof contractView>;
export type ContractPage = Answer<typeof contractPage>;
/** The customer 360° `contracts` section: active first, then the latest others. */
export type ContractsSection = Answer<typeof contractsSection>;

export type ContractFilters = { status: ContractStatus[]; expiringWithinDays?: number; customerId?: string; q?: string; ownerId?: string; sort?: string };

export const contractKey = (id: string) => ['contracts', 'one', id] as const;

export const useContractList = (f: ContractFilters, page: number, pageSize: number) =>
  useQuery({
    queryKey: ['contracts', 'list', f, page, pageSize],
    queryFn: ({ signal }) => api.get<ContractPage>('/contracts', { ...f, page, pageSize }, { signal }),
    placeholderData: (prev) => prev,
  });

export const useContract = (id: string | null) =>
  useQuery({ queryKey: contractKey(id ?? ''), queryFn: () => api.get<Contract>(`/contracts/${id}`), enabled: Boolean(id) });

/** Contract levels the SLA policies know (gold, silver…), to suggest in the level field; empty when tickets are out of reach. */
export const useSlaLevels = (enabled: boolean) =>
  useQuery({
    queryKey: ['sla-policies'],
    queryFn: () => api.get<Answer<typeof slaPolicyList>>('/support/sla-policies'),
    enabled,
    staleTime: 60_000,
    select: (d) => [...new Set(d.items.map((p) => p.contractLevel).filter((l): l is string => Boolean(l)))],
  });

/** After a change to a contract: the lists, the contract and the customer's 360° view (card, ticket panel) are stale. */
export function useRefreshContracts() {
  const queryClient = useQueryClient();
  return (customerId?: string) => Promise.all([
    queryClient.invalidateQueries({ queryKey: ['contracts'] }),
    ...(customerId ? [
      queryClient.invalidateQueries({ queryKey: ['customer', customerId] }),
      queryClient.invalidateQueries({ queryKey: ['timeline', customerId] }),
      queryClient.invalidateQueries({ queryKey: ['audit', customerId] }),
    ] : []),
  ]);
}

export const statusColor = (s: ContractStatus) => (s === 'active' ? 'teal' : s === 'renewed' ? 'blue' : s === 'cancelled' ? 'red' : 'gray');

/** How loudly the end is shown: red in the last week, orange inside the reminder window, else none. */
export function endingTone(c: Pick<Contract, 'daysLeft' | 'reminderDays'>): 'red' | 'orange' | null {
  if (c.daysLeft === null) return null;
  if (c.daysLeft <= 7) return 'red';
  if (c.daysLeft <= Math.max(c.reminderDays, 30)) return 'orange';
  return null;
}

const toJ = (day: string) => { const [y, m, d] = day.split('-').map(Number); return jalaali.toJalaali(y, m, d); };
const fromJ = (jy: number, jm: number, jd: number) => {
  const g = jalaali.toGregorian(jy, jm, Math.min(jd, jalaali.jalaaliMonthLength(jy, jm)));
  return `${g.gy}-${String(g.gm).padStart(2, '0')}-${String(g.gd).padStart(2, '0')}`;
};

/** Today in the user's zone, and the day before the same date a year (12 Jalali months) later: a one-year contract. */
export function defaultPeriod(timeZone: string): { startDate: string; endDate: string } {
  const startDate = todayIn(new Date(), timeZone);
  const j = toJ(startDate);
  return { startDate, endDate: addDays(fromJ(j.jy + 1, j.jm, j.jd), -1) };
}

/** The shared schema's English sentences about contracts, in the user's language. */
const FIELD_MESSAGES: Record<string, string> = {
  'the contract cannot end before it starts': 'contracts.errors.endBeforeStart',
  'before the start': 'contracts.errors.endBeforeStart',
  'at least 0 days': 'contracts.errors.reminderRange',
  'at most 365 days': 'contracts.errors.reminderRange',
  'unknown product': 'contracts.errors.unknownProduct',
  'unknown or deactivated user': 'contracts.errors.ownerInactive',
};

/** Puts the API's contract-specific refusals beside their fields, in words. */
export function contractFieldErrors(t: TFunction, fields: FieldErrors, err: unknown): FieldErrors {
  const out = { ...fields };
  if (err instanceof ApiError && err.details) {
    for (const [path, msg] of Object.entries(err.details)) {
      const key = typeof msg === 'string' ? FIELD_MESSAGES[msg] : undefined;
      if (key) out[path] = t(key);
    }
  }
  return out;
}

/** The refusals a person can act on: a contract already renewed or cancelled. Anything else: the general message. */
export function contractErrorMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && err.code === 'CONFLICT') {
    const status = (err.details as { status?: string } | undefined)?.status;
    if (status === 'renewed') return t('contracts.errors.alreadyRenewed');
    if (status === 'cancelled') return t('contracts.errors.cancelled');
  }
  return errorMessage(t, err);
}

/**
 * What the server proposes for a renewal (contracts.service.ts renewContract): from the day after the end, as long as
 * the old period — whole Jalali months when it was whole months, else the same number of days. Shown so the person
 * sees the dates before they confirm.
 */
export function renewalPeriod(c: Pick<Contract, 'startDate' | 'endDate'>): { startDate: string; endDate: string } {
  const startDate = addDays(c.endDate, 1);
  const a = toJ(c.startDate);
  const b = toJ(startDate);
  if (a.jd === b.jd) {
    const months = (b.jy - a.jy) * 12 + (b.jm - a.jm);
    const s = toJ(startDate);
    const m = s.jm - 1 + months;
    return { startDate, endDate: addDays(fromJ(s.jy + Math.floor(m / 12), ((m % 12) + 12) % 12 + 1, s.jd), -1) };
  }
  const days = Math.round((Date.parse(`${c.endDate}T00:00:00Z`) - Date.parse(`${c.startDate}T00:00:00Z`)) / 86_400_000);
  return { startDate, endDate: addDays(startDate, days) };
}
