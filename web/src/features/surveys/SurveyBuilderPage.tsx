/**
 * The survey builder (/surveys/new, /surveys/:id): name, status, channel and trigger; intro and thank-you texts; the
 * questions; then the preview on a phone or a desktop, the anonymous link with its QR code, and sending by hand.
 * Saving sends the whole survey; the server's field errors come back beside the inputs they name.
 */
import { useEffect, useState } from 'react';
import {
  Alert, Anchor, Button, Group, List, Menu, Paper, SegmentedControl, Select, SimpleGrid, Stack, Switch, Tabs, Text, Textarea, Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconDeviceFloppy, IconPlus, IconSend } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { SURVEY_TRIGGERS } from '../../../../common/survey.schemas';
import { api } from '../../api/client';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { ErrorState, LoadingState } from '../../components/States';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { useFormat } from '../../lib/format';
import { useSession } from '../session/session';
import { WholeNumberInput } from '../support-settings/inputs';
import { AnonymousLinkCard } from './AnonymousLinkCard';
import { QuestionCard } from './QuestionCard';
import { SendSurveyModal } from './SendSurveyModal';
import { MetricBadge, StatusBadge } from './SurveyBadges';
import { SurveyPreview } from './SurveyPreview';
import { surveyFieldErrors, surveyFormError } from './survey-errors';
import {
  EMPTY_SURVEY, PICKER_TYPES, canonical, SURVEYS_KEY, newQuestion, splitMinutes, surveyKey, toBody, useSurvey, type Bilingual, type QuestionDraft,
  type Survey, type SurveyBody,
} from './surveys.api';

/** Paths the form shows beside an input; anything else is listed under the form's alert so nothing is lost. */
const SHOWN = /^(name|status|channel|anonymousEnabled|questions|trigger(\..*)?|(intro|thanks)(\.(fa|en))?|questions\.\d+\.(id|type|text(\.(fa|en))?|options(\.\d+\.(id|text(\.(fa|en))?))?|followUp(\.(maxScore|text(\.(fa|en))?))?))$/;

type Draft = SurveyBody & { delayHours: string; delayMins: string; everyMonthsText: string };

const toDraft = (s: SurveyBody): Draft => {
  const { hours, minutes } = splitMinutes(s.trigger.delayMinutes);
  return {
    name: s.name, status: s.status, channel: s.channel, trigger: s.trigger, intro: s.intro, thanks: s.thanks,
    questions: s.questions.map((q) => ({ ...q, options: q.options ?? [] })), anonymousEnabled: s.anonymousEnabled,
    delayHours: String(hours), delayMins: String(minutes), everyMonthsText: String(s.trigger.everyMonths),
  };
};
const num = (s: string) => (s.trim() === '' ? 0 : Number(s));
const fromDraft = (d: Draft): SurveyBody => toBody({
  name: d.name, status: d.status, channel: d.channel, intro: d.intro, thanks: d.thanks, questions: d.questions, anonymousEnabled: d.anonymousEnabled,
  trigger: { type: d.trigger.type, delayMinutes: num(d.delayHours) * 60 + num(d.delayMins), everyMonths: d.everyMonthsText.trim() === '' ? Number.NaN : Number(d.everyMonthsText) },
});

export function SurveyBuilderPage() {
  const { id } = useParams<{ id: string }>();
  const isNew = !id || id === 'new';
  const survey = useSurvey(isNew ? undefined : id);
  if (!isNew && survey.isPending) return <LoadingState />;
  if (!isNew && survey.isError) return <ErrorState error={survey.error} onRetry={() => void survey.refetch()} />;
  return <Builder key={id ?? 'new'} saved={isNew ? null : survey.data ?? null} />;
}

