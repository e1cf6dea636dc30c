/**
 * One pain point opened: the customers it affects (each a link to their 360° view), the manager's review (confirm or
 * dismiss, with a note), the action attached to it (a task for an owner by a date, created in the task list), and
 * once an action exists the touchpoint's rate before and since it, with how many customers each side counts.
 */
import { useEffect, useState } from 'react';
import { Anchor, Badge, Button, CloseButton, Group, Paper, SimpleGrid, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Task } from '../../api/types';
import { useActiveUserOptions } from '../../api/reference';
import { AssigneeSelect } from '../../components/AssigneeSelect';
import { DateField } from '../../components/DateFields';
import { ErrorState, LoadingState } from '../../components/States';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { usePrefs } from '../../lib/prefs';
import { instantFromWallTime } from '../../lib/zoned-time';
import { useSession } from '../session/session';
import { todayIn } from '../reports/jalali-range';
import { usePainPointCustomers, useReviewPainPoint, type BeforeAfter, type MapQuery, type PainPoint } from './journeys.api';
import { evidenceFigures } from './PainPoints';
import { pc, type Labels } from './labels';

/** Who reviews pain points: the roles that may export reports (managers and the admin); no new permission object. */
export const REVIEW_PERMISSION = ['reports', 'export'] as const;
const pct = (fmt: ReturnType<typeof useFormat>, x: number | null) => (x === null || !Number.isFinite(x) ? '—' : `${fmt.number(Math.round(x * 1000) / 10)}${pc(fmt)}`);

