/**
 * «نظرسنجی‌ها»: every survey with its headline metric, when it asks, by which channel, its status and how many were
 * sent and answered. A row opens the builder; builders add one; senders send an active one; admins tune the VoC rules.
 */
import { useState } from 'react';
import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconAdjustmentsHorizontal, IconPlus, IconSend } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useFormat } from '../../lib/format';
import { useSession } from '../session/session';
import { responseRate, useSurveys, type SurveyListItem } from './surveys.api';
import { MetricBadge, StatusBadge, TriggerText } from './SurveyBadges';
import { SendSurveyModal } from './SendSurveyModal';
import { VocSettingsDrawer } from './VocSettingsDrawer';

export function SurveysPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const navigate = useNavigate();
  const list = useSurveys();
  const [sending, setSending] = useState<SurveyListItem | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const canBuild = can('surveys', 'update');
  const canSend = can('surveys', 'create');

  return (
    <Stack gap="md" data-testid="surveys-page">
      <Group justify="space-between">
        <Title order={1} size="h3">{t('surveys.title')}</Title>
        <Group gap="xs">
          {can('settings', 'update') && (
            <Button variant="default" leftSection={<IconAdjustmentsHorizontal size={16} />} onClick={() => setSettingsOpen(true)} data-testid="voc-settings-open">
              {t('surveys.settings.open')}
            </Button>
          )}
          {canBuild && (
            <Button component={Link} to="/surveys/new" leftSection={<IconPlus size={16} />} data-testid="new-survey">{t('surveys.new')}</Button>
          )}
        </Group>
      </Group>
      <Text c="dimmed" size="sm">{t('surveys.intro')}</Text>

      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && (
        <EmptyState title={t('surveys.empty')} hint={t(canBuild ? 'surveys.emptyHint' : 'surveys.emptyHintRead')} />
      )}
      {list.data && list.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={980}>
          <Table highlightOnHover verticalSpacing="xs" data-testid="surveys-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('surveys.col.name')}</Table.Th>
                <Table.Th>{t('surveys.col.metric')}</Table.Th>
                <Table.Th>{t('surveys.col.trigger')}</Table.Th>
                <Table.Th>{t('surveys.col.channel')}</Table.Th>
                <Table.Th>{t('surveys.col.status')}</Table.Th>
                <Table.Th style={{ textAlign: 'end' }}>{t('surveys.col.sent')}</Table.Th>
                <Table.Th style={{ textAlign: 'end' }}>{t('surveys.col.answered')}</Table.Th>
                <Table.Th style={{ textAlign: 'end' }}>{t('surveys.col.rate')}</Table.Th>
                <Table.Th aria-label={t('common.actions')} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((s) => {
                const rate = responseRate(s.sent, s.responses);
                return (
                  <Table.Tr key={s.id} data-testid="survey-row" style={{ cursor: 'pointer' }} onClick={() => navigate(`/surveys/${s.id}`)}>
                    <Table.Td>
                      <Text component={Link} to={`/surveys/${s.id}`} fw={500} size="sm" onClick={(e) => e.stopPropagation()} data-testid="survey-link">{s.name}</Text>
                    </Table.Td>
                    <Table.Td><MetricBadge metric={s.metric} /></Table.Td>
                    <Table.Td><TriggerText trigger={s.trigger} /></Table.Td>
                    <Table.Td><Text size="sm">{t(`surveys.channel.${s.channel}`)}</Text></Table.Td>
                    <Table.Td><StatusBadge status={s.status} /></Table.Td>
                    <Table.Td style={{ textAlign: 'end' }}>{fmt.number(s.sent)}</Table.Td>
                    <Table.Td style={{ textAlign: 'end' }}>{fmt.number(s.responses)}</Table.Td>
                    <Table.Td style={{ textAlign: 'end' }} data-testid="survey-rate">
                      {rate === null ? <Text span c="dimmed" size="sm">—</Text> : t('surveys.percent', { n: fmt.number(rate) })}
                    </Table.Td>
                    <Table.Td>
                      {canSend && s.status === 'active' && (
                        <Button size="compact-sm" variant="light" leftSection={<IconSend size={14} />} data-testid="survey-send"
                          onClick={(e) => { e.stopPropagation(); setSending(s); }}>
                          {t('surveys.send.button')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {sending && <SendSurveyModal survey={sending} onClose={() => setSending(null)} />}
      <VocSettingsDrawer opened={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </Stack>
  );
}
