/** Settings for quotes and invoices: the seller's legal details, VAT and validity, the messages sent, and the PDF's look. */
import { useRef, useState, type ReactNode } from 'react';
import { Badge, Button, Checkbox, ColorInput, Group, Paper, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { toLatinDigits } from '../../../../common/fa-normalize';
import { smsParts } from '../../../../common/sms';
import { useFormat } from '../../lib/format';
import { ErrorState, LoadingState } from '../../components/States';
import { bpToPercent, percentToBp, type FullOrgSettings, type PdfShow } from './settings.api';
import { useSettingsSection } from './useSettingsSection';
import { LogoField } from './LogoField';

const PLACEHOLDERS = ['name', 'document', 'number', 'amount', 'link', 'company'] as const;
/** A template opens with a Latin placeholder ({name}), so dir="auto" would call a Persian text left-to-right. */
const textDir = (s: string) => (/[\u0600-\u06FF]/.test(s) ? 'rtl' : 'ltr');

function Card({ title, intro, children, testId }: { title: string; intro?: string; children: ReactNode; testId: string }) {
  return (
    <Paper withBorder p="md" radius="md" data-testid={testId}>
      <Title order={2} size="h5" mb={intro ? 2 : 'sm'}>{title}</Title>
      {intro && <Text size="sm" c="dimmed" mb="sm">{intro}</Text>}
      {children}
    </Paper>
  );
}

function SaveRow({ busy, dirty, testId }: { busy: boolean; dirty: boolean; testId: string }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button type="submit" loading={busy} disabled={!dirty} data-testid={testId}>{t('common.save')}</Button>
    </Group>
  );
}

const LEGAL_KEYS = ['companyLegalName', 'companyEconomicCode', 'companyNationalId', 'companyRegistrationNo', 'companyPostalCode', 'companyAddress', 'companyPhone', 'companyEmail'] as const;

export function CompanyLegalCard() {
  const { t } = useTranslation();
  const s = useSettingsSection(LEGAL_KEYS);
  if (!s.form) return s.settings.isError ? <ErrorState error={s.settings.error} /> : <LoadingState />;
  const f = s.form;
  const field = (k: (typeof LEGAL_KEYS)[number], ltr = false) => (
    <TextInput
      label={t(`documents.settings.${k}`)}
      value={f[k]}
      onChange={(e) => s.set({ [k]: e.currentTarget.value } as Partial<FullOrgSettings>)}
      error={s.errors[k]}
      dir={ltr ? undefined : 'auto'}
      styles={ltr ? { input: { direction: 'ltr', textAlign: 'start' } } : undefined}
      data-testid={`set-${k}`}
    />
  );
  return (
    <Card title={t('documents.settings.legalTitle')} intro={t('documents.settings.legalIntro')} testId="settings-legal">
      <form onSubmit={(e) => { e.preventDefault(); void s.save(); }} noValidate>
        <Stack gap="sm">
          {field('companyLegalName')}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {field('companyEconomicCode', true)}
            {field('companyNationalId', true)}
            {field('companyRegistrationNo', true)}
            {field('companyPostalCode', true)}
            {field('companyPhone', true)}
            {field('companyEmail', true)}
          </SimpleGrid>
          <Textarea dir="auto" label={t('documents.settings.companyAddress')} autosize minRows={2} value={f.companyAddress} onChange={(e) => s.set({ companyAddress: e.currentTarget.value })} error={s.errors.companyAddress} data-testid="set-companyAddress" />
          <SaveRow busy={s.busy} dirty={s.dirty} testId="save-legal" />
        </Stack>
      </form>
    </Card>
  );
}

const RULE_KEYS = ['vatRateBp', 'quoteValidityDays', 'publicLinkDays', 'documentTerms'] as const;

