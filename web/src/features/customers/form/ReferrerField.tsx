/**
 * Who referred a customer: a customer picker in the form, and the referrer's name (read once, cached) for a record
 * that only carries the id. A referrer the reader may not see reads as "a customer".
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Profile } from '../../../api/types';
import { CustomerPicker, type PickedCustomer } from '../../../components/CustomerPicker';

export function useCustomerName(id: string | null): string | null {
  const q = useQuery({
    queryKey: ['customer-name', id],
    enabled: Boolean(id),
    retry: false,
    staleTime: 60_000,
    queryFn: () => api.get<Profile>(`/customers/${id}`, { timelineLimit: 1 }).then((p) => p.customer.displayName),
  });
  return q.data ?? null;
}

export function ReferrerField({ value, onChange, error, selfId }: { value: PickedCustomer | null; onChange: (v: PickedCustomer | null) => void; error?: string; selfId?: string }) {
  const { t } = useTranslation();
  const name = useCustomerName(value && !value.label ? value.id : null);
  const shown = value ? { id: value.id, label: value.label || name || '…' } : null;
  return (
    <CustomerPicker
      label={t('customer.referredBy')}
      placeholder={t('customer.referredByPlaceholder')}
      testId="field-referredBy"
      required={false}
      value={shown}
      onChange={(v) => onChange(v && v.id === selfId ? null : v)}
      error={error}
    />
  );
}
