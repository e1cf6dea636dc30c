/** Log a touch (call, meeting, message, note…) and the promises made in it; each promise becomes a task. */
import { useState } from 'react';
import { ActionIcon, Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CALL_OUTCOMES, DIRECTIONS, INTERACTION_KINDS, interactionCreate, type InteractionKind } from '../../../../common/activity.schemas';
import { api } from '../../api/client';
import { AssigneeSelect } from '../../components/AssigneeSelect';
import { DueField } from '../../components/DuePresets';
import { defaultDue } from '../../../../common/due-presets';
import { usePrefs } from '../../lib/prefs';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { useMe } from '../session/session';

type PromiseRow = { title: string; dueAt: string | null; assigneeId: string | null };

export function InteractionForm({ customerId, onDone }: { customerId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { prefs } = usePrefs();
  const [kind, setKind] = useState<InteractionKind>('call');
  const [direction, setDirection] = useState<string | null>('out');
  const [minutes, setMinutes] = useState<number | ''>('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [summary, setSummary] = useState('');
  const [body, setBody] = useState('');
  const [promises, setPromises] = useState<PromiseRow[]>([]);
  const { busy, errors, formError, valid, run } = useFormSubmit();
  const timed = kind === 'call' || kind === 'meeting';

  const setPromise = (i: number, patch: Partial<PromiseRow>) => setPromises((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  async function submit() {
    const payload = {
      customerId,
      kind,
      direction: kind === 'call' || kind === 'email' || kind === 'sms' ? direction : null,
      durationSec: timed && minutes !== '' ? Math.round(Number(minutes) * 60) : null,
      outcome: kind === 'call' ? outcome : null,
      summary,
      body: body || null,
      promises: promises.map((p) => ({ title: p.title, dueAt: p.dueAt ?? undefined, ...(p.assigneeId ? { assigneeId: p.assigneeId } : {}) })),
    };
    if (!valid(interactionCreate, payload)) return;
    await run(async () => {
      await api.post('/interactions', payload);
      notifications.show({ color: 'teal', message: t('interaction.saved') });
      onDone();
    });
  }

  return (
    <form onSubmit={submitHandler(submit)} noValidate data-testid="interaction-form">
      <Stack gap="sm">
        <FormErrorAlert error={formError} />
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <Select
            label={t('interaction.kind')}
            data={INTERACTION_KINDS.map((k) => ({ value: k, label: t(`interactionKind.${k}`) }))}
            value={kind}
            onChange={(v) => setKind((v ?? 'call') as InteractionKind)}
            allowDeselect={false}
            data-testid="interaction-kind"
          />
          {(kind === 'call' || kind === 'email' || kind === 'sms') && (
            <Select
              label={t('interaction.direction')}
              data={DIRECTIONS.map((d) => ({ value: d, label: t(`direction.${d}`) }))}
              value={direction}
              onChange={setDirection}
              error={errors.direction}
              required={kind === 'call'}
              data-testid="interaction-direction"
            />
          )}
          {timed && (
            <NumberInput label={t('interaction.minutes')} value={minutes} onChange={(v) => setMinutes(v === '' ? '' : Number(v))} min={0} max={1440} error={errors.durationSec} />
          )}
          {kind === 'call' && (
            <Select
              label={t('interaction.outcome')}
              data={CALL_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
              value={outcome}
              onChange={setOutcome}
              clearable
            />
          )}
        </SimpleGrid>
        <TextInput label={t('interaction.summary')} value={summary} onChange={(e) => setSummary(e.currentTarget.value)} required error={errors.summary} data-testid="interaction-summary" />
        <Textarea label={t('interaction.body')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={2} maxRows={8} />

        {promises.map((p, i) => (
          <Paper key={i} withBorder p="sm" radius="md" bg="violet.0" data-testid="promise-row">
            <Group justify="space-between" mb={4}>
              <Text size="sm" fw={600}>{t('interaction.promiseN', { n: i + 1 })}</Text>
              <ActionIcon variant="subtle" color="gray" onClick={() => setPromises((rows) => rows.filter((_, j) => j !== i))} aria-label={t('common.remove')}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput label={t('interaction.promiseTitle')} value={p.title} onChange={(e) => setPromise(i, { title: e.currentTarget.value })} required error={errors[`promises.${i}.title`]} data-testid={`promise-title-${i}`} />
              <DueField label={t('interaction.promiseDue')} value={p.dueAt} onChange={(v) => setPromise(i, { dueAt: v })} required error={errors[`promises.${i}.dueAt`]} testId={`promise-due-${i}`} />
              <AssigneeSelect label={t('interaction.promiseAssignee')} value={p.assigneeId} onChange={(v) => setPromise(i, { assigneeId: v })} />
            </SimpleGrid>
          </Paper>
        ))}

        <Group justify="space-between">
          <Button
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() => setPromises((rows) => [...rows, { title: '', dueAt: defaultDue(new Date(), prefs.timeZone), assigneeId: me.user.id }])}
            disabled={promises.length >= 10}
            data-testid="add-promise"
          >
            {t('interaction.addPromise')}
          </Button>
          <Button type="submit" loading={busy} data-testid="save-interaction">{t('interaction.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
