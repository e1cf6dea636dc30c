/**
 * «در حال از دست رفتن»: the most valuable customers whose chance of still being a customer or whose health fell since
 * the previous scoring, with why, and two one-click actions: a follow-up task for tomorrow, an SMS offer (consent and a
 * mobile required; it goes through the outbox like any SMS to a customer).
 */
import { useState } from 'react';
import { Anchor, Badge, Button, Group, Modal, Pagination, Paper, SegmentedControl, SimpleGrid, Stack, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChartDots, IconListCheck, IconMessage } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { useMoney } from '../../lib/money';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useSession } from '../session/session';
import { offerName, offerWhy } from '../profile/offer-why';
import { churnReason } from '../profile/churn-reason';
import { OfferName } from '../profile/InsightsCard';
import { smsParts } from '../../../../common/sms';
import type { slippingAnswer } from '../../../../common/insights.schemas';

type Page = Answer<typeof slippingAnswer>;
type Item = Page['items'][number];
const PAGE = 12;
const SHARES = ['0.1', '0.2', '0.3', '0.5'];

function Trend({ label, before, after, format, testId }: { label: string; before: number | null; after: number; format: (v: number) => string; testId: string }) {
  const { i18n } = useTranslation();
  // The arrow points from before to after in the reading direction.
  const arrow = i18n.language === 'fa' ? '←' : '→';
  const fell = before !== null && after < before;
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" fw={700} data-testid={testId}>
        {before !== null && <Text span c="dimmed" fw={400}>{format(before)} {arrow} </Text>}
        <Text span c={fell ? 'red' : undefined} inherit>{format(after)}</Text>
      </Text>
    </div>
  );
}

function SlippingCard({ item, onSms }: { item: Item; onSms: (item: Item) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const qc = useQueryClient();
  const { can } = useSession();
  const pct = (v: number) => `${fmt.number(Math.round(v * 100))}${fmt.locale === 'fa' ? '٪' : '%'}`;
  const task = useMutation({
    mutationFn: () => {
      const due = new Date(Date.now() + 86_400_000);
      due.setMinutes(0, 0, 0);
      return api.post('/tasks', { title: t('slipping.taskTitle', { name: item.customer.displayName }), customerId: item.customer.id, dueAt: due.toISOString(), priority: 'high' });
    },
    onSuccess: () => { notifications.show({ color: 'teal', message: t('slipping.taskCreated') }); void qc.invalidateQueries({ queryKey: ['tasks'] }); },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });
  const smsBlocked = !item.customer.smsConsent ? t('slipping.noConsent') : !item.customer.hasMobile ? t('slipping.noMobile') : null;
  const o = item.topOffer;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="slipping-item" data-customer-id={item.customer.id}>
      <Group justify="space-between" wrap="nowrap" gap="xs" mb={6}>
        <Anchor component={Link} to={`/customers/${item.customer.id}`} fw={700} lineClamp={1}><bdi>{item.customer.displayName}</bdi></Anchor>
        <Badge variant="light" style={{ flexShrink: 0 }}>{t(`insights.segment.${item.rfmSegment}`, { defaultValue: item.rfmSegment })}</Badge>
      </Group>
      <SimpleGrid cols={3} spacing="xs">
        <div><Text size="xs" c="dimmed">{t('insights.clv')}</Text><Text size="sm" fw={700} data-testid="slipping-clv">{money.format(String(Math.round(item.clv)))}</Text></div>
        <Trend label={t('insights.pAlive')} before={item.prevPAlive} after={item.pAlive} format={pct} testId="slipping-palive" />
        <Trend label={t('insights.health')} before={item.prevHealth} after={item.health} format={(v) => fmt.number(v)} testId="slipping-health" />
      </SimpleGrid>
      {item.prevDay && <Text size="xs" c="dimmed" mt={4}>{t('slipping.since', { day: fmt.date(item.prevDay) })}</Text>}
      <Stack gap={2} mt={6}>
        {item.reasons.slice(0, 2).map((r) => <Text key={r.code} size="xs">• {churnReason(t, fmt, r)}</Text>)}
      </Stack>
      {o && (
        <Text size="xs" c="dimmed" mt={6} data-testid="slipping-offer">
          {t('slipping.offer')}: <OfferName fmt={fmt} offer={o} /> — {offerWhy(t, fmt, o)}
        </Text>
      )}
      <Group gap="xs" mt="sm" grow>
        {can('tasks', 'create') && (
          <Button size="xs" variant="light" leftSection={<IconListCheck size={16} />} loading={task.isPending} disabled={task.isSuccess} onClick={() => task.mutate()} data-testid="slipping-task">
            {task.isSuccess ? t('slipping.taskDone') : t('slipping.task')}
          </Button>
        )}
        {can('interactions', 'create') && (
          <Tooltip label={smsBlocked} disabled={!smsBlocked}>
            <Button size="xs" variant="light" color="grape" leftSection={<IconMessage size={16} />} disabled={Boolean(smsBlocked)} onClick={() => onSms(item)} data-testid="slipping-sms">
              {t('slipping.sms')}
            </Button>
          </Tooltip>
        )}
      </Group>
    </Paper>
  );
}

