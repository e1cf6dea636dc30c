/**
 * Sends an active survey by hand: to customers picked one by one, or to a saved segment and/or a lifecycle stage and/or a
 * tag. The answer says how many went out, how many wait for the end of the quiet hours, and why the rest were skipped.
 */
import { useState } from 'react';
import { Alert, Button, CloseButton, Group, List, Modal, Paper, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE_STAGES } from '../../../../common/customer.schemas';
import { api } from '../../api/client';
import { CustomerPicker, type PickedCustomer } from '../../components/CustomerPicker';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { useFormat } from '../../lib/format';
import { surveyFieldErrors } from './survey-errors';
import { SURVEYS_KEY, type SendBody, type SendResult } from './surveys.api';

const KNOWN_REASONS = ['fatigue', 'no consent', 'no phone', 'no email', 'customer deleted', 'survey not active'];

export function SendSurveyModal({ survey, onClose }: { survey: { id: string; name: string; channel: 'sms' | 'email' }; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const [mode, setMode] = useState<'customers' | 'segment'>('customers');
  const [picked, setPicked] = useState<PickedCustomer[]>([]);
  const [stage, setStage] = useState<string | null>(null);
  const [tag, setTag] = useState('');
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const segments = useQuery({ queryKey: ['segments', 'options'], staleTime: 0, queryFn: ({ signal }) => api.get<{ items: { id: string; name: string }[] }>('/segments', undefined, { signal }) });
  const [result, setResult] = useState<SendResult | null>(null);
  const form = useFormSubmit({ mapErrors: (fields, err) => ({ ...fields, ...surveyFieldErrors(t, fmt.digits, err) }) });

  const send = () => form.run(async () => {
    const body: SendBody = mode === 'customers'
      ? { customerIds: picked.map((p) => p.id) }
      : { customerIds: [], segment: { ...(stage ? { lifecycleStage: stage } : {}), ...(tag.trim() ? { tag: tag.trim() } : {}), ...(segmentId ? { segmentId } : {}) } };
    if (mode === 'segment' && !stage && !tag.trim() && !segmentId) {
      form.setErrors({ segment: t('surveys.err.chooseSegment') });
      return;
    }
    const res = await api.post<SendResult>(`/surveys/${survey.id}/send`, body);
    setResult(res);
    void qc.invalidateQueries({ queryKey: SURVEYS_KEY });
  });

  const reason = (r: string) => (KNOWN_REASONS.includes(r) ? t(`surveys.send.reason.${r.replace(/ /g, '_')}`) : r || t('surveys.send.reason.other'));

  return (
    <Modal opened onClose={onClose} title={t('surveys.send.title', { name: survey.name })} size="lg">
      <div data-testid="send-survey">
      {result ? (
        <Stack gap="sm" data-testid="send-result">
          <Alert color={result.sent + result.scheduled > 0 ? 'teal' : 'orange'} variant="light" title={t('surveys.send.doneTitle', { n: fmt.number(result.customers), count: result.customers })}>
            <List size="sm" spacing={4}>
              <List.Item data-testid="send-result-sent">{t('surveys.send.sent', { n: fmt.number(result.sent) })}</List.Item>
              <List.Item data-testid="send-result-scheduled">{t('surveys.send.scheduled', { n: fmt.number(result.scheduled) })}</List.Item>
              <List.Item data-testid="send-result-skipped">{t('surveys.send.skipped', { n: fmt.number(result.skipped) })}</List.Item>
            </List>
          </Alert>
          {Object.keys(result.skippedBy).length > 0 && (
            <Paper withBorder p="sm" radius="md">
              <Text size="sm" fw={500} mb={4}>{t('surveys.send.whySkipped')}</Text>
              <List size="sm" spacing={4} data-testid="send-result-reasons">
                {Object.entries(result.skippedBy).map(([r, n]) => <List.Item key={r}>{t('surveys.send.reasonCount', { reason: reason(r), n: fmt.number(n) })}</List.Item>)}
              </List>
            </Paper>
          )}
          {result.scheduled > 0 && <Text size="xs" c="dimmed">{t('surveys.send.quietHint')}</Text>}
          <Group justify="flex-end"><Button onClick={onClose} data-testid="send-close">{t('common.close')}</Button></Group>
        </Stack>
      ) : (
        <form onSubmit={submitHandler(send)} noValidate>
          <Stack gap="sm">
            <Text size="sm" c="dimmed">{t(`surveys.send.hint.${survey.channel}`)}</Text>
            <FormErrorAlert error={form.formError} />
            <SegmentedControl
              value={mode}
              onChange={(v) => { setMode(v as 'customers' | 'segment'); form.reset(); }}
              data={[{ value: 'customers', label: t('surveys.send.toCustomers') }, { value: 'segment', label: t('surveys.send.toSegment') }]}
              data-testid="send-mode"
            />
            {mode === 'customers' ? (
              <>
                {/* Remounted after each pick so the box is empty for the next name. */}
                <CustomerPicker
                  key={picked.length}
                  label={t('surveys.send.addCustomer')}
                  placeholder={t('surveys.send.searchCustomer')}
                  value={null}
                  onChange={(c) => c && setPicked((p) => (p.some((x) => x.id === c.id) ? p : [...p, c]))}
                  error={form.errors.customerIds}
                  testId="send-customer"
                />
                {picked.length > 0 ? (
                  <Stack gap={4} data-testid="send-picked">
                    {picked.map((c) => (
                      <Group key={c.id} justify="space-between" wrap="nowrap">
                        <Text size="sm">{c.label}</Text>
                        <CloseButton size="sm" aria-label={t('common.remove')} onClick={() => setPicked((p) => p.filter((x) => x.id !== c.id))} />
                      </Group>
                    ))}
                  </Stack>
                ) : <Text size="xs" c="dimmed">{t('surveys.send.noneYet')}</Text>}
              </>
            ) : (
              <>
                <Select
                  label={t('surveys.send.savedSegment')}
                  placeholder={t('surveys.send.anySegment')}
                  clearable
                  searchable
                  data={(segments.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
                  value={segmentId}
                  onChange={setSegmentId}
                  error={form.errors['segment.segmentId']}
                  data-testid="send-segment"
                />
                <Select
                  label={t('surveys.send.stage')}
                  placeholder={t('surveys.send.anyStage')}
                  clearable
                  data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))}
                  value={stage}
                  onChange={setStage}
                  error={form.errors['segment.lifecycleStage']}
                  data-testid="send-stage"
                />
                <TextInput label={t('surveys.send.tag')} placeholder={t('surveys.send.tagPlaceholder')} value={tag} onChange={(e) => setTag(e.currentTarget.value)} error={form.errors['segment.tag'] ?? form.errors.segment} data-testid="send-tag" />
              </>
            )}
            <Text size="xs" c="dimmed">{t('surveys.send.rules')}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
              <Button type="submit" loading={form.busy} disabled={mode === 'customers' && picked.length === 0} data-testid="send-submit">{t('surveys.send.submit')}</Button>
            </Group>
          </Stack>
        </form>
      )}
      </div>
    </Modal>
  );
}
