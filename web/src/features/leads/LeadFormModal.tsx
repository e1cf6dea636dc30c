/** The lead form builder: fields mapped to customer or custom fields, consents with their text, thank-you, owner rule, deal. */
import { useState } from 'react';
import { ActionIcon, Button, Checkbox, Divider, Group, Modal, MultiSelect, NumberInput, SegmentedControl, Select, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCustomFields, useUsers } from '../../api/reference';
import { usePipelines } from '../deals/deals.api';
import { LEAD_FIELD_TYPES, LEAD_TARGETS, type leadFormCreate } from '../../../../common/leads.schemas';
import type { z } from 'zod';

export type LeadFormInput = z.input<typeof leadFormCreate>;
type Field = LeadFormInput['fields'][number];
type Consent = NonNullable<LeadFormInput['consents']>[number];

export const emptyLeadForm = (): LeadFormInput => ({
  name: '', title: { fa: '', en: '' }, language: 'fa', createDeal: false, stageId: null, proofOfWork: 0, active: true,
  fields: [
    { key: 'name', target: 'lastName', label: { fa: 'نام و نام خانوادگی', en: 'Name' }, required: true, type: 'text' },
    { key: 'mobile', target: 'phone', label: { fa: 'موبایل', en: 'Mobile' }, required: true, type: 'tel' },
    { key: 'email', target: 'email', label: { fa: 'ایمیل', en: 'Email' }, required: false, type: 'email' },
  ],
  consents: [], thankYou: { kind: 'message', text: { fa: 'سپاس! به‌زودی با شما تماس می‌گیریم.', en: 'Thank you! We will be in touch.' } },
  ownerRule: { kind: 'none' },
});

