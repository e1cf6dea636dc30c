/**
 * Writing a quote or an invoice (a draft): customer, lines, discount, fees, dates, terms. Totals are never worked
 * out here: saving sends the draft and shows the totals the server computed, in integer Rials.
 */
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Anchor, Box, Button, Grid, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Textarea, Title, ActionIcon } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconEye, IconPlus, IconTrash } from '@tabler/icons-react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useFormat } from '../../../lib/format';
import type { FieldErrors } from '../../../lib/errors';
import { BackIcon } from '../../../components/DirectionalIcon';
import { DateField } from '../../../components/DateFields';
import { FormErrorAlert } from '../../../components/FormErrorAlert';
import { ErrorState, LoadingState } from '../../../components/States';
import { submitHandler } from '../../../components/useFormSubmit';
import { useMe, useSession } from '../../session/session';
import { profileKey } from '../../profile/profile.api';
import type { Profile } from '../../../api/types';
import { usePrefs } from '../../../lib/prefs';
import { docErrorMessage, docFieldErrors } from '../doc-errors';
import { useDocument, useDocumentChanged } from '../documents.api';
import type { DocumentDetail } from '../documents.types';
import { useMoney } from '../../../lib/money';
import { TotalsPanel } from '../TotalsPanel';
import { blankLine, newBody, newKey, stateFromDocument, toBody, type EditorState } from './editor-state';
import { TierDiscountHint } from '../../loyalty/TierDiscountHint';
import { TierPriceListHint, useTierPriceList } from '../../loyalty/TierPriceList';
import { LinesEditor } from './LinesEditor';
import { MoneyInput } from '../../../components/MoneyInput';
import { CustomerPicker } from '../../../components/CustomerPicker';

export function NewDocumentPage() {
  const [params] = useSearchParams();
  const customerId = params.get('customerId');
  const kind = params.get('kind') === 'invoice' ? 'invoice' : 'quote';
  const me = useMe();
  const { prefs } = usePrefs();
  // A customer given in the address (from the 360° view) is named from its profile, which is usually cached already.
  const profile = useQuery({
    queryKey: profileKey(customerId ?? ''),
    queryFn: () => api.get<Profile>(`/customers/${customerId}`, { timelineLimit: 1 }),
    enabled: Boolean(customerId),
  });
  if (customerId && profile.isPending) return <LoadingState />;
  const org = me.org as typeof me.org & { documentTerms?: string };
  const initial: EditorState = {
    kind,
    customer: customerId && profile.data ? { id: customerId, label: profile.data.customer.displayName } : null,
    dealId: params.get('dealId'),
    issueDate: null,
    validUntil: null,
    dueDate: null,
    lines: [blankLine(prefs.locale)],
    discount: '',
    fees: [],
    terms: kind === 'quote' ? org.documentTerms ?? '' : '',
    notes: '',
    locale: org.defaultLocale ?? prefs.locale,
  };
  return <DocumentEditor key={`${kind}:${customerId ?? ''}`} initial={initial} saved={null} />;
}

export function EditDocumentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const doc = useDocument(id);
  const money = useMoney();
  const { prefs } = usePrefs();
  if (doc.isPending) return <LoadingState />;
  if (doc.isError) return <ErrorState error={doc.error} onRetry={() => void doc.refetch()} />;
  if (doc.data.status !== 'draft') {
    return (
      <Alert color="yellow" title={t('documents.notDraftTitle')} data-testid="doc-not-draft">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{t(doc.data.kind === 'invoice' ? 'documents.err.invoiceLocked' : 'documents.err.quoteLocked')}</Text>
          <Anchor component={Link} to={`/documents/${id}`}>{t('documents.backToDocument')}</Anchor>
        </Stack>
      </Alert>
    );
  }
  return <DocumentEditor key={id} initial={stateFromDocument(doc.data, money, prefs.locale)} saved={doc.data} />;
}