function SmsOffer({ item, onClose }: { item: Item; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [text, setText] = useState(() => (item.topOffer
    ? t('slipping.template', { name: item.customer.displayName, offer: offerName(fmt, item.topOffer, item.topOffer.item).text })
    : t('slipping.templateNoOffer', { name: item.customer.displayName })));
  const send = useMutation({
    mutationFn: () => api.post(`/customers/${item.customer.id}/messages`, { channel: 'sms', text }),
    onSuccess: () => { notifications.show({ color: 'teal', message: t('slipping.smsQueued') }); onClose(); },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });
  const parts = smsParts(text);
  return (
    <Stack gap="sm">
      <Textarea label={t('slipping.smsText')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={3} dir="auto" data-testid="slipping-sms-text" />
      <Text size="xs" c="dimmed">{t('slipping.parts', { parts: t('smsSize.parts', { n: fmt.number(parts.parts), count: parts.parts }), chars: t('smsSize.chars', { n: fmt.number(parts.chars), count: parts.chars }) })}</Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
        <Button onClick={() => send.mutate()} loading={send.isPending} disabled={!text.trim()} data-testid="slipping-sms-send">{t('slipping.send')}</Button>
      </Group>
    </Stack>
  );
}

export function SlippingPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const [top, setTop] = useState('0.2');
  const [page, setPage] = useState(1);
  const [sms, setSms] = useState<Item | null>(null);
  const list = useQuery({
    queryKey: ['insights', 'slipping', top, page],
    queryFn: () => api.get<Page>('/insights/slipping', { top, limit: PAGE, offset: (page - 1) * PAGE }),
  });
  return (
    <Stack gap="md" data-testid="slipping-page">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <div style={{ maxWidth: 720 }}>
          <Title order={1} size="h3">{t('slipping.title')}</Title>
          <Text size="sm" c="dimmed">{t('slipping.intro')}</Text>
        </div>
        <Button component={Link} to="/insights/model" variant="light" size="xs" leftSection={<IconChartDots size={16} />} data-testid="slipping-model-link">{t('modelFit.link')}</Button>
      </Group>
      <Group gap="xs" wrap="wrap">
        <Text size="sm">{t('slipping.share')}</Text>
        <SegmentedControl size="xs" value={top} onChange={(v) => { setTop(v); setPage(1); }} data-testid="slipping-share"
          data={SHARES.map((s) => ({ value: s, label: `${fmt.number(Math.round(Number(s) * 100))}${fmt.locale === 'fa' ? '٪' : '%'}` }))} />
        {list.data?.clvFloor != null && <Text size="xs" c="dimmed">{t('slipping.floor', { clv: money.format(String(Math.round(list.data.clvFloor))) })}</Text>}
      </Group>
      {list.isPending ? <LoadingState /> : list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : list.data.items.length === 0 ? (
        <EmptyState title={t('slipping.none')} hint={t('slipping.noneHint')} />
      ) : (
        <>
          <Text size="sm" data-testid="slipping-total">{t('slipping.total', { count: list.data.total, n: fmt.number(list.data.total) })}</Text>
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="sm">
            {list.data.items.map((item) => <SlippingCard key={item.customer.id} item={item} onSms={setSms} />)}
          </SimpleGrid>
          {list.data.total > PAGE && <Pagination value={page} onChange={setPage} total={Math.ceil(list.data.total / PAGE)} size="sm" />}
        </>
      )}
      <Modal opened={sms !== null} onClose={() => setSms(null)} title={sms ? t('slipping.smsTitle', { name: sms.customer.displayName }) : ''}>
        {sms && <SmsOffer item={sms} onClose={() => setSms(null)} />}
      </Modal>
    </Stack>
  );
}
