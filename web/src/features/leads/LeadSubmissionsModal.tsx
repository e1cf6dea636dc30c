/** What one lead form received, newest first: when, new or updated customer (linked), what was typed, which consents. */
import { Anchor, Badge, Modal, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import { useFormat } from '../../lib/format';
import { ErrorState, LoadingState } from '../../components/States';
import type { leadSubmissionPage } from '../../../../common/leads.schemas';

type Page = Answer<typeof leadSubmissionPage>;

export function LeadSubmissionsModal({ form, onClose }: { form: { id: string; name: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQuery({ queryKey: ['lead-forms', form.id, 'submissions'], queryFn: () => api.get<Page>(`/lead-forms/${form.id}/submissions`, { pageSize: 100 }) });
  return (
    <Modal opened onClose={onClose} size="xl" title={t('leads.submissionsOf', { name: form.name })}>
      {q.isPending ? <LoadingState /> : q.isError ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : q.data.items.length === 0 ? <Text c="dimmed" size="sm">{t('leads.noSubmissions')}</Text> : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="xs" data-testid="lead-submissions">
            <Table.Thead><Table.Tr><Table.Th>{t('leads.at')}</Table.Th><Table.Th>{t('leads.customer')}</Table.Th><Table.Th>{t('leads.values')}</Table.Th><Table.Th>{t('leads.consentsCol')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {q.data.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td><Text size="xs">{f.dateTime(s.at)}</Text></Table.Td>
                  <Table.Td>{s.customerId ? <Anchor component={Link} to={`/customers/${s.customerId}`} size="sm">{t(`leads.outcome.${s.outcome}`)}</Anchor> : <Text size="sm">{t(`leads.outcome.${s.outcome}`)}</Text>}{s.dealId && <Badge size="xs" ms={4} variant="light">{t('leads.deal')}</Badge>}</Table.Td>
                  <Table.Td><Text size="xs" style={{ overflowWrap: 'anywhere' }}>{Object.entries(s.payload).map(([k, v]) => `${k}: ${v}`).join(' · ')}</Text></Table.Td>
                  <Table.Td>{s.consents.map((c) => <Text key={c.channel} size="xs" title={c.text}>{t(`leads.consentGiven.${c.channel}`)}</Text>)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Modal>
  );
}
