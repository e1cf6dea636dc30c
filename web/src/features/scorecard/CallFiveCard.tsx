/**
 * The opening exercise on the scorecard: pick five customers to call today (a task each), ask the one question, and
 * write each answer here — it goes to the feedback inbox and the task is done. The same question is on the post-call form.
 */
import { useState } from 'react';
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { usePrefs } from '../../lib/prefs';
import { useSession } from '../session/session';

type Item = { customerId: string; displayName: string; phone: string | null; taskId: string };
type Answer = { question: { fa: string; en: string }; items: Item[] };

export function CallFiveCard() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { prefs } = usePrefs();
  const [list, setList] = useState<Answer | null>(null);
  const start = useMutation({
    mutationFn: () => api.post<Answer>('/scorecard/call-five', {}),
    onSuccess: (a) => setList(a),
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(t, e) }),
  });
  if (!can('tasks', 'create')) return null;
  return (
    <Paper withBorder p="md" data-testid="call-five">
      <Stack gap="xs">
        <Text fw={600}>{t('scorecard.callFive.title')}</Text>
        <Text size="sm" c="dimmed">{t('scorecard.callFive.intro')}</Text>
        {!list && <Group justify="flex-end"><Button size="xs" onClick={() => start.mutate()} loading={start.isPending} data-testid="call-five-start">{t('scorecard.callFive.start')}</Button></Group>}
        {list && (
          <>
            <Text size="sm" fw={600} data-testid="call-five-question">«{list.question[prefs.locale === 'fa' ? 'fa' : 'en']}»</Text>
            {list.items.length === 0 && <Text size="sm">{t('scorecard.callFive.none')}</Text>}
            {list.items.map((item) => <CallRow key={item.customerId} item={item} canAnswer={can('feedback', 'create')} />)}
          </>
        )}
      </Stack>
    </Paper>
  );
}

function CallRow({ item, canAnswer }: { item: Item; canAnswer: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [text, setText] = useState('');
  const [done, setDone] = useState(false);
  const save = useMutation({
    mutationFn: async () => {
      await api.post('/feedback', { customerId: item.customerId, channel: 'call', text: text.trim() });
      await api.patch(`/tasks/${item.taskId}`, { status: 'done' });
    },
    onSuccess: () => { setDone(true); notifications.show({ color: 'teal', message: t('scorecard.callFive.saved') }); },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(t, e) }),
  });
  return (
    <Paper withBorder p="xs" radius="sm" data-testid="call-five-row">
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Anchor component={Link} to={`/customers/${item.customerId}`} fw={500}><bdi>{item.displayName}</bdi></Anchor>
          {item.phone && <Anchor href={`tel:${item.phone}`} size="sm"><bdi dir="ltr">{f.phone(item.phone)}</bdi></Anchor>}
        </Group>
        {done ? <Badge color="teal" variant="light">{t('scorecard.callFive.done')}</Badge> : canAnswer && (
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <Textarea size="xs" style={{ flex: 1 }} autosize minRows={1} maxRows={4} placeholder={t('scorecard.callFive.answer')} value={text}
              onChange={(e) => setText(e.currentTarget.value)} data-testid="call-five-answer" aria-label={t('scorecard.callFive.answer')} />
            <Button size="xs" disabled={!text.trim()} loading={save.isPending} onClick={() => save.mutate()} data-testid="call-five-save">{t('scorecard.callFive.save')}</Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
