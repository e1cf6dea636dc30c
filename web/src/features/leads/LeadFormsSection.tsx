/**
 * Settings → Lead forms (admins and managers): the web-to-lead forms, how many submissions each received, the builder,
 * and the snippet to put on a website (a script, or a plain iframe) with a copy button.
 */
import { useState } from 'react';
import { Anchor, Badge, Button, Code, CopyButton, Group, Modal, Paper, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { ErrorState, LoadingState } from '../../components/States';
import type { leadFormView } from '../../../../common/leads.schemas';
import { emptyLeadForm, LeadFormModal, type LeadFormInput } from './LeadFormModal';
import { LeadSubmissionsModal } from './LeadSubmissionsModal';

type LeadForm = Answer<typeof leadFormView>;
const KEY = ['lead-forms'];

export const embedSnippets = (f: Pick<LeadForm, 'scriptUrl' | 'pageUrl'>) => ({
  script: `<script src="${f.scriptUrl}" async></script>`,
  iframe: `<iframe src="${f.pageUrl}" style="width:100%;max-width:600px;height:560px;border:0" title="form"></iframe>`,
});

export function LeadFormsSection() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: KEY, queryFn: () => api.get<{ items: LeadForm[] }>('/lead-forms') });
  const [editing, setEditing] = useState<{ id?: string; value: LeadFormInput } | null>(null);
  const [embedOf, setEmbedOf] = useState<LeadForm | null>(null);
  const [subsOf, setSubsOf] = useState<LeadForm | null>(null);
  const [error, setError] = useState<string | undefined>();
  const refresh = () => qc.invalidateQueries({ queryKey: KEY });
  const fail = (err: unknown) => notifications.show({ color: 'red', message: errorMessage(t, err) });
  const save = useMutation({
    mutationFn: (x: { id?: string; value: LeadFormInput }) => (x.id ? api.patch<LeadForm>(`/lead-forms/${x.id}`, x.value) : api.post<LeadForm>('/lead-forms', x.value)),
    onSuccess: (f, x) => { setEditing(null); if (!x.id) setEmbedOf(f); void refresh(); },
    onError: (err) => setError(errorMessage(t, err)),
  });
  const toggle = useMutation({ mutationFn: (f: LeadForm) => api.patch<LeadForm>(`/lead-forms/${f.id}`, { active: !f.active }), onSuccess: () => void refresh(), onError: fail });
  const remove = useMutation({ mutationFn: (f: LeadForm) => api.delete(`/lead-forms/${f.id}`), onSuccess: () => void refresh(), onError: fail });

  if (list.isPending) return <LoadingState />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const edit = (f: LeadForm) => {
    const { id, token: _t, submissions: _s, pageUrl: _p, scriptUrl: _u, createdAt: _c, updatedAt: _d, ...value } = f;
    setError(undefined);
    setEditing({ id, value });
  };
  return (
    <Stack gap="md" data-testid="lead-forms-section">
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="sm">
          <div>
            <Title order={2} size="h5">{t('leads.title')}</Title>
            <Text size="sm" c="dimmed">{t('leads.intro')}</Text>
          </div>
          <Button onClick={() => { setError(undefined); setEditing({ value: emptyLeadForm() }); }} data-testid="lead-form-add">{t('leads.add')}</Button>
        </Group>
        {list.data.items.length === 0 ? <Text c="dimmed" size="sm">{t('leads.empty')}</Text> : (
          <Table.ScrollContainer minWidth={600}>
            <Table verticalSpacing="xs">
              <Table.Thead><Table.Tr><Table.Th>{t('leads.name')}</Table.Th><Table.Th>{t('leads.submissions')}</Table.Th><Table.Th>{t('leads.active')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
              <Table.Tbody>
                {list.data.items.map((f) => (
                  <Table.Tr key={f.id} data-testid="lead-form-row">
                    <Table.Td><Text size="sm" fw={600}>{f.name}</Text><Group gap={4}>{f.createDeal && <Badge size="xs" variant="light">{t('leads.deal')}</Badge>}{f.proofOfWork > 0 && <Badge size="xs" variant="light" color="grape">PoW</Badge>}<Badge size="xs" variant="outline">{f.language === 'fa' ? 'RTL' : 'LTR'}</Badge></Group></Table.Td>
                    <Table.Td><Anchor component="button" size="sm" onClick={() => setSubsOf(f)} data-testid="lead-form-count">{f.submissions}</Anchor></Table.Td>
                    <Table.Td><Switch checked={f.active} onChange={() => toggle.mutate(f)} aria-label={t('leads.active')} /></Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button size="xs" variant="light" onClick={() => setEmbedOf(f)} data-testid="lead-form-embed">{t('leads.embed')}</Button>
                        <Button size="xs" variant="default" onClick={() => edit(f)}>{t('common.edit')}</Button>
                        <Button size="xs" variant="subtle" color="red" onClick={() => { if (window.confirm(t('leads.deleteConfirm'))) remove.mutate(f); }}>{t('common.delete')}</Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {editing && <LeadFormModal initial={editing.value} saving={save.isPending} error={error} onClose={() => setEditing(null)} onSave={(value) => save.mutate({ id: editing.id, value })} />}
      {subsOf && <LeadSubmissionsModal form={subsOf} onClose={() => setSubsOf(null)} />}
      {embedOf && (
        <Modal opened onClose={() => setEmbedOf(null)} title={t('leads.embedTitle', { name: embedOf.name })} size="lg">
          <Stack gap="sm">
            {(['script', 'iframe'] as const).map((k) => {
              const code = embedSnippets(embedOf)[k];
              return (
                <Stack key={k} gap={4}>
                  <Group justify="space-between"><Text size="sm" fw={600}>{t(`leads.snippet.${k}`)}</Text>
                    <CopyButton value={code}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy} data-testid={`lead-copy-${k}`}>{copied ? t('leads.copied') : t('leads.copy')}</Button>}</CopyButton></Group>
                  <Code block dir="ltr" data-testid={`lead-snippet-${k}`}>{code}</Code>
                </Stack>
              );
            })}
            <Text size="xs" c="dimmed">{t('leads.embedHint')}</Text>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