export function DocumentRulesCard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const s = useSettingsSection(RULE_KEYS);
  const [text, setText] = useState<{ vat?: string; validity?: string; link?: string }>({});
  if (!s.form) return s.settings.isError ? <ErrorState error={s.settings.error} /> : <LoadingState />;
  const f = s.form;
  // The inputs keep what was typed (Persian digits, a half-typed "9.") until it is saved.
  const vat = text.vat ?? fmt.digits(bpToPercent(f.vatRateBp)).replace('.', fmt.locale === 'fa' ? '٫' : '.');
  const validity = text.validity ?? fmt.digits(String(f.quoteValidityDays));
  const link = text.link ?? fmt.digits(String(f.publicLinkDays));
  const typed = (k: 'vat' | 'validity' | 'link', v: string) => {
    setText((x) => ({ ...x, [k]: v }));
    s.set({});
  };
  const days = (v: string) => {
    const n = Number(toLatinDigits(v.trim()));
    return /^\d{1,3}$/.test(toLatinDigits(v.trim())) && n >= 1 && n <= 365 ? n : null;
  };
  const submit = () => {
    const errors: Record<string, string> = {};
    const bp = percentToBp(vat, toLatinDigits);
    if (bp === null) errors.vatRateBp = t('documents.settings.vatInvalid');
    const qv = days(validity);
    if (qv === null) errors.quoteValidityDays = t('documents.settings.daysInvalid');
    const ld = days(link);
    if (ld === null) errors.publicLinkDays = t('documents.settings.daysInvalid');
    void s.save({ vatRateBp: bp ?? 0, quoteValidityDays: qv ?? 1, publicLinkDays: ld ?? 1, documentTerms: f.documentTerms }, errors).then((ok) => {
      if (ok) setText({});
    });
  };
  return (
    <Card title={t('documents.settings.rulesTitle')} testId="settings-doc-rules">
      <form onSubmit={(e) => { e.preventDefault(); submit(); }} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <TextInput label={t('documents.settings.vatRate')} value={vat} onChange={(e) => typed('vat', e.currentTarget.value)} rightSection={<Text size="sm" c="dimmed">{fmt.locale === 'fa' ? '٪' : '%'}</Text>} error={s.errors.vatRateBp} inputMode="decimal" data-testid="set-vat" />
            <TextInput label={t('documents.settings.quoteValidityDays')} value={validity} onChange={(e) => typed('validity', e.currentTarget.value)} rightSection={<Text size="xs" c="dimmed">{t('documents.settings.days')}</Text>} rightSectionWidth={40} error={s.errors.quoteValidityDays} inputMode="numeric" data-testid="set-validity" />
            <TextInput label={t('documents.settings.publicLinkDays')} value={link} onChange={(e) => typed('link', e.currentTarget.value)} rightSection={<Text size="xs" c="dimmed">{t('documents.settings.days')}</Text>} rightSectionWidth={40} error={s.errors.publicLinkDays} inputMode="numeric" data-testid="set-link-days" />
          </SimpleGrid>
          <Text size="xs" c="dimmed">{t('documents.settings.vatHint')}</Text>
          <Textarea dir="auto" label={t('documents.settings.documentTerms')} description={t('documents.settings.documentTermsHint')} autosize minRows={2} maxRows={8} value={f.documentTerms} onChange={(e) => s.set({ documentTerms: e.currentTarget.value })} error={s.errors.documentTerms} data-testid="set-terms" />
          <SaveRow busy={s.busy} dirty={s.dirty} testId="save-doc-rules" />
        </Stack>
      </form>
    </Card>
  );
}

/** A template field with the placeholders as chips that insert themselves where the cursor is. */
function TemplateField({ label, value, onChange, error, multiline, testId, footer }: {
  label: string; value: string; onChange: (v: string) => void; error?: string; multiline?: boolean; testId: string; footer?: ReactNode;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLTextAreaElement & HTMLInputElement>(null);
  const insert = (p: string) => {
    const el = ref.current;
    const token = `{${p}}`;
    const at = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? at;
    onChange(value.slice(0, at) + token + value.slice(end));
    requestAnimationFrame(() => { el?.focus(); el?.setSelectionRange(at + token.length, at + token.length); });
  };
  const input = multiline
    ? <Textarea dir={textDir(value)} ref={ref} label={label} autosize minRows={4} maxRows={12} value={value} onChange={(e) => onChange(e.currentTarget.value)} error={error} data-testid={testId} />
    : <TextInput dir={textDir(value)} ref={ref} label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)} error={error} data-testid={testId} />;
  return (
    <Stack gap={4}>
      {input}
      <Group gap={4} wrap="wrap">
        <Text size="xs" c="dimmed">{t('documents.settings.insert')}</Text>
        {PLACEHOLDERS.map((p) => (
          <Badge key={p} variant="light" color="gray" size="sm" tt="none" style={{ cursor: 'pointer', direction: 'ltr' }} onClick={() => insert(p)} title={t(`documents.settings.placeholder.${p}`)} component="button" type="button">
            {`{${p}}`}
          </Badge>
        ))}
        {footer}
      </Group>
    </Stack>
  );
}

const TEMPLATE_KEYS = ['smsTemplateDocument', 'emailSubjectDocument', 'emailBodyDocument'] as const;

