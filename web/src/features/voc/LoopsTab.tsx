/**
 * The closed loop, as a manager sees it: unhappy answers with an open follow-up (customer, survey, score on its scale,
 * comment, owner, when the task is due, what triggered the survey), closed by saying what was done; the closed ones
 * with that note; and the recent answers, where a promoter can be asked for a review or a referral.
 */
import { useState } from 'react';
import { Anchor, Badge, Button, Group, Modal, Pagination, Paper, SegmentedControl, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { EmptyState, QueryStates } from '../../components/States';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { useSession } from '../session/session';
import { isPromoter, SCALE, useRefreshVoc, useResponses, type ResponseItem } from './voc.api';

export function LoopsTab() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const loop = params.get('loop') === 'closed' ? 'closed' : 'open';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const set = (next: Record<string, string>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) p.set(k, v);
    setParams(p, { replace: true });
  };
  const list = useResponses({ loop, page });
  const [closing, setClosing] = useState<ResponseItem | null>(null);
  const items = list.data?.items ?? [];

  return (
    <Stack gap="md" data-testid="voc-loops">
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="sm">
          <Stack gap={0}>
            <Title order={2} size="h5">{t('voc.loops.title')}</Title>
            <Text size="xs" c="dimmed">{t('voc.loops.hint')}</Text>
          </Stack>
          <SegmentedControl value={loop} onChange={(v) => set({ loop: v, page: '1' })} data-testid="voc-loop-status"
            data={[{ value: 'open', label: t('voc.loops.open') }, { value: 'closed', label: t('voc.loops.closed') }]} />
        </Group>
        <QueryStates query={list} isEmpty={items.length === 0}
          empty={<EmptyState title={loop === 'open' ? t('voc.loops.noneOpen') : t('voc.loops.noneClosed')} />} />
        {items.length > 0 && <LoopTable items={items} loop={loop} onClose={setClosing} />}
        {list.data && list.data.total > list.data.pageSize && (
          <Group justify="center" mt="sm">
            <Pagination total={Math.ceil(list.data.total / list.data.pageSize)} value={page} onChange={(p) => set({ page: String(p) })} />
          </Group>
        )}
      </Paper>
      <RecentAnswers />
      <CloseLoopModal response={closing} onClose={() => setClosing(null)} />
    </Stack>
  );
}

