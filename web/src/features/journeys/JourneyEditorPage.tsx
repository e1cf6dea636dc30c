/**
 * «ویرایش سفر مشتری»: a journey's name, its ordered stages and, under each stage, the touchpoints that place customers
 * there — each a rule over events the CRM already records. A new journey starts as a copy of the one it was made from
 * (the default journey, or one per product line). Saving needs settings:update; the server checks the definition again.
 * Keys of saved stages and touchpoints stay (reviews and kept maps refer to them); new ones get a key of their own.
 */
import { useEffect, useMemo, useState } from 'react';
import { ActionIcon, Alert, Anchor, Button, Group, Paper, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { ErrorState, LoadingState } from '../../components/States';
import { errorMessage, translateFieldMessage } from '../../lib/errors';
import { useSession } from '../session/session';
import { useJourneys, type Journey } from './journeys.api';
import {
  check, draftOf, move, newStage, newTouchpoint, problemsFromServer, renameStage, toInput, type Draft, type Problem,
} from './journey-draft';
import { TouchpointFields } from './TouchpointFields';

export function JourneyEditorPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const { can } = useSession();
  const journeys = useJourneys();
  const isNew = !id;
  const base = journeys.data?.items.find((j) => j.id === (id ?? params.get('from'))) ?? (isNew ? journeys.data?.items[0] : undefined);

  if (!can('settings', 'update')) return <Alert color="orange" variant="light" data-testid="journey-edit-forbidden">{t('journeys.edit.forbidden')}</Alert>;
  if (journeys.isPending) return <LoadingState />;
  if (journeys.isError) return <ErrorState error={journeys.error} onRetry={() => void journeys.refetch()} />;
  if (!isNew && !base) return <Alert color="orange" variant="light" data-testid="journey-edit-not-found">{t('journeys.edit.notFound')}</Alert>;
  const en = i18n.language === 'en';
  const copyName = isNew ? t('journeys.edit.copyOf', { name: base ? (en && base.isDefault ? t('journeys.defaultName') : base.name) : '' }) : undefined;
  return <Editor key={`${id ?? 'new'}:${base?.id ?? ''}`} journey={base} isNew={isNew} copyName={copyName} />;
}

