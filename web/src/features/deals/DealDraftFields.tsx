/** The fields a new deal starts with (new-deal form and lead conversion): title, pipeline and stage, amount, expected close. */
import { Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AssigneeSelect } from '../../components/AssigneeSelect';
import { DateField } from '../../components/DateFields';
import type { FieldErrors } from '../../lib/errors';
import { MoneyInput } from '../../components/MoneyInput';
import { openStageOptions } from './deal-form';
import type { Pipeline } from './deals.api';

export type DraftState = { title: string; pipelineId: string | null; stageId: string | null; amount: string; expectedCloseDate: string | null; ownerId: string | null };

type Props = { state: DraftState; onChange: (patch: Partial<DraftState>) => void; errors: FieldErrors; pipelines: Pipeline[]; withOwner?: boolean };

export function DealDraftFields({ state, onChange, errors, pipelines, withOwner }: Props) {
  const { t } = useTranslation();
  const pipeline = pipelines.find((p) => p.id === state.pipelineId);
  return (
    <Stack gap="sm">
      <TextInput label={t('sales.deals.dealTitle')} value={state.title} onChange={(e) => onChange({ title: e.currentTarget.value })} error={errors.title} required data-testid="deal-title" />
      <SimpleGrid cols={{ base: 1, sm: pipelines.length > 1 ? 2 : 1 }} spacing="sm">
        {pipelines.length > 1 && (
          <Select
            label={t('sales.deals.pipeline')}
            data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
            value={state.pipelineId}
            onChange={(v) => onChange({ pipelineId: v, stageId: openStageOptions(pipelines.find((p) => p.id === v))[0]?.value ?? null })}
            allowDeselect={false}
            error={errors.pipelineId}
            data-testid="deal-pipeline"
          />
        )}
        <Select label={t('sales.deals.stage')} data={openStageOptions(pipeline)} value={state.stageId} onChange={(v) => onChange({ stageId: v })} allowDeselect={false} error={errors.stageId} data-testid="deal-stage" />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <MoneyInput label={t('sales.deals.amount')} value={state.amount} onChange={(v) => onChange({ amount: v })} error={errors.amount} testId="deal-amount" />
        <DateField label={t('sales.deals.expectedClose')} value={state.expectedCloseDate} onChange={(v) => onChange({ expectedCloseDate: v })} error={errors.expectedCloseDate} testId="deal-expected-close" />
      </SimpleGrid>
      {withOwner && <AssigneeSelect label={t('sales.deals.owner')} value={state.ownerId} onChange={(v) => onChange({ ownerId: v })} error={errors.ownerId} data-testid="deal-owner" />}
    </Stack>
  );
}
