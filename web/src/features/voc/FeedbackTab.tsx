/**
 * The feedback inbox: what customers said on any channel, filtered by topic, channel, sentiment and words, each with
 * its channel, sentiment, topics (changed in place), customer and survey score; "add feedback" for what staff heard on
 * a call, a visit or social media; the topic trend by Jalali month; and, for admins, the topics and their keywords.
 */
import { useState } from 'react';
import {
  Anchor, Badge, Box, Button, Group, Modal, Pagination, Paper, Select, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput, Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { CustomerPicker, type PickedCustomer } from '../../components/CustomerPicker';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { EmptyState, QueryStates } from '../../components/States';
import { apiFieldErrors, errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { ProductPicker } from '../products/ProductPicker';
import { useSession } from '../session/session';
import { TopicsAdmin } from './TopicsAdmin';
import { TopicTrendTable } from './TopicTrendTable';
import {
  FEEDBACK_CHANNELS, SCALE, SENTIMENT_COLOR, SENTIMENTS, useFeedback, useRefreshVoc, useTopics, type FeedbackItem, type Sentiment,
} from './voc.api';

const PAGE_SIZE = 20;

export function FeedbackTab() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const topic = params.get('topic') ?? undefined;
  const channel = params.get('channel') ?? undefined;
  const sentiment = params.get('sentiment') ?? undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [text, setText] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(text.trim(), 300);
  const set = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) if (v) p.set(k, v); else p.delete(k);
    if (!('page' in next)) p.delete('page');
    setParams(p, { replace: true });
  };
  const list = useFeedback({ topic, channel, sentiment, q: q || undefined, page, pageSize: PAGE_SIZE });
  const topics = useTopics();
  const [adding, setAdding] = useState(false);
  const items = list.data?.items ?? [];
  const topicNames = (topics.data?.items ?? []).map((x) => x.name);

  return (
    <Stack gap="md" data-testid="voc-feedback">
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h5">{t('voc.feedback.title')}</Title>
          {can('feedback', 'create') && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)} data-testid="voc-add-feedback">{t('voc.feedback.add')}</Button>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm" mb="sm">
          <TextInput label={t('voc.feedback.search')} placeholder={t('voc.feedback.searchPlaceholder')} value={text} data-testid="voc-feedback-q"
            onChange={(e) => { setText(e.currentTarget.value); if (page !== 1) set({ page: null }); }} />
          <Select label={t('voc.feedback.topic')} placeholder={t('voc.feedback.any')} clearable searchable value={topic ?? null} onChange={(v) => set({ topic: v })}
            data={topicNames} comboboxProps={{ withinPortal: true }} data-testid="voc-filter-topic" />
          <Select label={t('voc.feedback.channel')} placeholder={t('voc.feedback.any')} clearable value={channel ?? null} onChange={(v) => set({ channel: v })}
            data={FEEDBACK_CHANNELS.map((c) => ({ value: c, label: t(`voc.channel.${c}`) }))} comboboxProps={{ withinPortal: true }} data-testid="voc-filter-channel" />
          <Select label={t('voc.feedback.sentiment')} placeholder={t('voc.feedback.any')} clearable value={sentiment ?? null} onChange={(v) => set({ sentiment: v })}
            data={SENTIMENTS.map((s) => ({ value: s, label: t(`voc.sentiment.${s}`) }))} comboboxProps={{ withinPortal: true }} data-testid="voc-filter-sentiment" />
        </SimpleGrid>
        <QueryStates query={list} isEmpty={items.length === 0} empty={<EmptyState title={t('voc.feedback.none')} hint={t('voc.feedback.noneHint')} />} />
        <Stack gap="xs">
          {items.map((f) => <FeedbackCard key={f.id} item={f} topicNames={topicNames} />)}
        </Stack>
        {list.data && list.data.total > PAGE_SIZE && (
          <Group justify="center" mt="sm">
            <Pagination total={Math.ceil(list.data.total / PAGE_SIZE)} value={page} onChange={(p) => set({ page: String(p) })} />
          </Group>
        )}
      </Paper>
      <TopicTrendTable />
      {can('settings', 'update') && <TopicsAdmin />}
      <AddFeedbackModal opened={adding} onClose={() => setAdding(false)} topicNames={topicNames} />
    </Stack>
  );
}

