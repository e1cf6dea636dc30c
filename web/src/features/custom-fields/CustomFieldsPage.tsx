import { useState } from 'react';
import { Badge, Button, Group, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { CustomField } from '../../api/types';
import { useCustomFields } from '../../api/reference';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { Ltr } from '../../components/Ltr';
import { ListTable } from '../../components/ListTable';
import { EmptyState, QueryStates } from '../../components/States';
import { useSession } from '../session/session';
import { CustomFieldModal } from './CustomFieldModal';

export function CustomFieldsPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const fields = useCustomFields(true);
  const [editing, setEditing] = useState<CustomField | 'new' | null>(null);
  const canEdit = can('custom_fields', 'update');

  const toggle = useMutation({
    mutationFn: (f: CustomField) => api.patch(`/custom-fields/${f.id}`, { active: !f.active }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['custom-fields'] }),
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });
  const sorted = [...(fields.data?.items ?? [])].sort((a, b) => a.position - b.position);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <div>
          <Title order={1} size="h3">{t('customFields.title')}</Title>
          <Text size="sm" c="dimmed">{t('customFields.intro')}</Text>
        </div>
        {can('custom_fields', 'create') && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="new-custom-field">{t('customFields.new')}</Button>
        )}
      </Group>
      <QueryStates
        query={fields}
        isEmpty={sorted.length === 0}
        empty={<EmptyState title={t('customFields.emptyTitle')} hint={t('customFields.emptyHint')} action={can('custom_fields', 'create') && <Button onClick={() => setEditing('new')}>{t('customFields.new')}</Button>} />}
      />
      {sorted.length > 0 && (
        <ListTable
          columns={[t('customFields.label'), t('customFields.key'), t('customFields.type'), t('customFields.required'), t('customFields.position'), t('customFields.active')]}
          minWidth={720}
          highlightOnHover
          testId="custom-fields-table"
        >
          {sorted.map((f) => (
            <Table.Tr key={f.id} style={f.active ? undefined : { opacity: 0.6 }}>
              <Table.Td><Text size="sm" fw={600}>{i18n.language === 'fa' ? f.labelFa : f.labelEn}</Text></Table.Td>
              <Table.Td><Ltr><Text size="sm" ff="monospace">{f.key}</Text></Ltr></Table.Td>
              <Table.Td><Badge variant="light">{t(`fieldType.${f.type}`)}</Badge></Table.Td>
              <Table.Td>{f.required ? t('common.yes') : t('common.no')}</Table.Td>
              <Table.Td>{fmt.number(f.position)}</Table.Td>
              <Table.Td>
                <Switch checked={f.active} onChange={() => toggle.mutate(f)} disabled={!canEdit} aria-label={t(f.active ? 'customFields.deactivate' : 'customFields.activate', { name: f.labelFa })} />
              </Table.Td>
              <Table.Td>
                {canEdit && <Button size="compact-sm" variant="subtle" leftSection={<IconPencil size={14} />} onClick={() => setEditing(f)}>{t('common.edit')}</Button>}
              </Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}
      <CustomFieldModal field={editing} onClose={() => setEditing(null)} />
    </Stack>
  );
}