export function PainPointDetail({ journeyId, painPoint, query, labels, onClose }: {
  journeyId: string; painPoint: PainPoint; query: MapQuery; labels: Labels; onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const users = useActiveUserOptions();
  const customers = usePainPointCustomers(journeyId, painPoint.id, query);
  const review = painPoint.review;
  const action = review?.action;
  return (
    <Paper withBorder radius="md" p="md" mt="sm" data-testid="journey-pain-detail">
      <Group justify="space-between" wrap="nowrap" mb="xs" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Text fw={600}>
            {labels.kind(painPoint.kind)} · <bdi>{painPoint.touchpointKey ? labels.touchpoint(painPoint.touchpointKey) : t('journeys.atStage', { stage: labels.stage(painPoint.stageKey) })}</bdi>
          </Text>
          {labels.kindHint(painPoint.kind) && <Text size="xs" c="dimmed" data-testid="journey-pain-kind-hint">{labels.kindHint(painPoint.kind)}</Text>}
          <Text size="xs" data-testid="journey-pain-detail-evidence">{labels.text(painPoint.evidence.text)}</Text>
          <Text size="xs" c="dimmed">{evidenceFigures(t, fmt, painPoint.evidence)}</Text>
        </div>
        <CloseButton onClick={onClose} aria-label={t('common.close')} className="no-print" />
      </Group>
      {review?.beforeAfter && <BeforeAfterCard ba={review.beforeAfter} />}
      {action && (
        <Text size="xs" c="dimmed" mt="xs" data-testid="journey-pain-action">
          {t('journeys.actionLine', { owner: users.find((u) => u.value === action.ownerId)?.label ?? '—', due: action.dueDate ? fmt.date(action.dueDate) : '—', since: action.since ? fmt.date(action.since) : '—' })}
          {action.taskId && <> · <Anchor component={Link} to="/tasks" size="xs">{t('journeys.openTasks')}</Anchor></>}
        </Text>
      )}
      <Text size="sm" fw={600} mt="sm" mb={4}>{t('journeys.affected', { n: fmt.number(customers.data?.total ?? painPoint.customers) })}</Text>
      {customers.isPending && <LoadingState />}
      {customers.isError && <ErrorState error={customers.error} onRetry={() => void customers.refetch()} />}
      {customers.data && (
        <Table.ScrollContainer minWidth={260} mah={320}>
          <Table verticalSpacing={4} data-testid="journey-pain-customer-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th><Text size="xs" fw={600}>{t('journeys.affectedCustomer')}</Text></Table.Th>
                <Table.Th><Text size="xs" fw={600} data-testid="journey-pain-customer-at">{labels.affectedAt(painPoint.kind)}</Text></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {customers.data.items.map((c) => (
                <Table.Tr key={c.id} data-testid="journey-pain-customer">
                  <Table.Td><Anchor component={Link} to={`/customers/${c.id}`} size="sm"><bdi>{c.displayName}</bdi></Anchor></Table.Td>
                  <Table.Td><Text size="xs" c="dimmed">{c.at ? fmt.date(c.at) : null}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {can(...REVIEW_PERMISSION)
        ? <ReviewForm journeyId={journeyId} painPoint={painPoint} query={query} />
        : review?.note ? <Text size="sm" mt="sm" dir="auto">{review.note}</Text> : null}
    </Paper>
  );
}

function BeforeAfterCard({ ba }: { ba: BeforeAfter }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const side = (label: string, s: BeforeAfter['before']) => (
    <div><Text size="xs" c="dimmed">{label}</Text><Text fw={700}>{pct(fmt, s.rate)}</Text><Text size="xs" c="dimmed">{t('journeys.badOfN', { bad: fmt.number(s.bad), n: fmt.number(s.n) })}</Text></div>
  );
  return (
    <Paper bg="var(--mantine-color-gray-0)" p="sm" radius="sm" data-testid="journey-before-after">
      <Text size="xs" fw={600} mb={4}>{t('journeys.beforeAfter', { since: fmt.date(ba.since) })}</Text>
      <SimpleGrid cols={2}>{side(t('journeys.before'), ba.before)}{side(t('journeys.after'), ba.after)}</SimpleGrid>
      {ba.change && (
        <Text size="xs" mt={4}>{t('journeys.change', { effect: pct(fmt, ba.change.effect), low: pct(fmt, ba.change.low), high: pct(fmt, ba.change.high) })}</Text>
      )}
      {Math.min(ba.before.n, ba.after.n) < 30 && <Text size="xs" c="orange.8" mt={4}>{t('journeys.smallSample')}</Text>}
    </Paper>
  );
}

type Draft = { title: string; ownerId: string | null; dueDate: string | null };

function ReviewForm({ journeyId, painPoint, query }: { journeyId: string; painPoint: PainPoint; query: MapQuery }) {
  const { t } = useTranslation();
  const { prefs } = usePrefs();
  const review = painPoint.review;
  const write = useReviewPainPoint(journeyId, painPoint.id);
  const [note, setNote] = useState(review?.note ?? '');
  const [draft, setDraft] = useState<Draft>({ title: '', ownerId: null, dueDate: null });
  const [busy, setBusy] = useState(false);
  useEffect(() => { setNote(review?.note ?? ''); }, [painPoint.id, review?.note]);
  const fail = (err: unknown) => notifications.show({ color: 'red', message: errorMessage(t, err) });
  const saved = () => notifications.show({ color: 'teal', message: t('journeys.saved') });
  const send = (status: 'confirmed' | 'dismissed', extra: Partial<Parameters<typeof write.mutateAsync>[0]> = {}) =>
    write.mutateAsync({ status, note: note.trim() || undefined, ...extra });

  const attach = async () => {
    if (!draft.ownerId || !draft.dueDate) return;
    setBusy(true);
    try {
      // The task lands in the owner's list like any other; the review keeps its id for the before/after.
      const [y, m, d] = draft.dueDate.split('-').map(Number);
      const dueAt = instantFromWallTime({ year: y, month: m, day: d, hour: 17, minute: 0 }, prefs.timeZone).toISOString();
      const task = await api.post<Task>('/tasks', { title: draft.title.trim(), assigneeId: draft.ownerId, dueAt, description: painPoint.evidence.text?.fa ?? null });
      await send('confirmed', { action: { ownerId: draft.ownerId, dueDate: draft.dueDate, taskId: task.id, since: todayIn(prefs.timeZone) } });
      setDraft({ title: '', ownerId: null, dueDate: null });
      saved();
    } catch (err) { fail(err); } finally { setBusy(false); }
  };
  return (
    <Stack gap="xs" mt="sm" className="no-print" data-testid="journey-pain-review">
      <Group gap="xs">
        {review && <Badge variant="light" color={review.status === 'confirmed' ? 'orange' : 'gray'} data-testid="journey-pain-status">{t(`journeys.status.${review.status}`)}</Badge>}
        {review?.status !== 'confirmed' && <Button size="xs" color="orange" onClick={() => send('confirmed').then(saved, fail)} loading={write.isPending} data-testid="journey-pain-confirm">{t('journeys.confirm')}</Button>}
        {review?.status !== 'dismissed' && <Button size="xs" variant="default" onClick={() => send('dismissed').then(saved, fail)} loading={write.isPending} data-testid="journey-pain-dismiss">{t('journeys.dismiss')}</Button>}
      </Group>
      <Textarea label={t('journeys.note')} autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="journey-pain-note" />
      <Group justify="flex-end">
        <Button size="xs" variant="light" disabled={note === (review?.note ?? '')} onClick={() => send(review?.status ?? 'confirmed').then(saved, fail)} data-testid="journey-pain-save-note">{t('journeys.saveNote')}</Button>
      </Group>
      {!review?.action && (
        <Paper withBorder p="sm" radius="sm">
          <Text size="sm" fw={600} mb={4}>{t('journeys.attachAction')}</Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
            <TextInput label={t('journeys.actionTitle')} value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.currentTarget.value })} data-testid="journey-action-title" />
            <AssigneeSelect label={t('journeys.owner')} value={draft.ownerId} onChange={(v) => setDraft({ ...draft, ownerId: v })} data-testid="journey-action-owner" />
            <DateField label={t('journeys.due')} value={draft.dueDate} onChange={(v) => setDraft({ ...draft, dueDate: v })} testId="journey-action-due" />
          </SimpleGrid>
          <Group justify="flex-end" mt="xs">
            <Button size="xs" disabled={!draft.title.trim() || !draft.ownerId || !draft.dueDate} loading={busy} onClick={() => void attach()} data-testid="journey-action-save">
              {t('journeys.createAction')}
            </Button>
          </Group>
        </Paper>
      )}
    </Stack>
  );
}