function Editor({ journey, isNew, copyName }: { journey: Journey | undefined; isNew: boolean; copyName?: string }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const en = i18n.language === 'en';
  const [draft, setDraft] = useState<Draft>(() => draftOf(journey, copyName));
  const [serverProblems, setServerProblems] = useState<Problem[]>([]);
  const [tried, setTried] = useState(false);
  useEffect(() => setServerProblems([]), [draft]);
  const categories = useQuery({ queryKey: ['product-categories'], queryFn: () => api.get<{ items: { name: string }[] }>('/product-categories'), retry: false });
  const lines = useMemo(() => (categories.data?.items ?? []).map((c) => c.name).filter(Boolean), [categories.data]);

  const problems = [...(tried ? check(draft) : []), ...serverProblems];
  const fieldLabel = (p: Problem) => {
    const f = p.field ?? '';
    if (f === 'name') return p.where === 'touchpoint' ? t('journeys.edit.tpName') : p.where === 'stage' ? t('journeys.edit.stageName') : t('journeys.edit.name');
    const known: Record<string, string> = { nameEn: 'nameEn', key: 'key', stageKey: 'stage', 'rule.measures': 'measures', 'rule.lines': 'lines', 'rule.events': 'events', 'rule.channels': 'channels' };
    return known[f] ? t(`journeys.edit.${known[f]}`) : f;
  };
  const said = (p: Problem) => {
    if (p.code !== 'server') return t(`journeys.edit.problem.${p.code}`);
    const label = fieldLabel(p);
    return label ? `${label}: ${translateFieldMessage(t, p.detail ?? '')}` : translateFieldMessage(t, p.detail ?? '');
  };
  const rowErrors = (uid: string) => problems.filter((p) => p.uid === uid).map(said);
  const general = problems.filter((p) => !p.uid);

  const save = useMutation({
    mutationFn: () => (isNew ? api.post<Journey>('/journeys', toInput(draft)) : api.put<Journey>(`/journeys/${journey!.id}`, toInput(draft))),
    onSuccess: (j) => {
      void qc.invalidateQueries({ queryKey: ['journeys'] });
      notifications.show({ color: 'teal', message: t('journeys.edit.saved', { name: j.name }) });
      navigate(`/journeys?journey=${j.id}`);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'VALIDATION_FAILED') setServerProblems(problemsFromServer(draft, err.details as Record<string, unknown>));
      else notifications.show({ color: 'red', message: errorMessage(t, err) });
    },
  });
  const submit = () => {
    setTried(true);
    if (check(draft).length === 0) save.mutate();
  };

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const stageName = (s: { name: string; nameEn: string; key: string }) => (en && s.nameEn ? s.nameEn : s.name) || s.key;

  return (
    <Stack gap="md" data-testid="journey-editor">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h3">{isNew ? t('journeys.edit.newTitle') : t('journeys.edit.title')}</Title>
          <Text size="sm" c="dimmed" maw={720}>{t('journeys.edit.intro')}</Text>
        </div>
        <Anchor component={Link} to={journey ? `/journeys?journey=${journey.id}` : '/journeys'} size="sm">{t('journeys.edit.backToMap')}</Anchor>
      </Group>
      <TextInput label={t('journeys.edit.name')} value={draft.name} dir="auto" maw={420} required data-testid="journey-edit-name"
        error={problems.some((p) => p.where === 'name') ? problems.filter((p) => p.where === 'name').map(said).join(' · ') : undefined}
        onChange={(e) => set({ name: e.currentTarget.value })} />
      {general.filter((p) => p.where === 'journey').length > 0 && (
        <Alert color="red" variant="light" data-testid="journey-edit-problems">
          {general.filter((p) => p.where === 'journey').map((p) => <Text key={said(p)} size="sm">{said(p)}</Text>)}
        </Alert>
      )}
      {draft.stages.map((s, i) => {
        const mine = draft.touchpoints.filter((tp) => tp.stageKey === s.key);
        const errs = rowErrors(s.uid);
        return (
          <Paper key={s.uid} withBorder radius="md" p="md" data-testid="journey-edit-stage" data-key={s.key}>
            <Group gap="xs" align="flex-end" wrap="wrap" mb="sm">
              <Text fw={700} w={28} ta="center" pb={8}>{i + 1}</Text>
              <TextInput label={t('journeys.edit.stageName')} value={s.name} dir="auto" w={{ base: '100%', sm: 200 }} required data-testid="journey-edit-stage-name"
                onChange={(e) => set({ stages: draft.stages.map((x) => (x.uid === s.uid ? { ...x, name: e.currentTarget.value } : x)) })} />
              <TextInput label={t('journeys.edit.nameEn')} value={s.nameEn} w={{ base: '100%', sm: 180 }} dir="ltr" data-testid="journey-edit-stage-name-en"
                onChange={(e) => set({ stages: draft.stages.map((x) => (x.uid === s.uid ? { ...x, nameEn: e.currentTarget.value } : x)) })} />
              <TextInput label={t('journeys.edit.key')} value={s.key} w={{ base: '100%', sm: 140 }} dir="ltr" disabled={s.saved} data-testid="journey-edit-stage-key"
                onChange={(e) => setDraft((d) => renameStage(d, s.uid, e.currentTarget.value.trim().toLowerCase()))} />
              <Group gap={4} pb={4}>
                <Tooltip label={t('journeys.edit.moveEarlier')}>
                  <ActionIcon variant="default" disabled={i === 0} onClick={() => set({ stages: move(draft.stages, i, -1) })} aria-label={t('journeys.edit.moveEarlier')} data-testid="journey-edit-stage-up"><IconArrowUp size={16} /></ActionIcon>
                </Tooltip>
                <Tooltip label={t('journeys.edit.moveLater')}>
                  <ActionIcon variant="default" disabled={i === draft.stages.length - 1} onClick={() => set({ stages: move(draft.stages, i, 1) })} aria-label={t('journeys.edit.moveLater')} data-testid="journey-edit-stage-down"><IconArrowDown size={16} /></ActionIcon>
                </Tooltip>
                <Tooltip label={mine.length ? t('journeys.edit.stageHasTouchpoints') : t('journeys.edit.removeStage')}>
                  <ActionIcon variant="subtle" color="red" disabled={mine.length > 0} onClick={() => set({ stages: draft.stages.filter((x) => x.uid !== s.uid) })}
                    aria-label={t('journeys.edit.removeStage')} data-testid="journey-edit-stage-remove"><IconTrash size={16} /></ActionIcon>
                </Tooltip>
              </Group>
            </Group>
            {errs.map((e) => <Text key={e} size="xs" c="red.8" mb={4} data-testid="journey-edit-stage-error">{e}</Text>)}
            <Stack gap="xs" ps={{ base: 0, sm: 36 }}>
              {mine.length === 0 && <Text size="sm" c="dimmed">{t('journeys.edit.noTouchpoints', { stage: stageName(s) })}</Text>}
              {mine.map((tp) => (
                <TouchpointFields key={tp.uid} tp={tp} index={draft.touchpoints.indexOf(tp)} stages={draft.stages} lines={lines} errors={rowErrors(tp.uid)}
                  others={draft.touchpoints.filter((o) => o.uid !== tp.uid)}
                  onChange={(next) => set({ touchpoints: draft.touchpoints.map((x) => (x.uid === tp.uid ? next : x)) })}
                  onRemove={() => set({ touchpoints: draft.touchpoints.filter((x) => x.uid !== tp.uid) })} />
              ))}
              <Group>
                <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} data-testid="journey-edit-add-touchpoint"
                  onClick={() => set({ touchpoints: [...draft.touchpoints, newTouchpoint(draft, s.key)] })}>{t('journeys.edit.addTouchpoint')}</Button>
              </Group>
            </Stack>
          </Paper>
        );
      })}
      <Group justify="space-between">
        <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => set({ stages: [...draft.stages, newStage(draft)] })} data-testid="journey-edit-add-stage">
          {t('journeys.edit.addStage')}
        </Button>
        <Button onClick={submit} loading={save.isPending} data-testid="journey-edit-save">{t('journeys.edit.save')}</Button>
      </Group>
    </Stack>
  );
}
