/** One card of the organization settings: its own copy of some fields, saved alone (PATCH with just those keys). */
import { useEffect, useState } from 'react';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { apiFieldErrors, errorMessage, type FieldErrors } from '../../lib/errors';
import { useSession } from '../session/session';
import type { FullOrgSettings } from './settings.api';

export const useOrgSettings = () => useQuery({ queryKey: ['settings'], queryFn: () => api.get<FullOrgSettings>('/settings') });

export function useSettingsSection<K extends keyof FullOrgSettings>(keys: readonly K[]) {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const queryClient = useQueryClient();
  const settings = useOrgSettings();
  const [form, setForm] = useState<Pick<FullOrgSettings, K> | null>(null);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});

  useEffect(() => {
    if (settings.data && !dirty) setForm(Object.fromEntries(keys.map((k) => [k, settings.data[k]])) as Pick<FullOrgSettings, K>);
  }, [settings.data]);

  const set = (patch: Partial<Pick<FullOrgSettings, K>>) => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    setDirty(true);
  };

  /** Saves `body` (the form unless given); local checks put their messages in `errors` first. */
  async function save(body: Partial<FullOrgSettings> | null = form, localErrors: FieldErrors = {}): Promise<boolean> {
    setErrors(localErrors);
    if (!body || Object.keys(localErrors).length) return false;
    setBusy(true);
    try {
      const data = await api.patch<FullOrgSettings>('/settings', body);
      queryClient.setQueryData(['settings'], data);
      setDirty(false);
      setForm(Object.fromEntries(keys.map((k) => [k, data[k]])) as Pick<FullOrgSettings, K>);
      // The session carries the organization's settings (currency, default terms) that other screens read.
      void refresh();
      notifications.show({ color: 'teal', message: t('settings.saved') });
      return true;
    } catch (err) {
      setErrors(apiFieldErrors(t, err));
      notifications.show({ color: 'red', message: errorMessage(t, err) });
      return false;
    } finally {
      setBusy(false);
    }
  }

  return { settings, form, set, save, busy, errors, dirty };
}