function DocumentEditor({ initial, saved: savedInitial }: { initial: EditorState; saved: DocumentDetail | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const navigate = useNavigate();
  const { can } = useSession();
  const changed = useDocumentChanged();
  const [form, setForm] = useState<EditorState>(initial);
  const [saved, setSaved] = useState<DocumentDetail | null>(savedInitial);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<'save' | 'view' | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const tierList = useTierPriceList(form.customer?.id ?? null);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const set = (patch: Partial<EditorState>) => {
    setForm((f) => ({ ...f, ...patch }));
    setDirty(true);
  };

  const reason = (r: string) => t(`documents.moneyError.${r}`);

  async function save(then: 'stay' | 'view') {
    setErrors({});
    setFormError(null);
    const local: FieldErrors = {};
    if (!form.customer) local.customerId = t('fieldErrors.required');
    const built = toBody(form, money, reason);
    if ('errors' in built) Object.assign(local, built.errors);
    if (Object.keys(local).length || 'errors' in built) {
      setErrors(local);
      setFormError(t('errors.VALIDATION_FAILED'));
      return;
    }
    setBusy(then === 'view' ? 'view' : 'save');
    try {
      const doc = saved
        ? await api.patch<DocumentDetail>(`/documents/${saved.id}`, { ...built.body, dealId: form.dealId ?? undefined })
        : await api.post<DocumentDetail>('/documents', { kind: form.kind, customerId: form.customer!.id, ...(form.dealId ? { dealId: form.dealId } : {}), ...newBody(form, built.body) });
      changed(doc);
      setSaved(doc);
      setDirty(false);
      // The form takes the stored values back (tidied amounts, the product names and units the server filled in).
      setForm(stateFromDocument(doc, money, fmt.locale));
      notifications.show({ color: 'teal', message: t('documents.savedDraft') });
      if (then === 'view') navigate(`/documents/${doc.id}`);
      else if (!saved) navigate(`/documents/${doc.id}/edit`, { replace: true });
    } catch (err) {
      setErrors(docFieldErrors(t, err, money));
      setFormError(docErrorMessage(t, err));
    } finally {
      setBusy(null);
    }
  }

  const title = saved
    ? t(form.kind === 'quote' ? 'documents.editQuote' : 'documents.editInvoice')
    : t(form.kind === 'quote' ? 'documents.newQuote' : 'documents.newInvoice');
  const editable = can('documents', saved ? 'update' : 'create');

  return (
    <form onSubmit={submitHandler(() => save('stay'))} noValidate data-testid="doc-editor">
      <Stack gap="md">
        <Anchor component={Link} to={saved ? `/documents/${saved.id}` : '/documents'} size="sm">
          <Group gap={4}><BackIcon size={16} />{saved ? t('documents.backToDocument') : t('documents.backToList')}</Group>
        </Anchor>
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Title order={1} size="h3">{title}</Title>
          {saved && <Text c="dimmed" size="sm">{t('documents.draftNumber')}</Text>}
        </Group>
        <FormErrorAlert error={formError} testId="doc-form-error" />

        <Grid gutter="md">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Stack gap="md">
              <Paper withBorder p="md" radius="md">
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <CustomerPicker label={t('documents.customer')} placeholder={t('documents.customerPlaceholder')} testId="doc-customer" value={form.customer} onChange={(customer) => set({ customer })} error={errors.customerId} disabled={Boolean(saved)} />
                  <div>
                    <Text size="sm" fw={500} mb={4}>{t('documents.locale')}</Text>
                    <SegmentedControl fullWidth value={form.locale} onChange={(v) => set({ locale: v as 'fa' | 'en' })} data={[{ value: 'fa', label: 'فارسی' }, { value: 'en', label: 'English' }]} data-testid="doc-locale" />
                  </div>
                  <DateField label={t('documents.issueDate')} value={form.issueDate} onChange={(issueDate) => set({ issueDate })} error={errors.issueDate} placeholder={t('documents.today')} testId="doc-issue-date" />
                  {form.kind === 'quote'
                    ? <DateField label={t('documents.validUntil')} value={form.validUntil} onChange={(validUntil) => set({ validUntil })} error={errors.validUntil} placeholder={t('documents.validUntilDefault')} testId="doc-valid-until" />
                    : <DateField label={t('documents.dueDate')} value={form.dueDate} onChange={(dueDate) => set({ dueDate })} error={errors.dueDate} testId="doc-due-date" />}
                </SimpleGrid>
              </Paper>

              <div>
                <Title order={2} size="h5" mb="xs">{t('documents.lines')}</Title>
                <TierPriceListHint list={tierList} />
                <LinesEditor lines={form.lines} onChange={(lines) => set({ lines })} errors={errors} saved={dirty ? null : saved?.lines ?? null} locale={form.locale} priceListId={tierList?.id} />
              </div>

              <Paper withBorder p="md" radius="md">
                <Title order={2} size="h5" mb="xs">{t('documents.adjustments')}</Title>
                <Stack gap="sm">
                  <MoneyInput label={t('documents.docDiscount')} description={t('documents.docDiscountHint')} value={form.discount} onChange={(discount) => set({ discount })} error={errors.discount} maw={320} testId="doc-discount" />
                  {!saved && form.kind === 'quote' && form.customer && !form.discount.trim() && <TierDiscountHint customerId={form.customer.id} />}
                  <Text size="sm" fw={500}>{t('documents.fees')}</Text>
                  {form.fees.length === 0 && <Text size="xs" c="dimmed">{t('documents.feesHint')}</Text>}
                  {form.fees.map((f, i) => (
                    <Group key={f.key} align="flex-start" gap="xs" wrap="nowrap" data-testid="doc-fee">
                      <TextInput dir="auto" style={{ flex: 2 }} aria-label={t('documents.feeLabel')} placeholder={t('documents.feeLabel')} value={f.label} onChange={(e) => set({ fees: form.fees.map((x, j) => (j === i ? { ...x, label: e.currentTarget.value } : x)) })} error={errors[`fees.${i}.label`]} />
                      <MoneyInput style={{ flex: 1.5 }} aria-label={t('documents.feeAmount')} placeholder={t('documents.feeAmount')} value={f.amount} onChange={(amount) => set({ fees: form.fees.map((x, j) => (j === i ? { ...x, amount } : x)) })} error={errors[`fees.${i}.amount`]} />
                      <ActionIcon variant="subtle" color="red" mt={6} onClick={() => set({ fees: form.fees.filter((_, j) => j !== i) })} aria-label={t('common.remove')}><IconTrash size={16} /></ActionIcon>
                    </Group>
                  ))}
                  <Group>
                    <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => set({ fees: [...form.fees, { key: newKey(), label: '', amount: '' }] })} disabled={form.fees.length >= 10} data-testid="doc-add-fee">
                      {t('documents.addFee')}
                    </Button>
                  </Group>
                </Stack>
              </Paper>

              <Paper withBorder p="md" radius="md">
                <Stack gap="sm">
                  <Textarea dir="auto" label={t('documents.terms')} autosize minRows={2} maxRows={8} value={form.terms} onChange={(e) => set({ terms: e.currentTarget.value })} error={errors.terms} data-testid="doc-terms" />
                  <Textarea dir="auto" label={t('documents.notes')} description={t('documents.notesHint')} autosize minRows={2} maxRows={8} value={form.notes} onChange={(e) => set({ notes: e.currentTarget.value })} error={errors.notes} data-testid="doc-notes" />
                </Stack>
              </Paper>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="md" style={{ position: 'sticky', top: 72 }}>
              <TotalsPanel doc={saved} stale={dirty && Boolean(saved)} />
              {editable && (
                <Paper withBorder p="md" radius="md">
                  <Stack gap="xs">
                    <Button type="submit" leftSection={<IconDeviceFloppy size={16} />} loading={busy === 'save'} disabled={busy !== null} data-testid="doc-save">
                      {saved ? t('documents.saveAndTotal') : t('documents.saveDraft')}
                    </Button>
                    <Button variant="default" leftSection={<IconEye size={16} />} loading={busy === 'view'} disabled={busy !== null} onClick={() => void save('view')} data-testid="doc-save-view">
                      {t('documents.saveAndView')}
                    </Button>
                    <Text size="xs" c="dimmed">{t('documents.unitNote', { unit: money.unitLabel })}{form.lines.length > 1 ? ` · ${t('documents.lineCount', { n: fmt.number(form.lines.length) })}` : ''}</Text>
                  </Stack>
                </Paper>
              )}
              {!editable && <Alert color="gray">{t('errors.FORBIDDEN')}</Alert>}
            </Stack>
          </Grid.Col>
        </Grid>
        {editable && (
          <>
            {/* Below the wide layout the totals and buttons sit at the end of a long form: keep saving in reach. */}
            <Box hiddenFrom="lg" h={64} />
            <Paper hiddenFrom="lg" withBorder shadow="md" p="xs" radius={0} style={{ position: 'fixed', insetInline: 0, bottom: 0, zIndex: 90 }} data-testid="doc-save-bar">
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="sm" fw={700} style={{ whiteSpace: 'nowrap', opacity: dirty ? 0.5 : 1 }}>{saved ? money.format(saved.grandTotal) : ''}</Text>
                <Button type="submit" size="sm" leftSection={<IconDeviceFloppy size={16} />} loading={busy === 'save'} disabled={busy !== null}>
                  {saved ? t('documents.saveAndTotal') : t('documents.saveDraft')}
                </Button>
              </Group>
            </Paper>
          </>
        )}
      </Stack>
    </form>
  );
}
