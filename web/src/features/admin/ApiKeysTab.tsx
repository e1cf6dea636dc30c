import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Code, CopyButton, Group, Modal, NumberInput, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { Link } from 'react-router-dom';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconBook, IconKey, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ApiKey, CreatedApiKey, Items } from '../../api/types';
import { useActiveUserOptions, useUsers } from '../../api/reference';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { Ltr } from '../../components/Ltr';
import { ListTable } from '../../components/ListTable';
import { EmptyState, QueryStates } from '../../components/States';
import { useSession } from '../session/session';
import { KeyPermissionsGrid } from './KeyPermissionsGrid';
import type { RolePermissions } from '../../../../common/permissions';
import { DEFAULT_KEY_RATE_LIMIT } from '../../../../common/auth.schemas';

export function ApiKeysTab() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  // Only an admin makes keys for others (the server refuses anyone else); everyone else makes keys for themselves.
  const { can, me } = useSession();
  const mine: RolePermissions = me?.role.permissions ?? {};
  const forOthers = can('users', 'update');
  const users = useUsers();
  const userOptions = useActiveUserOptions();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => api.get<Items<ApiKey>>('/api-keys') });
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [userId, setUserId] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [narrow, setNarrow] = useState(false);
  const [perms, setPerms] = useState<RolePermissions>({});
  const [rate, setRate] = useState<number>(DEFAULT_KEY_RATE_LIMIT);
  const openCreate = () => { setNarrow(false); setPerms({}); setRate(DEFAULT_KEY_RATE_LIMIT); setCreating(true); };
  const onError = (err: unknown) => notifications.show({ color: 'red', message: errorMessage(t, err) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['api-keys'] });

  const create = useMutation({
    mutationFn: () => api.post<CreatedApiKey>('/api-keys', {
      name: name.trim(), ...(userId ? { userId } : {}), ...(narrow ? { permissions: perms } : {}), rateLimitPerMinute: rate,
    }),
    onSuccess: (key) => {
      setCreating(false);
      setName('');
      setCreated(key);
      void refresh();
    },
    onError,
  });
  const [editing, setEditing] = useState<ApiKey | null>(null);
  const [editRate, setEditRate] = useState<number>(DEFAULT_KEY_RATE_LIMIT);
  const saveRate = useMutation({
    mutationFn: () => api.patch<ApiKey>(`/api-keys/${editing!.id}`, { rateLimitPerMinute: editRate }),
    onSuccess: () => { setEditing(null); void refresh(); },
    onError,
  });
  const revoke = useMutation({ mutationFn: (id: string) => api.delete(`/api-keys/${id}`), onSuccess: refresh, onError });
  const userName = (id: string) => users.data?.items.find((u) => u.id === id)?.name ?? '—';
  const confirmRevoke = (k: ApiKey) => modals.openConfirmModal({
    title: t('apiKeys.revokeTitle'),
    children: <Text size="sm">{t('apiKeys.revokeBody', { name: k.name })}</Text>,
    labels: { confirm: t('apiKeys.revoke'), cancel: t('common.cancel') },
    confirmProps: { color: 'red', 'data-testid': 'confirm-revoke' },
    onConfirm: () => revoke.mutate(k.id),
  });
  const live = (keys.data?.items ?? []).filter((k) => !k.revokedAt);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Stack gap={4} maw={560}>
          <Text size="sm" c="dimmed">{t('apiKeys.intro')}</Text>
          <Anchor component={Link} to="/api-docs" size="sm" data-testid="api-docs-link"><Group gap={4} component="span"><IconBook size={14} />{t('apiKeys.docs')}</Group></Anchor>
        </Stack>
        <Button leftSection={<IconPlus size={16} />} onClick={openCreate} data-testid="new-api-key">{t('apiKeys.new')}</Button>
      </Group>
      <QueryStates query={keys} isEmpty={live.length === 0} empty={<EmptyState title={t('apiKeys.emptyTitle')} hint={t('apiKeys.emptyHint')} />} />
      {live.length > 0 && (
        <ListTable columns={[t('apiKeys.name'), t('apiKeys.prefix'), t('apiKeys.user'), t('apiKeys.access'), t('apiKeys.rateLimit'), t('apiKeys.lastUsed')]} minWidth={760} testId="api-keys-table">
          {live.map((k) => (
            <Table.Tr key={k.id}>
              <Table.Td>{k.name}</Table.Td>
              <Table.Td><Ltr><Code>{k.prefix}…</Code></Ltr></Table.Td>
              <Table.Td>{userName(k.userId)}</Table.Td>
              <Table.Td>{k.permissions
                ? <Badge variant="light" color="grape" title={Object.entries(k.permissions).map(([o, p]) => `${t(`roles.objects.${o}`)}: ${p?.ops.map((op) => t(`roles.op.${op}`)).join('، ')}`).join(' · ')}>{t('apiKeys.limited', { n: Object.keys(k.permissions).length, count: Object.keys(k.permissions).length })}</Badge>
                : <Text size="sm" c="dimmed">{t('apiKeys.asUser')}</Text>}</Table.Td>
              <Table.Td>
                <Button size="compact-sm" variant="subtle" onClick={() => { setEditing(k); setEditRate(k.rateLimitPerMinute); }} aria-label={t('apiKeys.editRate', { name: k.name })} data-testid="edit-api-key-rate">
                  {t('apiKeys.perMinute', { n: k.rateLimitPerMinute })}
                </Button>
              </Table.Td>
              <Table.Td>{k.lastUsedAt ? fmt.dateTime(k.lastUsedAt) : t('apiKeys.never')}</Table.Td>
              <Table.Td><Button size="compact-sm" variant="subtle" color="red" onClick={() => confirmRevoke(k)} data-testid="revoke-api-key">{t('apiKeys.revoke')}</Button></Table.Td>
            </Table.Tr>
          ))}
        </ListTable>
      )}

      <Modal opened={creating} onClose={() => setCreating(false)} title={t('apiKeys.new')} size={narrow ? 'lg' : 'md'}>
        <form onSubmit={(e) => { e.preventDefault(); if (name.trim()) create.mutate(); }}>
          <Stack>
            <TextInput label={t('apiKeys.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus data-testid="api-key-name" />
            {forOthers ? (
              <Select
                label={t('apiKeys.user')}
                description={t('apiKeys.userHint')}
                data={userOptions}
                value={userId}
                onChange={setUserId}
                clearable
              />
            ) : <Text size="sm" c="dimmed">{t('apiKeys.forYourself')}</Text>}
            <NumberInput
              label={t('apiKeys.rateLimit')}
              description={t('apiKeys.rateLimitHint')}
              value={rate}
              onChange={(v) => setRate(typeof v === 'number' ? v : DEFAULT_KEY_RATE_LIMIT)}
              min={1}
              max={100000}
              allowDecimal={false}
              data-testid="api-key-rate"
            />
            <Switch label={t('apiKeys.narrow')} description={t('apiKeys.narrowHint')} checked={narrow} onChange={(e) => setNarrow(e.currentTarget.checked)} data-testid="api-key-narrow" />
            {narrow && <KeyPermissionsGrid available={mine} value={perms} onChange={setPerms} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setCreating(false)}>{t('common.cancel')}</Button>
              <Button type="submit" loading={create.isPending} disabled={!name.trim() || (narrow && Object.keys(perms).length === 0)} data-testid="create-api-key">{t('common.create')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <Modal opened={Boolean(editing)} onClose={() => setEditing(null)} title={editing ? t('apiKeys.editRate', { name: editing.name }) : ''}>
        <form onSubmit={(e) => { e.preventDefault(); saveRate.mutate(); }}>
          <Stack>
            <NumberInput label={t('apiKeys.rateLimit')} description={t('apiKeys.rateLimitHint')} value={editRate} min={1} max={100000} allowDecimal={false}
              onChange={(v) => setEditRate(typeof v === 'number' ? v : DEFAULT_KEY_RATE_LIMIT)} data-autofocus data-testid="api-key-rate-edit" />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEditing(null)}>{t('common.cancel')}</Button>
              <Button type="submit" loading={saveRate.isPending} data-testid="save-api-key-rate">{t('common.save')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <Modal opened={Boolean(created)} onClose={() => setCreated(null)} title={t('apiKeys.createdTitle')}>
        {created && (
          <Stack>
            <Alert color="yellow" variant="light" icon={<IconKey size={18} />}>{t('apiKeys.shownOnce')}</Alert>
            <Code block dir="ltr" data-testid="api-key-value" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{created.key}</Code>
            <Group justify="flex-end">
              <CopyButton value={created.key}>
                {({ copied, copy }) => <Button variant="light" onClick={copy}>{copied ? t('common.copied') : t('common.copy')}</Button>}
              </CopyButton>
              <Button onClick={() => setCreated(null)} data-testid="api-key-done">{t('common.done')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
