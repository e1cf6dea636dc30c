/** The stage in a list row, changed in place when the user may update: shown at once, set back if the server refuses. */
import { Badge, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE_STAGES } from '../../../../../common/customer.schemas';
import { useInlinePatch } from './useInlinePatch';

export function InlineStage({ id, stage, editable }: { id: string; stage: string; editable: boolean }) {
  const { t } = useTranslation();
  const { value, save } = useInlinePatch(id, 'lifecycleStage', stage);
  if (!editable) return <Badge variant="light" size="sm" style={{ whiteSpace: 'nowrap', overflow: 'visible' }}>{t(`stage.${stage}`)}</Badge>;
  return (
    <div onClick={(e) => e.stopPropagation()}>
      <Select
        size="xs" w={130} variant="filled" value={value} onChange={(v) => v && void save(v)} allowDeselect={false} aria-label={t('customers.col.stage')}
        data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))} data-testid="inline-stage" comboboxProps={{ withinPortal: true }}
      />
    </div>
  );
}