export function LeadFormModal({ initial, saving, error, onSave, onClose }: { initial: LeadFormInput; saving: boolean; error?: string; onSave: (v: LeadFormInput) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState<LeadFormInput>(initial);
  const users = useUsers();
  const customs = useCustomFields();
  const pipelines = usePipelines();
  const set = (patch: Partial<LeadFormInput>) => setV((cur) => ({ ...cur, ...patch }));
  const setField = (i: number, patch: Partial<Field>) => set({ fields: v.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) });
  const targets = [
    ...LEAD_TARGETS.map((x) => ({ value: x, label: t(`leads.target.${x}`) })),
    ...(customs.data?.items ?? []).map((c) => ({ value: `custom:${c.key}`, label: `${t('leads.customField')}: ${c.labelFa}` })),
  ];
  const userOptions = (users.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }));
  const stageOptions = (pipelines.data?.items ?? []).flatMap((p) => p.stages.map((s) => ({ value: s.id, label: `${p.name} — ${s.name}` })));
  const consents = v.consents ?? [];
  const consentOf = (ch: 'sms' | 'email') => consents.find((c) => c.channel === ch);
  const setConsent = (ch: 'sms' | 'email', c: Consent | null) => set({ consents: [...consents.filter((x) => x.channel !== ch), ...(c ? [c] : [])] });
  const rule = v.ownerRule ?? { kind: 'none' };

  return (
    <Modal opened onClose={onClose} size="xl" title={t(initial.name ? 'leads.edit' : 'leads.add')}>
      <Stack gap="sm" data-testid="lead-form-builder">
        <Group grow>
          <TextInput label={t('leads.name')} value={v.name} onChange={(e) => set({ name: e.currentTarget.value })} required data-testid="lead-form-name" />
          <Select label={t('leads.language')} value={v.language ?? 'fa'} onChange={(x) => set({ language: (x ?? 'fa') as 'fa' | 'en' })} data={[{ value: 'fa', label: 'فارسی (RTL)' }, { value: 'en', label: 'English (LTR)' }]} allowDeselect={false} data-testid="lead-form-language" />
        </Group>
        <Group grow>
          <TextInput label={t('leads.titleFa')} value={v.title.fa} onChange={(e) => set({ title: { ...v.title, fa: e.currentTarget.value } })} required data-testid="lead-form-title" />
          <TextInput label={t('leads.titleEn')} value={v.title.en ?? ''} onChange={(e) => set({ title: { ...v.title, en: e.currentTarget.value } })} dir="ltr" data-testid="lead-form-title-en" />
        </Group>
        <Divider label={t('leads.fields')} labelPosition="left" />
        {v.fields.map((f, i) => (
          <Group key={i} gap="xs" align="end" wrap="nowrap" data-testid="lead-field-row">
            <TextInput label={t('leads.key')} value={f.key} onChange={(e) => setField(i, { key: e.currentTarget.value })} dir="ltr" w={110} />
            <Select label={t('leads.mapsTo')} value={f.target} onChange={(x) => x && setField(i, { target: x })} data={targets} searchable allowDeselect={false} w={170} />
            <TextInput label={t('leads.labelFa')} value={f.label.fa} onChange={(e) => setField(i, { label: { ...f.label, fa: e.currentTarget.value } })} style={{ flex: 1 }} />
            <TextInput label={t('leads.labelEn')} value={f.label.en ?? ''} onChange={(e) => setField(i, { label: { ...f.label, en: e.currentTarget.value } })} dir="ltr" style={{ flex: 1 }} />
            <Select label={t('leads.type')} value={f.type ?? 'text'} onChange={(x) => setField(i, { type: (x ?? 'text') as Field['type'] })} data={LEAD_FIELD_TYPES.map((x) => ({ value: x, label: t(`leads.fieldType.${x}`) }))} allowDeselect={false} w={110} />
            <Checkbox label={t('leads.required')} checked={!!f.required} onChange={(e) => setField(i, { required: e.currentTarget.checked })} mb={8} />
            <ActionIcon variant="subtle" color="red" aria-label={t('leads.removeField')} onClick={() => set({ fields: v.fields.filter((_, j) => j !== i) })} mb={4}>×</ActionIcon>
          </Group>
        ))}
        <Group><Button variant="light" size="xs" onClick={() => set({ fields: [...v.fields, { key: `field${v.fields.length + 1}`, target: 'city', label: { fa: '', en: '' }, required: false, type: 'text' }] })}>{t('leads.addField')}</Button></Group>
        <Divider label={t('leads.consents')} labelPosition="left" />
        {(['sms', 'email'] as const).map((ch) => {
          const c = consentOf(ch);
          return (
            <Stack key={ch} gap={4}>
              <Switch label={t(`leads.consent.${ch}`)} checked={!!c} onChange={(e) => setConsent(ch, e.currentTarget.checked ? { channel: ch, text: { fa: t(`leads.consentDefault.${ch}`), en: '' } } : null)} />
              {c && <Group grow>
                <Textarea label={t('leads.consentTextFa')} value={c.text.fa} onChange={(e) => setConsent(ch, { ...c, text: { ...c.text, fa: e.currentTarget.value } })} autosize minRows={1} />
                <Textarea label={t('leads.consentTextEn')} value={c.text.en ?? ''} onChange={(e) => setConsent(ch, { ...c, text: { ...c.text, en: e.currentTarget.value } })} autosize minRows={1} dir="ltr" />
              </Group>}
            </Stack>
          );
        })}
        <Divider label={t('leads.thankYou')} labelPosition="left" />
        <SegmentedControl value={v.thankYou.kind} onChange={(k) => set({ thankYou: k === 'redirect' ? { kind: 'redirect', url: 'https://' } : { kind: 'message', text: { fa: '', en: '' } } })}
          data={[{ value: 'message', label: t('leads.thanksMessage') }, { value: 'redirect', label: t('leads.thanksRedirect') }]} />
        {v.thankYou.kind === 'message' ? (() => { const ty = v.thankYou; return (
          <Group grow>
            <Textarea label={t('leads.thanksFa')} value={ty.text.fa} onChange={(e) => set({ thankYou: { kind: 'message', text: { ...ty.text, fa: e.currentTarget.value } } })} autosize minRows={1} />
            <Textarea label={t('leads.thanksEn')} value={ty.text.en ?? ''} onChange={(e) => set({ thankYou: { kind: 'message', text: { ...ty.text, en: e.currentTarget.value } } })} autosize minRows={1} dir="ltr" />
          </Group>); })()
          : <TextInput label={t('leads.redirectUrl')} description={t('leads.redirectHint')} value={v.thankYou.url} onChange={(e) => set({ thankYou: { kind: 'redirect', url: e.currentTarget.value } })} dir="ltr" />}
        <Divider label={t('leads.owner')} labelPosition="left" />
        <SegmentedControl value={rule.kind} onChange={(k) => set({ ownerRule: k === 'round_robin' ? { kind: 'round_robin', userIds: [] } : k === 'field' ? { kind: 'field', field: v.fields[0]?.key ?? '', map: {}, fallbackUserId: null } : { kind: 'none' } })}
          data={[{ value: 'none', label: t('leads.ownerNone') }, { value: 'round_robin', label: t('leads.ownerRoundRobin') }, { value: 'field', label: t('leads.ownerField') }]} />
        {rule.kind === 'round_robin' && <MultiSelect label={t('leads.ownerUsers')} data={userOptions} value={rule.userIds} onChange={(ids) => set({ ownerRule: { kind: 'round_robin', userIds: ids } })} searchable />}
        {rule.kind === 'field' && <FieldRule rule={rule} fields={v.fields} users={userOptions} onChange={(r) => set({ ownerRule: r })} />}
        <Divider label={t('leads.deal')} labelPosition="left" />
        <Group grow align="end">
          <Switch label={t('leads.createDeal')} checked={!!v.createDeal} onChange={(e) => set({ createDeal: e.currentTarget.checked })} />
          <Select label={t('leads.stage')} data={stageOptions} value={v.stageId ?? null} onChange={(x) => set({ stageId: x })} disabled={!v.createDeal} clearable placeholder={t('leads.defaultStage')} />
        </Group>
        <Divider label={t('leads.spam')} labelPosition="left" />
        <Group grow align="end">
          <NumberInput label={t('leads.pow')} description={t('leads.powHint')} min={0} max={22} value={v.proofOfWork ?? 0} onChange={(x) => set({ proofOfWork: Number(x) || 0 })} />
          <Switch label={t('leads.active')} checked={v.active !== false} onChange={(e) => set({ active: e.currentTarget.checked })} />
        </Group>
        {error && <Text c="red" size="sm" role="alert">{error}</Text>}
        <Group justify="flex-end"><Button variant="default" onClick={onClose}>{t('common.cancel')}</Button><Button loading={saving} onClick={() => onSave(v)} data-testid="lead-form-save">{t('common.save')}</Button></Group>
      </Stack>
    </Modal>
  );
}

