/**
 * Settings → Webhooks (admin): the endpoints that receive signed event notices, each with its events, an on/off
 * switch, "send test" and the delivery log (status and what the receiver answered). The secret is shown once.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Checkbox, Code, CopyButton, Group, Modal, Paper, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { Answer } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { ErrorState, LoadingState } from '../../components/States';
import { WEBHOOK_EVENTS, type webhookCreated, type webhookDeliveryPage, type webhookSendResult, type webhookView } from '../../../../common/webhooks.schemas';

type Endpoint = Answer<typeof webhookView>;
type Created = Answer<typeof webhookCreated>;
type DeliveryPage = Answer<typeof webhookDeliveryPage>;
type SendResult = Answer<typeof webhookSendResult>;
type Form = { id?: string; url: string; events: string[]; description: string };
const KEY = ['webhooks'];

export function WebhooksSection() {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: KEY, queryFn: () => api.get<{ items: Endpoint[] }>('/webhooks') });
  const [form, setForm] = useState<Form | null>(null);
  const [urlError, setUrlError] = useState<string | undefined>();
  const [created, setCreated] = useState<Created | null>(null);
  const [logOf, setLogOf] = useState<Endpoint | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: KEY });
  const fail = (err: unknown) => notifications.show({ color: 'red', message: errorMessage(t, err) });

  const save = useMutation({
    mutationFn: (v: Form) => (v.id
      ? api.patch<Endpoint>(`/webhooks/${v.id}`, { url: v.url, events: v.events, description: v.description })
      : api.post<Created>('/webhooks', { url: v.url, events: v.events, description: v.description })),
    onSuccess: (res, v) => { setForm(null); if (!v.id) setCreated(res as Created); void refresh(); },
    onError: (err) => {
      const field = err instanceof ApiError ? (err.details as { url?: string } | undefined)?.url : undefined;
      if (field) setUrlError(field === 'refused: private address' ? t('webhooks.refused') : field); else fail(err);
    },
  });
  const toggle = useMutation({
    mutationFn: (e: Endpoint) => api.patch<Endpoint>(`/webhooks/${e.id}`, { active: !e.active }),
    onSuccess: () => void refresh(), onError: fail,
  });
  const rotate = useMutation({
    mutationFn: (e: Endpoint) => api.post<Created>(`/webhooks/${e.id}/rotate-secret`, { keepPreviousHours: 24 }),
    onSuccess: (res) => { setCreated(res); void refresh(); }, onError: fail,
  });
  const remove = useMutation({ mutationFn: (e: Endpoint) => api.delete(`/webhooks/${e.id}`), onSuccess: () => void refresh(), onError: fail });
  const test = useMutation({
    mutationFn: (e: Endpoint) => api.post<SendResult>(`/webhooks/${e.id}/test`),
    onSuccess: (r) => {
      notifications.show({ color: r.ok ? 'teal' : 'red', message: r.ok ? t('webhooks.testOk', { status: r.statusCode }) : t('webhooks.testFailed', { reason: r.statusCode ?? r.error }) });
      void refresh();
    },
    onError: fail,
  });

  if (list.isPending) return <LoadingState />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Stack gap="md" data-testid="webhooks-section">
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="sm">
          <div>
            <Title order={2} size="h5">{t('webhooks.title')}</Title>
            <Text size="sm" c="dimmed">{t('webhooks.intro')}</Text>
          </div>
          <Button onClick={() => { setUrlError(undefined); setForm({ url: '', events: [], description: '' }); }} data-testid="webhook-add">{t('webhooks.add')}</Button>
        </Group>
        {list.data.items.length === 0 ? <Text c="dimmed" size="sm">{t('webhooks.empty')}</Text> : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs">
              <Table.Thead><Table.Tr><Table.Th>{t('webhooks.url')}</Table.Th><Table.Th>{t('webhooks.events')}</Table.Th><Table.Th>{t('webhooks.last')}</Table.Th><Table.Th>{t('webhooks.active')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
              <Table.Tbody>
                {list.data.items.map((e) => (
                  <Table.Tr key={e.id} data-testid="webhook-row">
                    <Table.Td><Text size="sm" dir="ltr" style={{ overflowWrap: 'anywhere' }}>{e.url}</Text>{e.description && <Text size="xs" c="dimmed">{e.description}</Text>}</Table.Td>
                    <Table.Td><Text size="xs">{e.events.map((ev) => t(`webhooks.event.${ev}`, ev)).join(t('common.listSeparator'))}</Text></Table.Td>
                    <Table.Td>{e.lastDelivery ? <Badge color={e.lastDelivery.ok ? 'teal' : 'red'} variant="light">{e.lastDelivery.statusCode ?? t('webhooks.noAnswer')}</Badge> : '—'}</Table.Td>
                    <Table.Td><Switch checked={e.active} onChange={() => toggle.mutate(e)} aria-label={t('webhooks.active')} data-testid="webhook-active" /></Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button size="xs" variant="light" loading={test.isPending && test.variables?.id === e.id} onClick={() => test.mutate(e)} data-testid="webhook-test">{t('webhooks.sendTest')}</Button>
                        <Button size="xs" variant="subtle" onClick={() => setLogOf(e)} data-testid="webhook-log">{t('webhooks.log')}</Button>
                        <Button size="xs" variant="subtle" loading={rotate.isPending && rotate.variables?.id === e.id} onClick={() => { if (window.confirm(t('webhooks.confirmRotate'))) rotate.mutate(e); }} data-testid="webhook-rotate">{t('webhooks.rotate')}</Button>
                        <Button size="xs" variant="subtle" onClick={() => { setUrlError(undefined); setForm({ id: e.id, url: e.url, events: e.events, description: e.description }); }}>{t('common.edit')}</Button>
                        <Button size="xs" variant="subtle" color="red" onClick={() => { if (window.confirm(t('webhooks.confirmDelete'))) remove.mutate(e); }}>{t('common.delete')}</Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>

      <Modal opened={Boolean(form)} onClose={() => setForm(null)} title={form?.id ? t('webhooks.edit') : t('webhooks.add')} size="lg">
        {form && (
          <form onSubmit={(ev) => { ev.preventDefault(); setUrlError(undefined); save.mutate(form); }}>
            <Stack>
              <TextInput label={t('webhooks.url')} placeholder="https://example.com/mehvar-hook" required value={form.url} error={urlError}
                onChange={(ev) => setForm({ ...form, url: ev.currentTarget.value })} styles={{ input: { direction: 'ltr' } }} data-testid="webhook-url" />
              <TextInput label={t('webhooks.description')} value={form.description} onChange={(ev) => setForm({ ...form, description: ev.currentTarget.value })} />
              <Checkbox.Group label={t('webhooks.events')} value={form.events} onChange={(events) => setForm({ ...form, events })}>
                <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
                  {WEBHOOK_EVENTS.map((ev) => <Checkbox key={ev} value={ev} label={t(`webhooks.event.${ev}`, ev)} data-testid={`webhook-event-${ev}`} />)}
                </SimpleGrid>
              </Checkbox.Group>
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setForm(null)}>{t('common.cancel')}</Button>
                <Button type="submit" loading={save.isPending} disabled={!form.url || form.events.length === 0} data-testid="webhook-save">{t('common.save')}</Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>

      <Modal opened={Boolean(created)} onClose={() => setCreated(null)} title={t('webhooks.secretTitle')}>
        {created && (
          <Stack>
            <Alert color="yellow" variant="light">{t('webhooks.secretOnce')}</Alert>
            {created.previousSecretUntil && <Text size="sm" data-testid="webhook-previous-until">{t('webhooks.previousUntil', { at: f.dateTime(created.previousSecretUntil) })}</Text>}
            <Code block dir="ltr" data-testid="webhook-secret" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>{created.secret}</Code>
            <Text size="xs" c="dimmed">{t('webhooks.signatureHelp')}</Text>
            <Group justify="flex-end">
              <CopyButton value={created.secret}>
                {({ copied, copy }) => <Button variant="light" onClick={copy}>{copied ? t('common.copied') : t('common.copy')}</Button>}
              </CopyButton>
              <Button onClick={() => setCreated(null)}>{t('common.done')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>

      <Modal opened={Boolean(logOf)} onClose={() => setLogOf(null)} title={t('webhooks.log')} size="xl">
        {logOf && <DeliveryLog endpoint={logOf} format={f} />}
      </Modal>
    </Stack>
  );
}

function DeliveryLog({ endpoint, format }: { endpoint: Endpoint; format: ReturnType<typeof useFormat> }) {
  const { t } = useTranslation();
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const page = useQuery({
    queryKey: ['webhooks', endpoint.id, 'deliveries', cursor ?? ''],
    queryFn: () => api.get<DeliveryPage>(`/webhooks/${endpoint.id}/deliveries`, cursor ? { cursor, limit: 20 } : { limit: 20 }),
  });
  const redeliver = useMutation({
    mutationFn: (id: string) => api.post<SendResult>(`/webhooks/${endpoint.id}/deliveries/${id}/redeliver`),
    onSuccess: () => void page.refetch(),
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });
  if (page.isPending) return <LoadingState />;
  if (page.isError) return <ErrorState error={page.error} onRetry={() => void page.refetch()} />;
  if (!page.data.items.length) return <Text c="dimmed" size="sm">{t('webhooks.noDeliveries')}</Text>;
  return (
    <Stack data-testid="webhook-deliveries">
      <Table.ScrollContainer minWidth={700}>
        <Table verticalSpacing="xs">
          <Table.Thead><Table.Tr><Table.Th>{t('webhooks.at')}</Table.Th><Table.Th>{t('webhooks.eventType')}</Table.Th><Table.Th>{t('webhooks.attempt')}</Table.Th><Table.Th>{t('webhooks.status')}</Table.Th><Table.Th>{t('webhooks.response')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {page.data.items.map((d) => (
              <Table.Tr key={d.id} data-testid="webhook-delivery">
                <Table.Td><Text size="xs">{format.dateTime(d.at)}</Text></Table.Td>
                <Table.Td><Text size="xs">{t(`webhooks.event.${d.eventType}`, d.eventType)}</Text><Text size="xs" c="dimmed">{t(`webhooks.eventStatus.${d.eventStatus}`, d.eventStatus)}</Text></Table.Td>
                <Table.Td>{format.number(d.attempt)}</Table.Td>
                <Table.Td><Badge color={d.ok ? 'teal' : 'red'} variant="light">{d.statusCode ?? t('webhooks.noAnswer')}</Badge><Text size="xs" c="dimmed">{format.number(d.durationMs)} ms</Text></Table.Td>
                <Table.Td><Code block dir="ltr" style={{ maxHeight: 90, overflow: 'auto', whiteSpace: 'pre-wrap', fontSize: 11 }}>{d.error && !d.statusCode ? d.error : d.responseExcerpt ?? ''}</Code></Table.Td>
                <Table.Td>{d.eventType !== 'ping' && <Button size="xs" variant="subtle" loading={redeliver.isPending && redeliver.variables === d.id} onClick={() => redeliver.mutate(d.id)}>{t('webhooks.redeliver')}</Button>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between">
        <Button variant="default" size="xs" disabled={!cursors.length} onClick={() => setCursors(cursors.slice(0, -1))}>{t('webhooks.newer')}</Button>
        <Button variant="default" size="xs" disabled={!page.data.nextCursor} onClick={() => page.data.nextCursor && setCursors([...cursors, page.data.nextCursor])}>{t('webhooks.older')}</Button>
      </Group>
    </Stack>
  );
}
