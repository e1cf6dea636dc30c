/** Ring groups and queues: one number that rings several people, so the call pops up for all of them. */
import { useState } from 'react';
import { ActionIcon, Button, Group, MultiSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useActiveUserOptions } from '../../../api/reference';
import { FormErrorAlert } from '../../../components/FormErrorAlert';
import { submitHandler } from '../../../components/useFormSubmit';
import { toLatinDigits } from '../../../../../common/fa-normalize';
import type { TelephonySettingsView } from '../telephony.api';
import { useSaveTelephony } from './useSaveTelephony';

type Row = { key: number; number: string; name: string; userIds: string[] };
let nextKey = 1;

export function RingGroupsCard({ view }: { view: TelephonySettingsView }) {
  const { t } = useTranslation();
  const users = useActiveUserOptions();
  const [rows, setRows] = useState<Row[]>(() => view.ringGroups.map((g) => ({ key: nextKey++, ...g })));
  const { busy, errors, formError, save } = useSaveTelephony();
  const set = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  return (
    <Paper withBorder p="md" radius="md" component="form" noValidate data-testid="tel-ring-groups"
      onSubmit={submitHandler(() => save({ ringGroups: rows.map((r) => ({ number: toLatinDigits(r.number).trim(), name: r.name.trim(), userIds: r.userIds })) }))}>
      <Title order={2} size="h5" mb={4}>{t('telephony.settings.ringGroups.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('telephony.settings.ringGroups.hint')}</Text>
      <Stack gap="sm">
        <FormErrorAlert error={formError} />
        {rows.length === 0 && <Text size="sm" c="dimmed">{t('telephony.settings.ringGroups.empty')}</Text>}
        {rows.map((r, i) => (
          <Group key={r.key} gap="xs" wrap="nowrap" align="flex-start" data-testid="tel-ring-group">
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs" style={{ flex: 1 }}>
              <TextInput size="sm" label={t('telephony.settings.ringGroups.number')} value={r.number} onChange={(e) => set(r.key, { number: e.currentTarget.value })} error={errors[`ringGroups.${i}.number`]} dir="ltr" inputMode="numeric" />
              <TextInput size="sm" label={t('telephony.settings.ringGroups.name')} value={r.name} onChange={(e) => set(r.key, { name: e.currentTarget.value })} error={errors[`ringGroups.${i}.name`]} />
              <MultiSelect size="sm" label={t('telephony.settings.ringGroups.members')} data={users} searchable value={r.userIds} onChange={(v) => set(r.key, { userIds: v })} error={errors[`ringGroups.${i}.userIds`]} />
            </SimpleGrid>
            <ActionIcon variant="subtle" color="red" mt={28} onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))} aria-label={t('telephony.settings.extensions.remove')}><IconTrash size={16} /></ActionIcon>
          </Group>
        ))}
        <Group justify="space-between">
          <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setRows((rs) => [...rs, { key: nextKey++, number: '', name: '', userIds: [] }])} data-testid="tel-ring-add">{t('telephony.settings.ringGroups.add')}</Button>
          <Button type="submit" loading={busy} data-testid="tel-ring-save">{t('telephony.settings.save')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}