export function MessageTemplatesCard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const s = useSettingsSection(TEMPLATE_KEYS);
  if (!s.form) return s.settings.isError ? <ErrorState error={s.settings.error} /> : <LoadingState />;
  const f = s.form;
  const parts = smsParts(f.smsTemplateDocument);
  return (
    <Card title={t('documents.settings.templatesTitle')} intro={t('documents.settings.templatesIntro')} testId="settings-templates">
      <form onSubmit={(e) => { e.preventDefault(); void s.save(); }} noValidate>
        <Stack gap="md">
          <TemplateField
            label={t('documents.settings.smsTemplate')} value={f.smsTemplateDocument} onChange={(v) => s.set({ smsTemplateDocument: v })} error={s.errors.smsTemplateDocument} multiline testId="set-sms-template"
            footer={<Text size="xs" c="dimmed" ms="auto">{t('documents.settings.smsParts', { chars: t('smsSize.chars', { n: fmt.number(parts.chars), count: parts.chars }), parts: t('smsSize.parts', { n: fmt.number(parts.parts), count: parts.parts }) })}</Text>}
          />
          <TemplateField label={t('documents.settings.emailSubject')} value={f.emailSubjectDocument} onChange={(v) => s.set({ emailSubjectDocument: v })} error={s.errors.emailSubjectDocument} testId="set-email-subject" />
          <TemplateField label={t('documents.settings.emailBody')} value={f.emailBodyDocument} onChange={(v) => s.set({ emailBodyDocument: v })} error={s.errors.emailBodyDocument} multiline testId="set-email-body" />
          <Text size="xs" c="dimmed">{PLACEHOLDERS.map((p) => `{${p}} ${t(`documents.settings.placeholder.${p}`)}`).join(' · ')}</Text>
          <SaveRow busy={s.busy} dirty={s.dirty} testId="save-templates" />
        </Stack>
      </form>
    </Card>
  );
}

const SHOW_KEYS: (keyof PdfShow)[] = ['economicCode', 'nationalId', 'registrationNumber', 'postalCode', 'address', 'phone', 'amountInWords', 'lineCodes', 'signature'];

export function PdfTemplateCard() {
  const { t } = useTranslation();
  const s = useSettingsSection(['pdfTemplate'] as const);
  if (!s.form) return s.settings.isError ? <ErrorState error={s.settings.error} /> : <LoadingState />;
  const p = s.form.pdfTemplate;
  const setP = (patch: Partial<typeof p>) => s.set({ pdfTemplate: { ...p, ...patch } });
  return (
    <Card title={t('documents.settings.pdfTitle')} intro={t('documents.settings.pdfIntro')} testId="settings-pdf">
      <Stack gap="md">
        <LogoField />
        <form onSubmit={(e) => { e.preventDefault(); void s.save(); }} noValidate>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <ColorInput label={t('documents.settings.primaryColor')} value={p.primaryColor} onChange={(v) => setP({ primaryColor: v })} format="hex" error={s.errors['pdfTemplate.primaryColor']} styles={{ input: { direction: 'ltr' } }} data-testid="set-primary-color" />
              <ColorInput label={t('documents.settings.accentColor')} value={p.accentColor} onChange={(v) => setP({ accentColor: v })} format="hex" error={s.errors['pdfTemplate.accentColor']} styles={{ input: { direction: 'ltr' } }} data-testid="set-accent-color" />
            </SimpleGrid>
            <TextInput dir="auto" label={t('documents.settings.headerText')} value={p.headerText} onChange={(e) => setP({ headerText: e.currentTarget.value })} error={s.errors['pdfTemplate.headerText']} data-testid="set-header-text" />
            <TextInput dir="auto" label={t('documents.settings.footerText')} value={p.footerText} onChange={(e) => setP({ footerText: e.currentTarget.value })} error={s.errors['pdfTemplate.footerText']} data-testid="set-footer-text" />
            <Text size="sm" fw={500}>{t('documents.settings.showOnPdf')}</Text>
            <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }} spacing="xs">
              {SHOW_KEYS.map((k) => (
                <Checkbox key={k} label={t(`documents.settings.show.${k}`)} checked={p.show[k]} onChange={(e) => setP({ show: { ...p.show, [k]: e.currentTarget.checked } })} data-testid={`set-show-${k}`} />
              ))}
            </SimpleGrid>
            <SaveRow busy={s.busy} dirty={s.dirty} testId="save-pdf" />
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}