export function Score({ r }: { r: Pick<ResponseItem, 'metric' | 'score'> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (r.score === null) return <Text size="sm" c="dimmed">—</Text>;
  const scale = r.metric ? SCALE[r.metric] : null;
  return (
    <Group gap={6} wrap="nowrap" data-testid="voc-score">
      <Text size="sm" fw={700} style={{ whiteSpace: 'nowrap' }}>{scale ? t('voc.loops.of', { score: fmt.number(r.score), max: fmt.number(scale.max) }) : fmt.number(r.score)}</Text>
      {r.metric && <Badge size="xs" variant="light" color="gray" tt="none" title={scale ? t('voc.loops.scale', { min: fmt.number(scale.min), max: fmt.number(scale.max) }) : undefined}>{t(`voc.metric.${r.metric}`)}</Badge>}
    </Group>
  );
}

function Source({ r }: { r: ResponseItem }) {
  const { t } = useTranslation();
  if (!r.sourceType || !r.sourceId) return <Text size="sm" c="dimmed">—</Text>;
  const to = r.sourceType === 'ticket' ? `/tickets/${r.sourceId}` : `/documents/${r.sourceId}`;
  return <Anchor component={Link} to={to} size="sm" data-testid="voc-source">{t(`voc.loops.source.${r.sourceType}`)}</Anchor>;
}

function CustomerCell({ id, name }: { id: string | null; name: string | null }) {
  const { t } = useTranslation();
  if (!id) return <Text size="sm" c="dimmed">{t('voc.anonymous')}</Text>;
  return <Anchor component={Link} to={`/customers/${id}`} size="sm" dir="auto">{name ?? t('voc.unnamed')}</Anchor>;
}

function LoopTable({ items, loop, onClose }: { items: ResponseItem[]; loop: 'open' | 'closed'; onClose: (r: ResponseItem) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const canClose = can('tasks', 'update');
  const now = Date.now();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="sm" data-testid="voc-loop-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('voc.col.customer')}</Table.Th>
            <Table.Th>{t('voc.col.survey')}</Table.Th>
            <Table.Th>{t('voc.col.score')}</Table.Th>
            <Table.Th>{t('voc.col.comment')}</Table.Th>
            <Table.Th>{t('voc.col.owner')}</Table.Th>
            <Table.Th>{loop === 'open' ? t('voc.col.due') : t('voc.col.closedAt')}</Table.Th>
            <Table.Th>{t('voc.col.source')}</Table.Th>
            {loop === 'open' && canClose && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => {
            const due = r.loop?.taskDueAt ?? null;
            const overdue = loop === 'open' && due !== null && Date.parse(due) < now;
            return (
              <Table.Tr key={r.id} data-testid="voc-loop-row">
                <Table.Td><CustomerCell id={r.customerId} name={r.customerName} /></Table.Td>
                <Table.Td><Text size="sm" dir="auto">{r.surveyName}</Text></Table.Td>
                <Table.Td><Score r={r} /></Table.Td>
                <Table.Td maw={280}>
                  {r.comment ? <Text size="sm" dir="auto" lineClamp={3} style={{ whiteSpace: 'pre-wrap' }} data-testid="voc-comment">{r.comment}</Text> : <Text size="sm" c="dimmed">—</Text>}
                  {loop === 'closed' && r.loop?.note && (
                    <Text size="xs" c="teal.8" mt={4} dir="auto" data-testid="voc-loop-note">{t('voc.loops.done', { note: r.loop.note })}</Text>
                  )}
                </Table.Td>
                <Table.Td><Text size="sm">{r.loop?.ownerName ?? '—'}</Text></Table.Td>
                <Table.Td>
                  {loop === 'open'
                    ? (due ? <Text size="sm" c={overdue ? 'red.7' : undefined} fw={overdue ? 600 : undefined} data-testid="voc-due" data-overdue={overdue ? '1' : '0'}>
                        {fmt.dateTime(due)}{overdue && ` · ${t('voc.loops.overdue')}`}
                      </Text> : <Text size="sm" c="dimmed">—</Text>)
                    : <Text size="sm">{fmt.dateTime(r.loop?.closedAt)}</Text>}
                </Table.Td>
                <Table.Td><Source r={r} /></Table.Td>
                {loop === 'open' && canClose && (
                  <Table.Td><Button size="xs" variant="light" onClick={() => onClose(r)} data-testid="voc-close-loop">{t('voc.loops.close')}</Button></Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CloseLoopModal({ response, onClose }: { response: ResponseItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshVoc();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => { setNote(''); setNoteError(null); setError(null); onClose(); };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!response) return;
    if (!note.trim()) { setNoteError(t('voc.loops.noteRequired')); return; }
    setBusy(true);
    setError(null);
    try {
      await api.post(`/survey-responses/${response.id}/close-loop`, { note: note.trim() });
      notifications.show({ color: 'teal', message: t('voc.loops.closedToast') });
      await refresh();
      close();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setError(t('voc.loops.conflict'));
        void refresh();
      } else setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={response !== null} onClose={close} title={t('voc.loops.closeTitle')} centered>
      {response && (
        <form onSubmit={submit} noValidate data-testid="voc-close-form">
          <Stack gap="sm">
            <Text size="sm">
              {t('voc.loops.closeFor', { customer: response.customerName ?? t('voc.anonymous'), survey: response.surveyName ?? '' })}
            </Text>
            {response.comment && <Paper withBorder p="xs" bg="gray.0"><Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>{response.comment}</Text></Paper>}
            <FormErrorAlert error={error} testId="voc-close-error" />
            <Textarea label={t('voc.loops.note')} description={t('voc.loops.noteHint')} required autosize minRows={3} maxLength={2000}
              value={note} onChange={(e) => { setNote(e.currentTarget.value); setNoteError(null); }} error={noteError} data-testid="voc-close-note" dir="auto" />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
              <Button type="submit" loading={busy} data-testid="voc-close-submit">{t('voc.loops.closeSubmit')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function RecentAnswers() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const [page, setPage] = useState(1);
  const list = useResponses({ page, pageSize: 10 });
  const [asking, setAsking] = useState<ResponseItem | null>(null);
  const items = list.data?.items ?? [];
  const canAsk = can('surveys', 'create');
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h5">{t('voc.recent.title')}</Title>
      <Text size="xs" c="dimmed" mb="sm">{t('voc.recent.hint')}</Text>
      <QueryStates query={list} isEmpty={items.length === 0} empty={<EmptyState title={t('voc.recent.none')} />} />
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="xs" data-testid="voc-recent">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('voc.col.customer')}</Table.Th>
                <Table.Th>{t('voc.col.survey')}</Table.Th>
                <Table.Th>{t('voc.col.score')}</Table.Th>
                <Table.Th>{t('voc.col.comment')}</Table.Th>
                <Table.Th>{t('voc.col.when')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id} data-testid="voc-recent-row">
                  <Table.Td><CustomerCell id={r.customerId} name={r.customerName} /></Table.Td>
                  <Table.Td><Text size="sm" dir="auto">{r.surveyName}</Text></Table.Td>
                  <Table.Td><Score r={r} /></Table.Td>
                  <Table.Td maw={260}>{r.comment ? <Text size="sm" dir="auto" lineClamp={2}>{r.comment}</Text> : <Text size="sm" c="dimmed">—</Text>}</Table.Td>
                  <Table.Td><Text size="sm">{fmt.dateTime(r.createdAt)}</Text></Table.Td>
                  <Table.Td>
                    {r.asked ? <Badge variant="light" color="teal">{t(`voc.recent.asked.${r.asked.kind}`)}</Badge>
                      : isPromoter(r) && r.customerId && canAsk
                        ? <Button size="xs" variant="light" color="teal" onClick={() => setAsking(r)} data-testid="voc-ask">{t('voc.recent.ask')}</Button>
                        : r.loop ? <Badge variant="light" color={r.loop.status === 'open' ? 'orange' : 'gray'}>{t(`voc.recent.loop.${r.loop.status}`)}</Badge> : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.data && list.data.total > list.data.pageSize && (
        <Group justify="center" mt="sm"><Pagination total={Math.ceil(list.data.total / list.data.pageSize)} value={page} onChange={setPage} /></Group>
      )}
      <AskModal response={asking} onClose={() => setAsking(null)} />
    </Paper>
  );
}

function AskModal({ response, onClose }: { response: ResponseItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshVoc();
  const [kind, setKind] = useState<'review' | 'referral'>('review');
  const [channel, setChannel] = useState<'sms' | 'email'>('sms');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => { setError(null); onClose(); };

  async function submit() {
    if (!response) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/survey-responses/${response.id}/ask`, { kind, channel });
      notifications.show({ color: 'teal', message: t('voc.recent.askedToast') });
      await refresh();
      close();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) { setError(t('voc.recent.alreadyAsked')); void refresh(); }
      else if (err instanceof ApiError && err.status === 422) {
        const why = String((err.details as Record<string, unknown> | undefined)?.channel ?? '');
        setError(why === 'no consent' ? t('voc.recent.noConsent') : why === 'no address' ? t(`voc.recent.noAddress.${channel}`) : t('voc.recent.notPromoter'));
      } else setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={response !== null} onClose={close} title={t('voc.recent.askTitle')} centered>
      <Stack gap="sm" data-testid="voc-ask-form">
        <FormErrorAlert error={error} testId="voc-ask-error" />
        <SegmentedControl value={kind} onChange={(v) => setKind(v as 'review' | 'referral')}
          data={[{ value: 'review', label: t('voc.recent.review') }, { value: 'referral', label: t('voc.recent.referral') }]} />
        <Select label={t('voc.recent.channel')} value={channel} onChange={(v) => v && setChannel(v as 'sms' | 'email')} allowDeselect={false}
          data={[{ value: 'sms', label: t('voc.channel.sms') }, { value: 'email', label: t('voc.channel.email') }]} comboboxProps={{ withinPortal: true }} />
        <Text size="xs" c="dimmed">{t('voc.recent.askHint')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
          <Button onClick={() => void submit()} loading={busy} data-testid="voc-ask-submit">{t('voc.recent.send')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
