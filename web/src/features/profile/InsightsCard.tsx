/** The 360° view's customer insights: RFM segment, predictions, churn risk and health with their reasons, top offers. */
import { Alert, Badge, Divider, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useFormat } from '../../lib/format';
import { useMoney } from '../../lib/money';
import { Ltr } from '../../components/Ltr';
import { offerName, offerWhy } from './offer-why';
import { churnReason } from './churn-reason';
import { HealthHistory } from './HealthHistory';
import type { insightsSection } from '../../../../common/insights.schemas';

export type InsightsSection = z.infer<typeof insightsSection>;

/** A labelled figure (the card's and the model page's). */
export function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" fw={700} data-testid={testId}>{value}</Text>
    </div>
  );
}

/** The offered product by name (the code, left to right, when no product answers to it any more). */
export function OfferName({ fmt, offer }: { fmt: ReturnType<typeof useFormat>; offer: NonNullable<InsightsSection['scores']>['offers'][number] }) {
  const n = offerName(fmt, offer, offer.item);
  return n.isCode ? <Ltr>{n.text}</Ltr> : <bdi>{n.text}</bdi>;
}

const riskColor = (v: number) => (v >= 70 ? 'red' : v >= 40 ? 'orange' : 'teal');
const healthColor = (v: number) => (v >= 70 ? 'teal' : v >= 40 ? 'orange' : 'red');

/** On the 360° view, and in the call pop-up (`compact`: no frame of its own, the pop-up is the frame). */
export function InsightsCard({ section, compact }: { section: InsightsSection | undefined; compact?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  if (!section) return null;
  const s = section.scores;
  const pct = (v: number) => `${fmt.number(Math.round(v * 100))}${fmt.locale === 'fa' ? '٪' : '%'}`;
  const dec = (v: number) => fmt.number(Math.round(v * 10) / 10);
  return (
    <Paper withBorder={!compact} p={compact ? 0 : 'md'} radius="md" mt={compact ? 0 : 'md'} data-testid="insights-card">
      <Group justify="space-between" mb="xs" wrap="nowrap" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Title order={2} size={compact ? 'h6' : 'h5'}>{t('insights.title')}</Title>
          {s?.model && <Text size="xs" c="dimmed" data-testid="insights-model">{t(`insights.modelName.${s.model}`)}</Text>}
        </div>
        {s && <Badge variant="light" style={{ flexShrink: 0 }} data-testid="insights-segment">{t(`insights.segment.${s.rfm.segment}`)}</Badge>}
      </Group>
      {!s ? <Text size="sm" c="dimmed">{t('insights.none')}</Text> : (
        <>
          {s.model === 'rules' && (
            <Alert variant="light" color="yellow" p="xs" mb="sm" icon={<IconInfoCircle size={18} />} data-testid="insights-fallback">
              <Text size="xs">{t('insights.fallback')}</Text>
            </Alert>
          )}
          <SimpleGrid cols={2} spacing="xs" verticalSpacing="xs">
            <Figure label={t('insights.expected90')} value={dec(s.expectedPurchases90)} testId="insights-expected" />
            <Figure label={t('insights.nextPurchase')} value={s.expectedNextPurchase ? fmt.date(s.expectedNextPurchase) : '—'} testId="insights-next" />
            <Figure label={t('insights.pAlive')} value={pct(s.pAlive)} testId="insights-palive" />
            <Figure label={t('insights.clv')} value={money.format(String(Math.round(s.clv)))} testId="insights-clv" />
          </SimpleGrid>
          <Divider my="sm" />
          <Stack gap={4}>
            <Group justify="space-between"><Text size="sm" fw={600}>{t('insights.churnRisk')}</Text><Text size="sm" fw={700} c={riskColor(s.churnRisk)} data-testid="insights-churn">{fmt.number(s.churnRisk)}</Text></Group>
            <Progress value={s.churnRisk} color={riskColor(s.churnRisk)} size="sm" />
            {s.reasons.churn.slice(0, 3).map((r) => <Text key={r.code} size="xs" c="dimmed">• {churnReason(t, fmt, r)}</Text>)}
            <Group justify="space-between" mt={6}><Text size="sm" fw={600}>{t('insights.health')}</Text><Text size="sm" fw={700} c={healthColor(s.health)} data-testid="insights-health">{fmt.number(s.health)}</Text></Group>
            <Progress value={s.health} color={healthColor(s.health)} size="sm" />
            {s.previous && <Text size="xs" c="dimmed" data-testid="insights-health-was">{t('insights.healthWas', { value: fmt.number(s.previous.health), day: fmt.date(s.previous.day) })}</Text>}
            <Text size="xs" c="dimmed">
              {s.reasons.health.map((p) => `${t(`insights.group.${p.group}`)} ${fmt.number(Math.round(p.points))}/${fmt.number(p.max)}`).join(fmt.locale === 'fa' ? '، ' : ' · ')}
            </Text>
            {!compact && <HealthHistory customerId={s.customerId} computedAt={s.computedAt} />}
          </Stack>
          <Divider my="sm" />
          <Text size="sm" fw={600} mb={4}>{t('insights.offers')}</Text>
          {s.offers.length === 0 ? <Text size="sm" c="dimmed">{t('insights.noOffers')}</Text> : (
            <Stack gap={6} data-testid="insights-offers">
              {s.offers.map((o) => (
                <div key={o.item}>
                  <Text size="sm" data-testid="insights-offer-name" data-item={o.item}><OfferName fmt={fmt} offer={o} /></Text>
                  <Text size="xs" c="dimmed">
                    {offerWhy(t, fmt, o)}
                  </Text>
                </div>
              ))}
            </Stack>
          )}
        </>
      )}
    </Paper>
  );
}
