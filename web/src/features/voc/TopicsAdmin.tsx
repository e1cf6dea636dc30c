/**
 * Topics and their keyword rules (admins: settings:update). New feedback whose text contains a keyword gets the topic;
 * matching ignores ي/ی, ك/ک, digits and case on the server. A name already taken is said beside the name (409).
 */
import { useState } from 'react';
import { ActionIcon, Badge, Button, Group, Modal, Paper, Stack, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { EmptyState, QueryStates } from '../../components/States';
import { errorMessage } from '../../lib/errors';
import { putJson } from '../settings/settings.api';
import { useMe } from '../session/session';
import { useRefreshVoc, useTopics, type Topic } from './voc.api';

export function TopicsAdmin() {
  const { t } = useTranslation();
  const topics = useTopics();
  const refresh = useRefreshVoc();
  const [editing, setEditing] = useState<Topic | 'new' | null>(null);
  const items = topics.data?.items ?? [];

  async function remove(topic: Topic) {
    if (!window.confirm(t('voc.topics.confirmDelete', { name: topic.name }))) return;
    try {
      await api.delete(`/feedback/topics/${topic.id}`);
      notifications.show({ color: 'teal', message: t('voc.topics.deleted') });
      await refresh();
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(t, err) });
    }
  }

  return (
    <Paper withBorder p="md" radius="md" data-testid="voc-topics-admin">
      <Group justify="space-between" mb="sm">
        <Stack gap={0}>
          <Title order={2} size="h5">{t('voc.topics.title')}</Title>
          <Text size="xs" c="dimmed">{t('voc.topics.hint')}</Text>
        </Stack>
        <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="voc-topic-add">{t('voc.topics.add')}</Button>
      </Group>
      <QueryStates query={topics} isEmpty={items.length === 0} empty={<EmptyState title={t('voc.topics.none')} />} />
      {items.length > 0 && (
        <Table data-testid="voc-topics">
          <Table.Thead>
            <Table.Tr><Table.Th>{t('voc.topics.name')}</Table.Th><Table.Th>{t('voc.topics.keywords')}</Table.Th><Table.Th w={90} /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((x) => (
              <Table.Tr key={x.id} data-testid="voc-topic-row">
                <Table.Td><Text size="sm" fw={600} dir="auto">{x.name}</Text></Table.Td>
                <Table.Td>
                  <Group gap={4}>{x.keywords.length ? x.keywords.map((k) => <Badge key={k} variant="outline" color="gray" size="sm" tt="none">{k}</Badge>)
                    : <Text size="xs" c="dimmed">{t('voc.topics.noKeywords')}</Text>}</Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon variant="subtle" onClick={() => setEditing(x)} aria-label={t('voc.topics.edit', { name: x.name })}><IconPencil size={16} /></ActionIcon>
                    <ActionIcon variant="subtle" color="red" onClick={() => void remove(x)} aria-label={t('voc.topics.delete', { name: x.name })}><IconTrash size={16} /></ActionIcon>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && <TopicModal topic={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Paper>
  );
}

function TopicModal({ topic, onClose }: { topic: Topic | null; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshVoc();
  const me = useMe();
  const [name, setName] = useState(topic?.name ?? '');
  const [keywords, setKeywords] = useState<string[]>(topic?.keywords ?? []);
  const [nameError, setNameError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!name.trim()) { setNameError(t('fieldErrors.required')); return; }
    setBusy(true);
    setError(null);
    try {
      const body = { name: name.trim(), keywords };
      if (topic) await putJson(`/feedback/topics/${topic.id}`, body, me.csrfToken);
      else await api.post('/feedback/topics', body);
      notifications.show({ color: 'teal', message: t('voc.topics.saved') });
      await refresh();
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setNameError(t('voc.topics.taken'));
      else setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={topic ? t('voc.topics.editTitle') : t('voc.topics.addTitle')} centered>
      <form onSubmit={submit} noValidate data-testid="voc-topic-form">
        <Stack gap="sm">
          <FormErrorAlert error={error} />
          <TextInput label={t('voc.topics.name')} required maxLength={60} value={name} dir="auto" error={nameError}
            onChange={(e) => { setName(e.currentTarget.value); setNameError(null); }} data-testid="voc-topic-name" />
          <TagsInput label={t('voc.topics.keywords')} description={t('voc.topics.keywordsHint')} value={keywords} onChange={setKeywords}
            data-testid="voc-topic-keywords" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="voc-topic-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
