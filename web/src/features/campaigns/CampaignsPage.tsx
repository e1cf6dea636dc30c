/**
 * «کمپین‌ها»: write a personal SMS or email for a saved segment, see who it would reach (consent and an address) and
 * what a few of them would get, keep a random hold-out, optionally test two variants, send, and watch the results:
 * sent, delivered, opened, clicked, unsubscribed, the A/B scores, and the purchases of the recipients against the
 * hold-out's, with the lift and its 95% interval.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Grid, Group, NavLink, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { ErrorState, LoadingState } from '../../components/States';
import { useSession } from '../session/session';
import { CampaignForm, NEW_DRAFT, draftBody, type Draft } from './CampaignForm';
import { TestSend, useTehranTime } from './TestSend';
import type { campaignPreview, campaignResults, campaignView } from '../../../../common/campaigns.schemas';
import type { segmentView } from '../../../../common/segments.schemas';

type Campaign = Answer<typeof campaignView>;
type Preview = Answer<typeof campaignPreview>;
type Results = Answer<typeof campaignResults>;
type Segment = Answer<typeof segmentView>;
const STATUS_COLOR: Record<string, string> = { draft: 'gray', scheduled: 'blue', sending: 'teal', paused: 'yellow', sent: 'green', cancelled: 'red' };

export function CampaignsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const tehran = useTehranTime();
  const qc = useQueryClient();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const openId = params.get('campaign');
  const list = useQuery({ queryKey: ['campaigns'], queryFn: () => api.get<{ items: Campaign[] }>('/campaigns'), refetchInterval: 5000 });
  const segs = useQuery({ queryKey: ['segments'], queryFn: () => api.get<{ items: Segment[] }>('/segments') });
  const [draft, setDraft] = useState<Draft>(NEW_DRAFT);
  const open = list.data?.items.find((c) => c.id === openId) ?? null;
  const preview = useQuery({ queryKey: ['campaigns', openId, 'preview'], enabled: Boolean(open && open.status === 'draft'), queryFn: () => api.get<Preview>(`/campaigns/${openId}/preview`) });
  const results = useQuery({ queryKey: ['campaigns', openId, 'results'], enabled: Boolean(open && open.status !== 'draft'), queryFn: () => api.get<Results>(`/campaigns/${openId}/results`), refetchInterval: 5000 });
  const refresh = () => qc.invalidateQueries({ queryKey: ['campaigns'] });
  const fail = (err: unknown) => notifications.show({ color: 'red', message: errorMessage(t, err) });
  const create = useMutation({
    mutationFn: () => api.post<Campaign>('/campaigns', draftBody(draft)),
    onSuccess: (c) => { void refresh(); setDraft(NEW_DRAFT); setParams({ campaign: c.id }); }, onError: fail,
  });
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'send' | 'pause' | 'resume' | 'cancel' }) => api.post<Campaign>(`/campaigns/${id}/${action}`),
    onSuccess: () => void refresh(), onError: fail,
  });
  if (list.isPending || segs.isPending) return <LoadingState />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (segs.isError) return <ErrorState error={segs.error} onRetry={() => void segs.refetch()} />;
  const mayEdit = can('customers', 'update');
  return (
    <Stack gap="md" data-testid="campaigns-page">
      <Group justify="space-between">
        <div><Title order={1} size="h3">{t('campaigns.title')}</Title><Text size="sm" c="dimmed">{t('campaigns.intro')}</Text></div>
        {mayEdit && <Button variant="default" onClick={() => setParams({})}>{t('campaigns.new')}</Button>}
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Paper withBorder radius="md" p="xs">
            {list.data.items.length === 0 && <Text size="sm" c="dimmed">{t('campaigns.none')}</Text>}
            {list.data.items.map((c) => (
              <NavLink key={c.id} active={c.id === openId} onClick={() => setParams({ campaign: c.id })} data-testid="campaign-item" label={<bdi>{c.name}</bdi>}
                description={<Stack gap={2} align="flex-start"><Badge size="xs" variant="light" color={STATUS_COLOR[c.status]}>{t(`campaigns.status.${c.status}`)}</Badge>
                  {c.scheduledAt && ['draft', 'scheduled', 'paused'].includes(c.status) && <Text size="xs" c="dimmed" data-testid="campaign-scheduled-for">{t('campaigns.scheduledFor', { at: tehran(c.scheduledAt) })}</Text>}</Stack>} />
            ))}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          {!open && mayEdit && (
            <CampaignForm draft={draft} setDraft={setDraft} segments={segs.data.items.map((s) => ({ value: s.id, label: s.name }))} onCreate={() => create.mutate()} creating={create.isPending} />
          )}
          {open && (
            <Stack gap="sm">
              <Paper withBorder radius="md" p="md">
                <Group justify="space-between">
                  <div><Title order={2} size="h4"><bdi>{open.name}</bdi> <Badge size="sm" variant="outline">{t(`campaigns.channel.${open.channel}`)}</Badge></Title><Text size="sm" c="dimmed">{t('campaigns.to', { segment: open.segmentName ?? '—' })}</Text></div>
                  <Badge size="lg" variant="light" color={STATUS_COLOR[open.status]} data-testid="campaign-status">{t(`campaigns.status.${open.status}`)}</Badge>
                </Group>
                <Paper bg="var(--mantine-color-gray-0)" p="sm" mt="sm" radius="sm">
                  {open.subject && <Text size="sm" fw={700} dir={textDir(open.subject)}>{open.subject}</Text>}
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} dir={textDir(open.body)}>{open.body}</Text>
                  {open.emailBody && <><Text size="xs" c="dimmed" mt="xs">{t('campaigns.emailBody')}</Text><Text size="sm" style={{ whiteSpace: 'pre-wrap' }} dir={textDir(open.emailBody)}>{open.emailBody}</Text></>}
                  {(open.bodyEn || open.emailBodyEn) && <div dir="ltr">
                    <Text size="xs" c="dimmed" mt="xs">{t('campaigns.englishShort')}</Text>
                    {open.subjectEn && <Text size="sm" fw={700}>{open.subjectEn}</Text>}
                    {open.bodyEn && <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{open.bodyEn}</Text>}
                    {open.emailBodyEn && <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{open.emailBodyEn}</Text>}
                  </div>}
                  {open.offerText && <Text size="xs" c="dimmed" mt="xs">{t('campaigns.offerText')}: <bdi>{open.offerText}</bdi>{open.offerTextEn && <> · <bdi dir="ltr">{open.offerTextEn}</bdi></>}</Text>}
                </Paper>
                {open.scheduledAt && <Text size="sm" mt={4} data-testid="campaign-schedule-line">{t('campaigns.scheduledFor', { at: tehran(open.scheduledAt) })}</Text>}
                {open.bodyB && <Paper bg="var(--mantine-color-blue-0)" p="sm" mt="xs" radius="sm">
                  <Text size="xs" c="dimmed">{t('campaigns.variant', { v: 'B' })}</Text>
                  {open.subjectB && <Text size="sm" fw={700} dir={textDir(open.subjectB)}>{open.subjectB}</Text>}
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} dir={textDir(open.bodyB)}>{open.bodyB}</Text>
                </Paper>}
                {open.linkUrl && <Text size="xs" c="dimmed" mt={4}>{t('campaigns.linkUrl')}: <bdi dir="ltr" style={{ wordBreak: 'break-all' }}>{open.linkUrl}</bdi></Text>}
                {mayEdit && (
                  <Group mt="sm">
                    {open.status === 'draft' && <Button onClick={() => { if (window.confirm(t('campaigns.confirmSend'))) act.mutate({ id: open.id, action: 'send' }); }} data-testid="campaign-send">{t('campaigns.send')}</Button>}
                    {(open.status === 'sending' || open.status === 'scheduled') && <Button variant="default" onClick={() => act.mutate({ id: open.id, action: 'pause' })}>{t('campaigns.pause')}</Button>}
                    {open.status === 'paused' && <Button variant="default" onClick={() => act.mutate({ id: open.id, action: 'resume' })}>{t('campaigns.resume')}</Button>}
                    {['draft', 'scheduled', 'sending', 'paused'].includes(open.status) && <Button variant="subtle" color="red" onClick={() => act.mutate({ id: open.id, action: 'cancel' })}>{t('campaigns.cancel')}</Button>}
                  </Group>
                )}
                {mayEdit && <TestSend campaignId={open.id} channel={open.channel} />}
              </Paper>
              {open.status === 'draft' && preview.data && (
                <Paper withBorder radius="md" p="md" data-testid="campaign-preview">
                  <SimpleGrid cols={{ base: 2, sm: 4 }} mb="sm">
                    <Stat label={t('campaigns.inSegment')} value={f.number(preview.data.inSegment)} />
                    <Stat label={t(open.channel === 'email' ? 'campaigns.emailEligible' : open.channel === 'preferred' ? 'campaigns.preferredEligible' : 'campaigns.eligible')} value={f.number(preview.data.eligible)} />
                    <Stat label={t('campaigns.recipients')} value={f.number(preview.data.recipients)} testId="campaign-recipients" />
                    <Stat label={t('campaigns.holdoutN')} value={f.number(preview.data.holdout)} />
                  </SimpleGrid>
                  {open.channel === 'preferred' && <Text size="sm" mb="sm" data-testid="campaign-by-channel">{t('campaigns.byChannel', { sms: f.number(preview.data.byChannel.sms), email: f.number(preview.data.byChannel.email) })}</Text>}
                  <Table.ScrollContainer minWidth={420}>
                    <Table verticalSpacing={4}><Table.Tbody>
                      {preview.data.samples.map((s) => (
                        <Table.Tr key={s.customerId} data-testid="campaign-sample"><Table.Td><bdi>{s.name}</bdi><Group gap={4} mt={2}>
                          <Badge size="xs" variant="light">{t(`campaigns.channel.${s.channel}`)}</Badge>
                          <Badge size="xs" variant="outline" color={s.language === 'en' ? 'grape' : 'gray'} data-testid="campaign-sample-lang">{t(`campaigns.language.${s.language}`)}</Badge></Group></Table.Td><Table.Td>{s.subject && <Text size="sm" fw={700} dir={textDir(s.subject)}>{s.subject}</Text>}<Text size="sm" dir={textDir(s.text)} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{s.text}</Text></Table.Td></Table.Tr>
                      ))}
                    </Table.Tbody></Table>
                  </Table.ScrollContainer>
                </Paper>
              )}
              {open.status !== 'draft' && results.data && <ResultsCard r={results.data} remaining={open.remaining} />}
              {preview.isError && <Alert color="red">{errorMessage(t, preview.error)}</Alert>}
            </Stack>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** A message's direction by its script: a text that starts with a {placeholder} would read as left-to-right with dir="auto". */
