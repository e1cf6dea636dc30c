/**
 * A branch step: "if the customer matches …" (the segment editor), then two columns of steps — "yes" and "no" —
 * side by side on a wide screen (the yes column first, so on the right in Persian), stacked on a phone.
 */
import { Button, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormat } from '../../lib/format';
import type { AutomationAction, SimpleAutomationAction } from '../../../../common/automations.schemas';
import { fromRules, GroupEditor, toRules, type FieldInfo } from '../segments/RuleEditor';
import { ActionEditor, DEFAULT_ACTION } from './ActionEditor';

type Branch = Extract<AutomationAction, { kind: 'branch' }>;

export function BranchEditor({ index, action, onChange }: { index: number; action: Branch; onChange: (a: Branch) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const fields = useQuery({ queryKey: ['segments', 'fields'], queryFn: () => api.get<{ items: FieldInfo[] }>('/segments/fields') });
  const side = (key: 'then' | 'else', color: string) => {
    const list = action[key];
    const set = (steps: SimpleAutomationAction[]) => onChange({ ...action, [key]: steps });
    return (
      <Paper withBorder radius="md" p="xs" style={{ borderInlineStart: `3px solid var(--mantine-color-${color}-6)` }} data-testid={`automation-branch-${key}`}>
        <Stack gap="xs">
          <Text size="sm" fw={700} c={color}>{t(key === 'then' ? 'automations.branchYes' : 'automations.branchNo')}</Text>
          {list.length === 0 && <Text size="xs" c="dimmed">{t('automations.branchEmpty')}</Text>}
          {list.map((a, i) => (
            <ActionEditor key={i} nested index={i} count={list.length} action={a} label={`${f.number(index + 1)}.${f.number(i + 1)}`}
              onChange={(x) => set(list.map((y, j) => (j === i ? (x as SimpleAutomationAction) : y)))}
              onMove={(d) => { const c = [...list]; [c[i], c[i + d]] = [c[i + d], c[i]]; set(c); }}
              onRemove={() => set(list.filter((_, j) => j !== i))} />
          ))}
          <Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={12} />} onClick={() => set([...list, DEFAULT_ACTION.addTag as SimpleAutomationAction])}
            data-testid={`automation-branch-add-${key}`}>{t('automations.addAction')}</Button>
        </Stack>
      </Paper>
    );
  };
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>{t('automations.branchIf')}</Text>
      {fields.data && <GroupEditor group={fromRules(action.condition)} fields={fields.data.items} onChange={(g) => onChange({ ...action, condition: toRules(g) })} />}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xs">
        {side('then', 'teal')}
        {side('else', 'orange')}
      </SimpleGrid>
    </Stack>
  );
}