function Builder({ saved }: { saved: Survey | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const canBuild = can('surveys', 'update');
  const canSend = can('surveys', 'create');
  const [draft, setDraft] = useState<Draft>(() => toDraft(saved ?? EMPTY_SURVEY));
  const [tab, setTab] = useState<string | null>('build');
  const [sending, setSending] = useState(false);
  const form = useFormSubmit({ mapErrors: (fields, err) => ({ ...fields, ...surveyFieldErrors(t, fmt.digits, err) }) });
  const [formError, setFormError] = useState<string | null>(null);

  // The saved survey changed underneath (after our own save): start again from it.
  useEffect(() => { if (saved) setDraft(toDraft(saved)); }, [saved?.updatedAt]); // eslint-disable-line react-hooks/exhaustive-deps

  const body = fromDraft(draft);
  const unsaved = !saved || canonical(fromDraft(toDraft(saved))) !== canonical(body);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setQuestion = (i: number, q: QuestionDraft) => setDraft((d) => ({ ...d, questions: d.questions.map((x, j) => (j === i ? q : x)) }));
  const move = (i: number, delta: -1 | 1) => setDraft((d) => {
    const qs = [...d.questions];
    const j = i + delta;
    if (j < 0 || j >= qs.length) return d;
    [qs[i], qs[j]] = [qs[j], qs[i]];
    return { ...d, questions: qs };
  });
  const errorAt = (path: string) => form.errors[path];
  const leftover = Object.entries(form.errors).filter(([k]) => !SHOWN.test(k));

  const save = (patch: Partial<SurveyBody> = {}) => form.run(async () => {
    setFormError(null);
    try {
      const payload = { ...body, ...patch };
      const res = saved ? await api.patch<Survey>(`/surveys/${saved.id}`, payload) : await api.post<Survey>('/surveys', payload);
      qc.setQueryData(surveyKey(res.id), res);
      void qc.invalidateQueries({ queryKey: SURVEYS_KEY });
      notifications.show({ color: 'teal', message: t('surveys.saved') });
      if (!saved) navigate(`/surveys/${res.id}`, { replace: true });
    } catch (err) {
      setFormError(surveyFormError(t, err, ''));
      throw err;
    }
  });

  const bilingualArea = (key: 'intro' | 'thanks') => {
    const v: Bilingual = draft[key];
    return (
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <Textarea label={`${t(`surveys.field.${key}`)} (${t('surveys.lang.fa')})`} autosize minRows={2} dir="rtl" value={v.fa} onChange={(e) => set({ [key]: { ...v, fa: e.currentTarget.value } })} error={errorAt(`${key}.fa`) ?? errorAt(key)} data-testid={`survey-${key}-fa`} />
        <Textarea label={`${t(`surveys.field.${key}`)} (${t('surveys.lang.enOptional')})`} autosize minRows={2} dir="ltr" value={v.en} onChange={(e) => set({ [key]: { ...v, en: e.currentTarget.value } })} error={errorAt(`${key}.en`)} data-testid={`survey-${key}-en`} />
      </SimpleGrid>
    );
  };
  const delayed = draft.trigger.type === 'ticket_resolved' || draft.trigger.type === 'invoice_paid';
  const version = saved?.updatedAt ?? 'new';

  return (
    <Stack gap="md" data-testid="survey-builder">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Anchor component={Link} to="/surveys" size="sm">{t('surveys.back')}</Anchor>
          <Group gap="xs">
            <Title order={1} size="h3" data-testid="builder-title">{saved ? saved.name : t('surveys.newTitle')}</Title>
            {saved && <StatusBadge status={saved.status} />}
            {saved && <MetricBadge metric={saved.metric} />}
          </Group>
        </Stack>
        <Group gap="xs">
          {canSend && saved && (
            <Button variant="light" leftSection={<IconSend size={16} />} disabled={saved.status !== 'active'} title={saved.status !== 'active' ? t('surveys.send.activateFirst') : undefined}
              onClick={() => setSending(true)} data-testid="builder-send">
              {t('surveys.send.button')}
            </Button>
          )}
          {canBuild && (
            <Button leftSection={<IconDeviceFloppy size={16} />} loading={form.busy} onClick={() => void save()} data-testid="save-survey">
              {t(saved ? 'common.save' : 'surveys.create')}
            </Button>
          )}
        </Group>
      </Group>

      {(form.formError || leftover.length > 0) && (
        <Stack gap={4} data-testid="survey-form-error">
          <FormErrorAlert error={formError || form.formError} />
          {leftover.length > 0 && (
            <List size="sm" c="red">{leftover.map(([k, m]) => <List.Item key={k}><span dir="ltr">{k}</span>: {m}</List.Item>)}</List>
          )}
        </Stack>
      )}
      {saved && canSend && saved.status !== 'active' && <Text size="xs" c="dimmed">{t('surveys.send.activateFirst')}</Text>}

      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="build" data-testid="tab-build">{t('surveys.tab.build')}</Tabs.Tab>
          <Tabs.Tab value="preview" data-testid="tab-preview">{t('surveys.tab.preview')}</Tabs.Tab>
          <Tabs.Tab value="share" data-testid="tab-share">{t('surveys.tab.share')}</Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="build" pt="md">
          <form onSubmit={submitHandler(() => save())} noValidate>
            <fieldset disabled={!canBuild} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
              <Stack gap="md">
                <Paper withBorder p="md" radius="md">
                  <Stack gap="sm">
                    <Textarea autosize minRows={1} label={t('surveys.field.name')} required dir="auto" value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} error={errorAt('name')} data-testid="survey-name" />
                    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                      <div>
                        <Text size="sm" fw={500} mb={4}>{t('surveys.field.status')}</Text>
                        <SegmentedControl fullWidth value={draft.status} onChange={(v) => set({ status: v as Draft['status'] })}
                          data={(['draft', 'active', 'archived'] as const).map((s) => ({ value: s, label: t(`surveys.status.${s}`) }))} data-testid="survey-status" />
                        {errorAt('status') && <Text size="xs" c="red">{errorAt('status')}</Text>}
                      </div>
                      <div>
                        <Text size="sm" fw={500} mb={4}>{t('surveys.field.channel')}</Text>
                        <SegmentedControl fullWidth value={draft.channel} onChange={(v) => set({ channel: v as Draft['channel'] })}
                          data={(['sms', 'email'] as const).map((c) => ({ value: c, label: t(`surveys.channel.${c}`) }))} data-testid="survey-channel" />
                      </div>
                    </SimpleGrid>
                    <Group gap="sm" align="flex-start" wrap="wrap">
                      <Select label={t('surveys.field.trigger')} w={260} allowDeselect={false} value={draft.trigger.type}
                        onChange={(v) => v && set({ trigger: { ...draft.trigger, type: v as Draft['trigger']['type'] } })}
                        data={SURVEY_TRIGGERS.map((s) => ({ value: s, label: t(`surveys.trigger.${s}`) }))} error={errorAt('trigger.type') ?? errorAt('trigger')} data-testid="survey-trigger" />
                      {delayed && (
                        <>
                          <WholeNumberInput label={t('surveys.field.delayHours')} w={110} value={draft.delayHours} onChange={(v) => set({ delayHours: v })} error={errorAt('trigger.delayMinutes')} testId="survey-delay-hours" />
                          <WholeNumberInput label={t('surveys.field.delayMinutes')} w={110} value={draft.delayMins} onChange={(v) => set({ delayMins: v })} testId="survey-delay-minutes" />
                        </>
                      )}
                      {draft.trigger.type === 'periodic' && (
                        <WholeNumberInput label={t('surveys.field.everyMonths')} w={160} value={draft.everyMonthsText} onChange={(v) => set({ everyMonthsText: v })} error={errorAt('trigger.everyMonths')} testId="survey-every-months" />
                      )}
                    </Group>
                    <Text size="xs" c="dimmed">{t(`surveys.triggerHint.${draft.trigger.type}`)}</Text>
                    <Switch label={t('surveys.field.anonymous')} description={t('surveys.field.anonymousHint')} checked={draft.anonymousEnabled}
                      onChange={(e) => set({ anonymousEnabled: e.currentTarget.checked })} data-testid="survey-anonymous" />
                  </Stack>
                </Paper>

                <Paper withBorder p="md" radius="md">
                  <Stack gap="sm">
                    {bilingualArea('intro')}
                    {bilingualArea('thanks')}
                  </Stack>
                </Paper>

                <Stack gap="sm" data-testid="questions">
                  <Group justify="space-between">
                    <Title order={2} size="h4">{t('surveys.questions')}</Title>
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <Button variant="light" leftSection={<IconPlus size={16} />} rightSection={<IconChevronDown size={14} />} disabled={!canBuild || draft.questions.length >= 20} data-testid="add-question">
                          {t('surveys.addQuestion')}
                        </Button>
                      </Menu.Target>
                      <Menu.Dropdown>
                        {PICKER_TYPES.map((type) => (
                          <Menu.Item key={type} onClick={() => set({ questions: [...draft.questions, newQuestion(type, draft.questions.map((q) => q.id))] })} data-testid={`add-question-${type}`}>
                            <Text size="sm">{t(`surveys.type.${type}`)}</Text>
                          </Menu.Item>
                        ))}
                      </Menu.Dropdown>
                    </Menu>
                  </Group>
                  {errorAt('questions') && <Alert color="red" variant="light" data-testid="questions-error">{errorAt('questions')}</Alert>}
                  {draft.questions.length === 0 && <Text c="dimmed" size="sm" data-testid="no-questions">{t('surveys.noQuestions')}</Text>}
                  {draft.questions.map((q, i) => (
                    <QuestionCard
                      // Index keys: moving swaps contents; an id the user is typing must not remount the card.
                      key={i}
                      q={q}
                      index={i}
                      count={draft.questions.length}
                      err={(p) => errorAt(`questions.${i}.${p}`)}
                      onChange={(next) => setQuestion(i, next)}
                      onMove={(d) => move(i, d)}
                      onRemove={() => set({ questions: draft.questions.filter((_, j) => j !== i) })}
                    />
                  ))}
                  {canBuild && (
                    <Group justify="flex-end">
                      <Button type="submit" loading={form.busy} leftSection={<IconDeviceFloppy size={16} />} data-testid="save-survey-bottom">{t(saved ? 'common.save' : 'surveys.create')}</Button>
                    </Group>
                  )}
                </Stack>
              </Stack>
            </fieldset>
          </form>
        </Tabs.Panel>

        <Tabs.Panel value="preview" pt="md">
          <SurveyPreview surveyId={saved?.id ?? null} version={version} unsaved={Boolean(saved) && unsaved} />
        </Tabs.Panel>

        <Tabs.Panel value="share" pt="md">
          <Stack gap="sm">
            {canBuild && saved && (
              <Switch label={t('surveys.field.anonymous')} description={t('surveys.field.anonymousHint')} checked={saved.anonymousEnabled}
                disabled={form.busy} onChange={(e) => { const on = e.currentTarget.checked; set({ anonymousEnabled: on }); void save({ anonymousEnabled: on }); }}
                data-testid="share-anonymous" />
            )}
            <AnonymousLinkCard surveyId={saved?.id ?? null} url={saved?.anonymousUrl ?? null} enabledInForm={draft.anonymousEnabled} version={version} />
          </Stack>
        </Tabs.Panel>
      </Tabs>
      {sending && saved && <SendSurveyModal survey={saved} onClose={() => setSending(false)} />}
    </Stack>
  );
}