const textDir = (text: string) => (/[\u0600-\u06FF]/.test(text) ? 'rtl' : 'ltr');

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return <div><Text size="xs" c="dimmed">{label}</Text><Text fw={700} size="lg" data-testid={testId}>{value}</Text></div>;
}

/**
 * Progress: sent (the gateway took it), failed, and remaining — recipients not yet queued (pending, or waiting for the
 * A/B winner) plus messages queued in the outbox but not yet through the gateway. Skipped recipients (opted out) are
 * in none of them.
 */
function SendProgress({ r, remaining }: { r: Results; remaining: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const left = remaining + Math.max(0, r.queued - r.sent - r.failed);
  const total = r.sent + r.failed + left;
  const share = (n: number) => (total ? (100 * n) / total : 0);
  return (
    <div data-testid="campaign-progress">
      <Progress.Root size="lg" mb={4} aria-label={t('campaigns.progressLabel')}>
        <Progress.Section value={share(r.sent)} color="teal" />
        <Progress.Section value={share(r.failed)} color="red" />
      </Progress.Root>
      <Text size="sm" c="dimmed" mb="sm" data-testid="campaign-progress-text">
        {t('campaigns.progress', { sent: f.number(r.sent), failed: f.number(r.failed), remaining: f.number(left) })}
      </Text>
    </div>
  );
}

function ResultsCard({ r, remaining }: { r: Results; remaining: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const pct = (x: number | null) => (x === null ? '—' : `${f.number(Math.round(x * 1000) / 10)}٪`);
  return (
    <Paper withBorder radius="md" p="md" data-testid="campaign-results">
      <SendProgress r={r} remaining={remaining} />
      <SimpleGrid cols={{ base: 2, sm: 4 }} mb="md">
        <Stat label={t('campaigns.queued')} value={f.number(r.queued)} testId="campaign-queued" />
        <Stat label={t('campaigns.delivered')} value={f.number(r.delivered)} />
        <Stat label={t('campaigns.failed')} value={f.number(r.failed)} />
        <Stat label={t('campaigns.optedOut')} value={f.number(r.optedOut)} />
        <Stat label={t('campaigns.opened')} value={f.number(r.opened)} testId="campaign-opened" />
        <Stat label={t('campaigns.clicked')} value={f.number(r.clicked)} testId="campaign-clicked" />
        <Stat label={t('campaigns.unsubscribed')} value={f.number(r.unsubscribed)} testId="campaign-unsubscribed" />
        <Stat label={t('contactPolicy.skip.suppressed')} value={f.number(r.suppressed)} testId="campaign-suppressed" />
        <Stat label={t('contactPolicy.skip.frequency_cap')} value={f.number(r.frequencyCapped)} testId="campaign-frequency-capped" />
      </SimpleGrid>
      {r.byChannel.length > 1 && (
        <SimpleGrid cols={2} mb="md" data-testid="campaign-results-by-channel">
          {r.byChannel.map((c) => <Stat key={c.channel} label={t(`campaigns.channel.${c.channel}`)} value={t('campaigns.channelLine', { queued: f.number(c.queued), sent: f.number(c.sent), failed: f.number(c.failed) })} />)}
        </SimpleGrid>
      )}
      {r.ab && (
        <Paper withBorder radius="sm" p="sm" mb="md" data-testid="campaign-ab-results">
          <Text fw={600} size="sm" mb={4}>{t('campaigns.abTest')} · {t(`campaigns.abRule.${r.ab.rule}`)} · {r.ab.winner ? t('campaigns.winner', { v: r.ab.winner.toUpperCase() }) : t('campaigns.noWinner')}</Text>
          <SimpleGrid cols={2}>
            {r.ab.variants.map((v) => (
              <Stat key={v.variant} label={t('campaigns.variant', { v: v.variant.toUpperCase() })} value={`${pct(v.rate)} (${f.number(r.ab!.rule === 'opens' ? v.opened : v.clicked)}/${f.number(v.queued)})`} />
            ))}
          </SimpleGrid>
        </Paper>
      )}
      <Text fw={600} size="sm" mb={4}>{t('campaigns.conversion', { n: f.number(r.conversion.days), count: r.conversion.days })}</Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stat label={t('campaigns.sentGroup')} value={`${pct(r.conversion.sent.rate)} (${f.number(r.conversion.sent.converted)}/${f.number(r.conversion.sent.customers)})`} />
        <Stat label={t('campaigns.holdoutGroup')} value={`${pct(r.conversion.holdout.rate)} (${f.number(r.conversion.holdout.converted)}/${f.number(r.conversion.holdout.customers)})`} />
        <Stat label={t('campaigns.lift')} value={r.conversion.lift === null ? '—' : `${pct(r.conversion.lift)} [${pct(r.conversion.liftLow)} … ${pct(r.conversion.liftHigh)}]`} />
      </SimpleGrid>
    </Paper>
  );
}
