/** Extension ↔ user: whose phone each extension is, so calls pop up for the right person and click-to-call rings them. */
import { useState } from 'react';
import { ActionIcon, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useActiveUserOptions } from '../../../api/reference';
import { FormErrorAlert } from '../../../components/FormErrorAlert';
import { submitHandler } from '../../../components/useFormSubmit';
import { toLatinDigits } from '../../../../../common/fa-normalize';
import type { TelephonySettingsView } from '../telephony.api';
import { useSaveTelephony } from './useSaveTelephony';

type Row = { key: number; extension: string; userId: string | null };
let nextKey = 1;

export function ExtensionsCard({ view }: { view: TelephonySettingsView }) {
  const { t } = useTranslation();
  const users = useActiveUserOptions();
  const [rows, setRows] = useState<Row[]>(() => view.extensions.map((e) => ({ key: nextKey++, extension: e.extension, userId: e.userId })));
  const { busy, errors, formError, save } = useSaveTelephony();
  const set = (key: number, patch: Partial<Row>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  return (
    <Paper withBorder p="md" radius="md" component="form" noValidate data-testid="tel-extensions"
      onSubmit={submitHandler(() => save({ extensions: rows.map((r) => ({ extension: toLatinDigits(r.extension).trim(), userId: r.userId ?? '' })) }))}>
      <Title order={2} size="h5" mb={4}>{t('telephony.settings.extensions.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('telephony.settings.extensions.hint')}</Text>
      <Stack gap="sm">
        <FormErrorAlert error={formError} />
        {rows.length === 0 ? <Text size="sm" c="dimmed">{t('telephony.settings.extensions.empty')}</Text> : (
          <Table verticalSpacing={4} withRowBorders={false}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={140}>{t('telephony.settings.extensions.extension')}</Table.Th>
                <Table.Th>{t('telephony.settings.extensions.user')}</Table.Th>
                <Table.Th w={40} aria-label={t('common.actions')} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r, i) => (
                <Table.Tr key={r.key} data-testid="tel-ext-row">
                  <Table.Td>
                    <TextInput size="sm" value={r.extension} onChange={(e) => set(r.key, { extension: e.currentTarget.value })} error={errors[`extensions.${i}.extension`]} dir="ltr" inputMode="numeric" aria-label={t('telephony.settings.extensions.extension')} data-testid="tel-ext-number" />
                  </Table.Td>
                  <Table.Td>
                    <Select size="sm" data={users} searchable value={r.userId} onChange={(v) => set(r.key, { userId: v })} error={errors[`extensions.${i}.userId`]} aria-label={t('telephony.settings.extensions.user')} data-testid="tel-ext-user" />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon variant="subtle" color="red" onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))} aria-label={t('telephony.settings.extensions.remove')}><IconTrash size={16} /></ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group justify="space-between">
          <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setRows((rs) => [...rs, { key: nextKey++, extension: '', userId: null }])} data-testid="tel-ext-add">{t('telephony.settings.extensions.add')}</Button>
          <Button type="submit" loading={busy} data-testid="tel-ext-save">{t('telephony.settings.save')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}
