import { useState } from 'react';
import { ActionIcon, Button, Checkbox, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBookmark, IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Items, SavedView } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useMe } from '../session/session';
import type { ListKey } from '../../../../common/lists.schemas';

/**
 * A list's saved views: the user's own and shared ones of this list. A view keeps what the list passes as `query`
 * (its filters, sort, and columns as comma-separated keys), with `list` naming the list (customers views have none).
 */
type Props<Q extends Record<string, unknown>> = { list: ListKey; query: Q; onApply: (query: Q) => void };

export function ListViewsMenu<Q extends Record<string, unknown>>({ list, query, onApply }: Props<Q>) {
  const filters = list === 'customers' ? query : { ...query, list };
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const views = useQuery({ queryKey: ['saved-views', list], queryFn: () => api.get<Items<SavedView>>('/saved-views', { list }) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['saved-views'] });
  const onError = (err: unknown) => notifications.show({ color: 'red', message: errorMessage(t, err) });

  const create = useMutation({
    mutationFn: () => api.post<SavedView>('/saved-views', { name: name.trim(), query: filters, shared }),
    onSuccess: () => {
      void refresh();
      setSaving(false);
      setName('');
      notifications.show({ color: 'teal', message: t('views.saved') });
    },
    onError,
  });
  const remove = useMutation({ mutationFn: (id: string) => api.delete(`/saved-views/${id}`), onSuccess: refresh, onError });

  return (
    <>
      <Menu position="bottom-end" width={260} withinPortal>
        <Menu.Target>
          <Button variant="default" leftSection={<IconBookmark size={16} />} data-testid="saved-views">{t('views.title')}</Button>
        </Menu.Target>
        <Menu.Dropdown>
          {views.isPending && <Menu.Label>{t('common.loading')}</Menu.Label>}
          {views.isError && <Menu.Label>{errorMessage(t, views.error)}</Menu.Label>}
          {views.data?.items.length === 0 && <Menu.Label>{t('views.empty')}</Menu.Label>}
          {views.data?.items.map((v) => (
            <Menu.Item
              key={v.id}
              onClick={() => { const { list: _list, ...rest } = v.query; onApply(rest as Q); }}
              data-testid="saved-view-item"
              rightSection={(v.userId === undefined || v.userId === me.user.id) && (
                <ActionIcon
                  component="span"
                  size="sm"
                  variant="subtle"
                  color="red"
                  aria-label={t('views.delete', { name: v.name })}
                  onClick={(e) => {
                    e.stopPropagation();
                    remove.mutate(v.id);
                  }}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              )}
            >
              <Text size="sm">{v.name}</Text>
              {v.shared && <Text size="xs" c="dimmed">{t('views.sharedBadge')}</Text>}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconDeviceFloppy size={16} />} onClick={() => setSaving(true)} data-testid="save-view">{t('views.saveCurrent')}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={saving} onClose={() => setSaving(false)} title={t('views.saveCurrent')}>
        <form onSubmit={(e) => { e.preventDefault(); if (name.trim()) create.mutate(); }}>
          <Stack>
            <TextInput label={t('views.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required data-autofocus data-testid="view-name" />
            <Checkbox label={t('views.shared')} checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setSaving(false)}>{t('common.cancel')}</Button>
              <Button type="submit" loading={create.isPending} disabled={!name.trim()} data-testid="save-view-submit">{t('common.save')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
