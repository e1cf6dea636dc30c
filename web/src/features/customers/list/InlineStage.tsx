/** The stage in a list row, changed in place when the user may update: shown at once, set back if the server refuses. */
import { useEffect, useState } from 'react';
import { Badge, Select } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE_STAGES } from '../../../../../common/customer.schemas';
import { api } from '../../../api/client';

export function InlineStage({ id, stage, editable }: { id: string; stage: string; editable: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [value, setValue] = useState(stage);
  useEffect(() => setValue(stage), [stage]);
  if (!editable) return <Badge variant="light" size="sm" style={{ whiteSpace: 'nowrap', overflow: 'visible' }}>{t(`stage.${stage}`)}</Badge>;
  const change = async (next: string | null) => {
    if (!next || next === value) return;
    const before = value;
    setValue(next);
    try {
      await api.patch(`/customers/${id}`, { lifecycleStage: next });
      void qc.invalidateQueries({ queryKey: ['customers'] });
    } catch (err) {
      setValue(before);
      notifications.show({ color: 'red', message: t('lists.saveFailed', { message: (err as Error).message }) });
    }
  };
  return (
    <div onClick={(e) => e.stopPropagation()}>
      <Select
        size="xs" w={130} variant="filled" value={value} onChange={change} allowDeselect={false} aria-label={t('customers.col.stage')}
        data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))} data-testid="inline-stage" comboboxProps={{ withinPortal: true }}
      />
    </div>
  );
}
