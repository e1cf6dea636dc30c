/**
 * /voc — the voice of the customer: the figures (NPS, CSAT, CES), the closed loop of unhappy answers, and the
 * feedback inbox. The tab lives in the URL (?tab=figures|loops|feedback), and so does each tab's own state.
 */
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { IconChartBar, IconInbox, IconRefreshDot } from '@tabler/icons-react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/States';
import { useSession } from '../session/session';
import { FeedbackTab } from './FeedbackTab';
import { FiguresTab } from './FiguresTab';
import { LoopsTab } from './LoopsTab';

const TABS = ['figures', 'loops', 'feedback'] as const;
type Tab = (typeof TABS)[number];

export function VocPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const allowed: Tab[] = TABS.filter((x) => (x === 'feedback' ? can('feedback', 'read') : can('surveys', 'read')));
  const asked = params.get('tab') as Tab | null;
  const tab: Tab | undefined = asked && allowed.includes(asked) ? asked : allowed[0];
  if (!tab) return <EmptyState title={t('voc.forbidden')} />;
  const icons = { figures: IconChartBar, loops: IconRefreshDot, feedback: IconInbox };

  return (
    <Stack gap="md" data-testid="voc-page">
      <Stack gap={2}>
        <Title order={1} size="h3">{t('voc.title')}</Title>
        <Text size="sm" c="dimmed">{t('voc.subtitle')}</Text>
      </Stack>
      {/* A new tab starts from its own defaults: the other tabs' filters are left behind. */}
      <Tabs value={tab} onChange={(v) => v && setParams({ tab: v })} keepMounted={false}>
        <Tabs.List>
          {allowed.map((x) => {
            const Icon = icons[x];
            return <Tabs.Tab key={x} value={x} leftSection={<Icon size={16} />} data-testid={`voc-tab-${x}`}>{t(`voc.tabs.${x}`)}</Tabs.Tab>;
          })}
        </Tabs.List>
        {allowed.map((x) => (
          <Tabs.Panel key={x} value={x} pt="md">
            {x === 'figures' ? <FiguresTab /> : x === 'loops' ? <LoopsTab /> : <FeedbackTab />}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