function FeedbackCard({ item, topicNames }: { item: FeedbackItem; topicNames: string[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const refresh = useRefreshVoc();
  const [saving, setSaving] = useState(false);
  const color = item.sentiment ? SENTIMENT_COLOR[item.sentiment] : 'gray';

  async function saveTopics(next: string[]) {
    setSaving(true);
    try {
      await api.patch(`/feedback/${item.id}`, { topics: next });
      await refresh();
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(t, err) });
    } finally {
      setSaving(false);
    }
  }

  const scale = item.metric ? SCALE[item.metric] : null;
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="voc-feedback-item"
      style={{ borderInlineStart: `4px solid var(--mantine-color-${color}-5)` }} data-sentiment={item.sentiment ?? 'none'}>
      <Group justify="space-between" gap="xs" mb={4} wrap="wrap">
        <Group gap="xs">
          <Badge variant="light" color="indigo" size="sm" data-testid="voc-feedback-channel">{t(`voc.channel.${item.channel}`, { defaultValue: item.channel })}</Badge>
          {item.sentiment && <Badge variant="dot" color={color} size="sm">{t(`voc.sentiment.${item.sentiment}`)}</Badge>}
          {item.score !== null && scale && (
            <Badge variant="outline" color="gray" size="sm">{t('voc.feedback.score', { metric: t(`voc.metric.${item.metric}`), score: fmt.number(item.score), max: fmt.number(scale.max) })}</Badge>
          )}
          {item.customerId
            ? <Anchor component={Link} to={`/customers/${item.customerId}`} size="sm" dir="auto">{item.customerName ?? t('voc.unnamed')}</Anchor>
            : <Text size="sm" c="dimmed">{t('voc.feedback.noCustomer')}</Text>}
          {item.productName && <Text size="xs" c="dimmed" dir="auto">· {item.productName}</Text>}
          {item.ticketId && <Anchor component={Link} to={`/tickets/${item.ticketId}`} size="xs">{t('voc.loops.source.ticket')}</Anchor>}
        </Group>
        <Text size="xs" c="dimmed">{fmt.dateTime(item.createdAt)}</Text>
      </Group>
      <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="voc-feedback-text">{item.text}</Text>
      <Box mt={6}>
        {can('feedback', 'update') ? (
          <TagsInput
            size="xs" aria-label={t('voc.feedback.topics')} placeholder={item.topics.length ? undefined : t('voc.feedback.addTopic')}
            value={item.topics} data={topicNames} onChange={(v) => void saveTopics(v)} disabled={saving}
            clearable={false} comboboxProps={{ withinPortal: true }} data-testid="voc-feedback-topics"
          />
        ) : (
          <Group gap={4}>{item.topics.map((x) => <Badge key={x} size="sm" variant="light">{x}</Badge>)}</Group>
        )}
      </Box>
    </Paper>
  );
}

function AddFeedbackModal({ opened, onClose, topicNames }: { opened: boolean; onClose: () => void; topicNames: string[] }) {
  const { t } = useTranslation();
  const refresh = useRefreshVoc();
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const [product, setProduct] = useState<{ id: string; label: string } | null>(null);
  const [channel, setChannel] = useState<string>('call');
  const [text, setText] = useState('');
  const [sentiment, setSentiment] = useState<Sentiment | null>(null);
  const [topics, setTopics] = useState<string[]>([]);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reset = () => { setCustomer(null); setProduct(null); setChannel('call'); setText(''); setSentiment(null); setTopics([]); setFieldErrors({}); setError(null); };
  const close = () => { reset(); onClose(); };

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!text.trim()) { setFieldErrors({ text: t('fieldErrors.required') }); return; }
    setBusy(true);
    setError(null);
    try {
      const saved = await api.post<FeedbackItem>('/feedback', {
        customerId: customer?.id ?? null, productId: product?.id ?? null, channel, text: text.trim(), sentiment, topics,
      });
      const auto = saved.topics.filter((x) => !topics.includes(x));
      notifications.show({ color: 'teal', message: auto.length ? t('voc.feedback.addedWithTopics', { topics: auto.join('، ') }) : t('voc.feedback.added') });
      await refresh();
      close();
    } catch (err) {
      const fields = apiFieldErrors(t, err);
      setFieldErrors(fields);
      if (!Object.keys(fields).length) setError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={close} title={t('voc.feedback.addTitle')} size="lg" centered>
      <form onSubmit={submit} noValidate data-testid="voc-feedback-form">
        <Stack gap="sm">
          <FormErrorAlert error={error} />
          <Text size="xs" c="dimmed">{t('voc.feedback.addHint')}</Text>
          <CustomerPicker required={false} value={customer} onChange={setCustomer} label={t('voc.feedback.customer')} placeholder={t('voc.feedback.customerPlaceholder')}
            error={fieldErrors.customerId} testId="voc-feedback-customer" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select label={t('voc.feedback.channel')} required value={channel} onChange={(v) => v && setChannel(v)} allowDeselect={false}
              data={FEEDBACK_CHANNELS.filter((c) => c !== 'survey').map((c) => ({ value: c, label: t(`voc.channel.${c}`) }))}
              comboboxProps={{ withinPortal: true }} data-testid="voc-feedback-channel-input" error={fieldErrors.channel} />
            <Select label={t('voc.feedback.sentiment')} placeholder={t('voc.feedback.unknown')} clearable value={sentiment} onChange={(v) => setSentiment(v as Sentiment | null)}
              data={SENTIMENTS.map((s) => ({ value: s, label: t(`voc.sentiment.${s}`) }))} comboboxProps={{ withinPortal: true }} data-testid="voc-feedback-sentiment-input" />
          </SimpleGrid>
          <Textarea label={t('voc.feedback.text')} required autosize minRows={3} maxLength={5000} dir="auto" value={text}
            onChange={(e) => { setText(e.currentTarget.value); setFieldErrors((f) => ({ ...f, text: '' })); }} error={fieldErrors.text || undefined} data-testid="voc-feedback-text-input" />
          <TagsInput label={t('voc.feedback.topics')} description={t('voc.feedback.topicsHint')} value={topics} onChange={setTopics} data={topicNames}
            comboboxProps={{ withinPortal: true }} data-testid="voc-feedback-topics-input" />
          <ProductPicker value={product} onPick={(p) => setProduct(p ? { id: p.id, label: p.nameFa } : null)} label={t('voc.feedback.product')} testId="voc-feedback-product" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="voc-feedback-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