type FieldRuleValue = { kind: 'field'; field: string; map: Record<string, string>; fallbackUserId?: string | null };
function FieldRule({ rule, fields, users, onChange }: { rule: FieldRuleValue; fields: Field[]; users: { value: string; label: string }[]; onChange: (r: FieldRuleValue) => void }) {
  const { t } = useTranslation();
  const entries = Object.entries(rule.map);
  const setEntries = (es: [string, string][]) => onChange({ ...rule, map: Object.fromEntries(es) });
  return (
    <Stack gap={4}>
      <Group grow>
        <Select label={t('leads.ownerByField')} data={fields.map((f) => ({ value: f.key, label: f.label.fa || f.key }))} value={rule.field} onChange={(x) => onChange({ ...rule, field: x ?? '' })} allowDeselect={false} />
        <Select label={t('leads.ownerFallback')} data={users} value={rule.fallbackUserId ?? null} onChange={(x) => onChange({ ...rule, fallbackUserId: x })} clearable />
      </Group>
      {entries.map(([val, uid], i) => (
        <Group key={i} grow>
          <TextInput placeholder={t('leads.whenValue')} value={val} onChange={(e) => setEntries(entries.map((x, j) => (j === i ? [e.currentTarget.value, x[1]] : x)))} />
          <Select data={users} value={uid} onChange={(x) => x && setEntries(entries.map((y, j) => (j === i ? [y[0], x] : y)))} />
        </Group>
      ))}
      <Group><Button size="xs" variant="light" disabled={!users.length} onClick={() => setEntries([...entries, ['', users[0]?.value ?? '']])}>{t('leads.addMapping')}</Button></Group>
    </Stack>
  );
}
