/**
 * «باشگاه مشتریان»: the club's report (members by tier, points liability, redemption rate, members against
 * non-member buyers) for readers of reports, and the program's settings for those who may change settings.
 */
import { Paper, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import { useFormat } from '../../lib/format';
import { useMoney } from '../../lib/money';
import { ErrorState, LoadingState } from '../../components/States';
import { useSession } from '../session/session';
import { BarList } from '../reports/charts';
import type { loyaltyReport } from '../../../../common/loyalty.schemas';
import { ProgramForm } from './ProgramForm';
import { RewardsCatalog } from './Rewards';

type Report = Answer<typeof loyaltyReport>;

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="lg" fw={700} data-testid={testId}>{value}</Text>
    </Paper>
  );
}

function ReportTab() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const q = useQuery({ queryKey: ['loyalty', 'report'], queryFn: () => api.get<Report>('/loyalty/report') });
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data;
  const pct = (v: number | null) => (v == null ? '—' : `${fmt.number(Math.round(v * 1000) / 10)}${fmt.locale === 'fa' ? '٪' : '%'}`);
  return (
    <Stack gap="md" data-testid="loyalty-report">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Figure label={t('loyalty.report.members')} value={fmt.number(r.members)} testId="report-members" />
        <Figure label={t('loyalty.report.outstanding')} value={fmt.number(r.outstandingPoints)} testId="report-outstanding" />
        <Figure label={t('loyalty.report.liability')} value={money.format(r.liabilityRials)} testId="report-liability" />
        <Figure label={t('loyalty.report.redemptionRate')} value={pct(r.redemptionRate)} testId="report-rate" />
      </SimpleGrid>
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h5" mb="sm">{t('loyalty.report.byTier')}</Title>
        <BarList testId="report-tiers" rows={r.byTier.map((x) => ({
          key: x.tier ?? '-', label: i18n.language === 'fa' ? x.nameFa : x.nameEn,
          bars: [{ key: 'm', color: 'grape.5', value: BigInt(x.members) }], value: <Text size="sm" fw={600}>{fmt.number(x.members)}</Text>,
        }))} />
        <Text size="xs" c="dimmed" mt="sm">
          {t('loyalty.report.earned')}: {fmt.number(r.earnedPoints)} · {t('loyalty.report.redeemed')}: {fmt.number(r.redeemedPoints)} · {t('loyalty.report.expired')}: {fmt.number(r.expiredPoints)}
        </Text>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h5" mb="sm">{t('loyalty.report.compare')}</Title>
        <Table.ScrollContainer minWidth={0}>
          <Table data-testid="report-compare">
            <Table.Thead><Table.Tr>
              <Table.Th>{t('loyalty.report.group')}</Table.Th><Table.Th>{t('loyalty.report.customers')}</Table.Th>
              <Table.Th>{t('loyalty.report.repeat')}</Table.Th><Table.Th>{t('loyalty.report.avgSpend')}</Table.Th>
            </Table.Tr></Table.Thead>
            <Table.Tbody>
              {([['membersRow', r.comparison.members], ['nonMembersRow', r.comparison.nonMembers]] as const).map(([k, g]) => (
                <Table.Tr key={k}>
                  <Table.Td>{t(`loyalty.report.${k}`)}</Table.Td><Table.Td>{fmt.number(g.customers)}</Table.Td>
                  <Table.Td>{pct(g.repeatRate)}</Table.Td><Table.Td>{money.format(g.avgSpend)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}

export function LoyaltyPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const showReport = can('reports', 'read');
  const showProgram = can('settings', 'read');
  return (
    <Stack gap="md" data-testid="loyalty-page">
      <div>
        <Title order={1} size="h3">{t('loyalty.title')}</Title>
        <Text size="sm" c="dimmed">{t('loyalty.intro')}</Text>
      </div>
      <Tabs defaultValue={showReport ? 'report' : 'program'} keepMounted={false}>
        <Tabs.List>
          {showReport && <Tabs.Tab value="report" data-testid="tab-report">{t('loyalty.tabs.report')}</Tabs.Tab>}
          {showProgram && <Tabs.Tab value="program" data-testid="tab-program">{t('loyalty.tabs.program')}</Tabs.Tab>}
          {showProgram && <Tabs.Tab value="rewards" data-testid="tab-rewards">{t('loyalty.tabs.rewards')}</Tabs.Tab>}
        </Tabs.List>
        {showReport && <Tabs.Panel value="report" pt="md"><ReportTab /></Tabs.Panel>}
        {showProgram && <Tabs.Panel value="program" pt="md"><ProgramForm editable={can('settings', 'update')} /></Tabs.Panel>}
        {showProgram && <Tabs.Panel value="rewards" pt="md"><RewardsCatalog editable={can('settings', 'update')} /></Tabs.Panel>}
      </Tabs>
    </Stack>
  );
}
