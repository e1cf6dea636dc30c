/**
 * «خودکارسازی‌ها»: ready templates to switch on, the list of automations, the builder (when → if → then) and, for
 * one automation, its summary, an on/off switch, a manual start for chosen customers, and its run log.
 */
import { useState } from 'react';
import { Badge, Button, Card, Grid, Group, NavLink, Paper, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { ErrorState, LoadingState } from '../../components/States';
import { CustomerPicker, type PickedCustomer } from '../../components/CustomerPicker';
import { useSession } from '../session/session';
import type { automationTemplateView, automationView } from '../../../../common/automations.schemas';
import { AutomationBuilder, type Draft } from './AutomationBuilder';
import { RunLog } from './RunLog';
import { textDir } from './ActionEditor';

type Automation = Answer<typeof automationView>;
type Template = Answer<typeof automationTemplateView>;
const NEW: Draft = { name: '', description: '', trigger: { kind: 'event', event: 'lead.submitted' }, conditions: null, actions: [{ kind: 'task', title: '', dueIn: 1, unit: 'days' }], enabled: true, template: null };

export function AutomationsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fa';
  const f = useFormat();
  const qc = useQueryClient();
  const { can } = useSession();
  const mayEdit = can('settings', 'update');
  const [params, setParams] = useSearchParams();
  const openId = params.get('automation');
  const [editing, setEditing] = useState<{ draft: Draft; id: string | null; key: number } | null>(null);
  const list = useQuery({ queryKey: ['automations'], queryFn: () => api.get<{ items: Automation[] }>('/automations'), refetchInterval: 3000 });
  const templates = useQuery({ queryKey: ['automations', 'templates'], queryFn: () => api.get<{ items: Template[] }>('/automations/templates') });
  const refresh = () => qc.invalidateQueries({ queryKey: ['automations'] });
  const fail = (err: unknown) => notifications.show({ color: 'red', message: errorMessage(t, err) });
  const save = useMutation({
    mutationFn: ({ id, draft }: { id: string | null; draft: Draft }) => (id
      ? api.patch<Automation>(`/automations/${id}`, { name: draft.name, description: draft.description, trigger: draft.trigger, conditions: draft.conditions, actions: draft.actions, enabled: draft.enabled })
      : api.post<Automation>('/automations', draft)),
    onSuccess: (a) => { void refresh(); setEditing(null); setParams({ automation: a.id }); notifications.show({ color: 'green', message: t('automations.saved') }); },
    onError: fail,
  });
  const toggle = useMutation({ mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => api.patch<Automation>(`/automations/${id}`, { enabled }), onSuccess: () => void refresh(), onError: fail });
  const remove = useMutation({ mutationFn: (id: string) => api.delete(`/automations/${id}`), onSuccess: () => { void refresh(); setParams({}); }, onError: fail });
  if (list.isPending) return <LoadingState />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const open = list.data.items.find((a) => a.id === openId) ?? null;
  const startNew = (draft: Draft) => { setParams({}); setEditing({ draft, id: null, key: Date.now() }); };
  const quoteNote = (key: string | null | undefined) => (key === 'quote-sms' ? t('automations.quoteNote') : null);
  return (
    <Stack gap="md" data-testid="automations-page">
      <Group justify="space-between">
        <div><Title order={1} size="h3">{t('automations.title')}</Title><Text size="sm" c="dimmed">{t('automations.intro')}</Text></div>
        {mayEdit && <Button variant="default" onClick={() => startNew(NEW)} data-testid="automation-new">{t('automations.new')}</Button>}
      </Group>
      {!mayEdit && <Text size="sm" c="dimmed">{t('automations.manageHint')}</Text>}
      {mayEdit && templates.data && (
        <div>
          <Title order={2} size="h5" mb="xs">{t('automations.templates')}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            {templates.data.items.map((tp) => (
              <Card key={tp.key} withBorder radius="md" p="sm" data-testid={`template-${tp.key}`}>
                <Stack gap={6} h="100%" justify="space-between">
                  <div><Text fw={600} size="sm">{tp.name[lang]}</Text><Text size="xs" c="dimmed">{tp.description[lang]}</Text></div>
                  <Group justify="flex-end"><Button size="xs" variant="light" onClick={() => startNew({ ...tp.definition, name: tp.name[lang] })} data-testid={`use-${tp.key}`}>{t('automations.useTemplate')}</Button></Group>
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
        </div>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Paper withBorder radius="md" p="xs">
            {list.data.items.length === 0 && <Text size="sm" c="dimmed">{t('automations.none')}</Text>}
            {list.data.items.map((a) => (
              <NavLink key={a.id} active={a.id === openId} onClick={() => { setEditing(null); setParams({ automation: a.id }); }} data-testid="automation-item" label={<bdi>{a.name}</bdi>}
                description={<Badge size="xs" variant="light" color={a.enabled ? 'green' : 'gray'}>{a.enabled ? t('automations.enabled') : t('automations.disabled')}</Badge>} />
            ))}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          {editing && (
            <AutomationBuilder key={editing.key} initial={editing.draft} saving={save.isPending} note={quoteNote(editing.draft.template)}
              onSave={(draft) => save.mutate({ id: editing.id, draft })} onCancel={() => setEditing(null)} />
          )}
          {!editing && open && (
            <Stack gap="sm">
              <Paper withBorder radius="md" p="md" data-testid="automation-detail">
                <Group justify="space-between" align="start">
                  <div>
                    <Title order={2} size="h4"><bdi>{open.name}</bdi></Title>
                    <Group gap="md"><Text size="sm" c="dimmed">{t('automations.version', { n: f.number(open.version) })}</Text>
                      <Text size="sm" c="dimmed" data-testid="automation-counts">{t('automations.runCounts', { n: f.number(open.runs.total), count: open.runs.total, active: f.number(open.runs.active), done: f.number(open.runs.done), failed: f.number(open.runs.failed) })}</Text></Group>
                  </div>
                  <Switch label={open.enabled ? t('automations.enabled') : t('automations.disabled')} checked={open.enabled} disabled={!mayEdit}
                    onChange={(e) => toggle.mutate({ id: open.id, enabled: e.currentTarget.checked })} data-testid="automation-toggle" />
                </Group>
                <Stack gap={4} mt="sm">
                  <Text size="sm"><b>{t('automations.when')}:</b> {summary(open, t, f.number)}</Text>
                  {open.conditions && <Text size="sm"><b>{t('automations.if')}:</b> <bdi dir="ltr">{JSON.stringify(open.conditions)}</bdi></Text>}
                  <Text size="sm" fw={700}>{t('automations.then')}:</Text>
                  {open.actions.map((a, i) => (
                    <Text key={i} size="sm" ps="md">{f.number(i + 1)}. {t(`automations.action.${a.kind}`)}{'body' in a && a.kind === 'sms' ? <>: <bdi dir={textDir(a.body)}>{a.body}</bdi></> : null}
                      {a.kind === 'task' ? <>: <bdi>{a.title}</bdi></> : null}{a.kind === 'wait' ? <> {f.number(a.amount)} {t(`automations.unit.${a.unit}`)}</> : null}
                      {(a.kind === 'addTag' || a.kind === 'removeTag') ? <>: <bdi>{a.tag}</bdi></> : null}{a.kind === 'setStage' ? <>: {t(`stage.${a.stage}`)}</> : null}</Text>
                  ))}
                </Stack>
                {mayEdit && (
                  <Group mt="sm" gap="xs">
                    <Button variant="default" size="xs" onClick={() => setEditing({ draft: { name: open.name, description: open.description, trigger: open.trigger, conditions: open.conditions, actions: open.actions, enabled: open.enabled, template: open.template }, id: open.id, key: Date.now() })} data-testid="automation-edit">{t('automations.edit')}</Button>
                    <Button variant="subtle" color="red" size="xs" onClick={() => { if (window.confirm(t('automations.confirmDelete'))) remove.mutate(open.id); }}>{t('automations.delete')}</Button>
                  </Group>
                )}
              </Paper>
              {mayEdit && open.enabled && <ManualRun id={open.id} />}
              <RunLog automationId={open.id} highlight={params.get('run')} />
            </Stack>
          )}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function summary(a: Automation, t: (k: string, o?: Record<string, unknown>) => string, n: (x: number) => string): string {
  const tr = a.trigger;
  if (tr.kind === 'event') return t(`automations.event.${tr.event}`);
  if (tr.kind === 'manual') return t('automations.trigger.manual');
  const rule = tr.rule.type === 'birthday' ? `${t('automations.schedule.birthday')} (${n(tr.rule.daysBefore)} ${t('automations.unit.days')})`
    : tr.rule.type === 'importantDate' ? `${t('automations.schedule.importantDate')} — ${t(`preferences.dateKind.${tr.rule.dateKind}`)} (${n(tr.rule.daysBefore)} ${t('automations.unit.days')})`
    : tr.rule.type === 'noPurchase' ? `${t('automations.schedule.noPurchase')} (${n(tr.rule.days)} ${t('automations.unit.days')})` : t('automations.schedule.segment');
  return `${rule}، ${t('automations.everyDay', { hour: `${n(tr.hour)}:${n(0)}${n(0)}` })}`;
}

function ManualRun({ id }: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const [picked, setPicked] = useState<PickedCustomer[]>([]);
  const run = useMutation({
    mutationFn: () => api.post<{ started: number }>(`/automations/${id}/run`, { customerIds: picked.map((p) => p.id) }),
    onSuccess: (r) => { setPicked([]); void qc.invalidateQueries({ queryKey: ['automations'] }); notifications.show({ color: 'green', message: t('automations.started', { n: f.number(r.started), count: r.started }) }); },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });
  return (
    <Paper withBorder radius="md" p="md" data-testid="automation-manual">
      <Title order={3} size="h5" mb="xs">{t('automations.runNow')}</Title>
      <Group align="end" gap="xs">
        <div style={{ flex: 1, minWidth: 200 }}>
          <CustomerPicker label={t('automations.runFor')} placeholder={t('automations.runPick')} testId="automation-run-customer" required={false} value={null}
            onChange={(c) => c && !picked.some((p) => p.id === c.id) && setPicked([...picked, c])} />
        </div>
        <Button onClick={() => run.mutate()} disabled={!picked.length} loading={run.isPending} data-testid="automation-run-start">{t('automations.run')}</Button>
      </Group>
      {picked.length > 0 && <Group gap={4} mt="xs">{picked.map((p) => <Badge key={p.id} variant="light"><bdi>{p.label}</bdi></Badge>)}</Group>}
    </Paper>
  );
}
