/** Saves one field of a customer from a list cell: shown at once, set back (with a message) if the server refuses. */
import { useEffect, useState } from 'react';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';

export function useInlinePatch<V>(id: string, field: string, serverValue: V) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [value, setValue] = useState(serverValue);
  const key = JSON.stringify(serverValue);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => setValue(serverValue), [key]);
  const save = async (next: V) => {
    if (JSON.stringify(next) === JSON.stringify(value)) return;
    const before = value;
    setValue(next);
    try {
      await api.patch(`/customers/${id}`, { [field]: next });
      void qc.invalidateQueries({ queryKey: ['customers'] });
    } catch (err) {
      setValue(before);
      notifications.show({ color: 'red', message: t('lists.saveFailed', { message: (err as Error).message }) });
    }
  };
  return { value, save };
}
