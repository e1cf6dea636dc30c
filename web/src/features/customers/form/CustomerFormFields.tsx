/** Every editable field of a customer; used by the "new customer" modal and the profile's edit drawer. */
import { Divider, SegmentedControl, Select, SimpleGrid, Stack, Switch, TagsInput, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CHANNELS, GENDERS, LIFECYCLE_STAGES, SOURCES } from '../../../../../common/customer.schemas';
import type { CustomField } from '../../../api/types';
import { useActiveUserOptions } from '../../../api/reference';
import { DateField } from '../../../components/DateFields';
import type { FieldErrors } from '../../../lib/errors';
import { CustomFieldInput } from '../custom/CustomFieldInput';
import type { CustomerFormState } from './customer-form-state';
import { EmailRows, PhoneRows } from './ContactRows';
import { ReferrerField } from './ReferrerField';

type Props = {
  state: CustomerFormState;
  onChange: (patch: Partial<CustomerFormState>) => void;
  errors: FieldErrors;
  customFields: CustomField[];
  /** The record being edited (a customer cannot be their own referrer). */
  selfId?: string;
};

export function CustomerFormFields({ state, onChange, errors, customFields, selfId }: Props) {
  const { t } = useTranslation();
  const userOptions = useActiveUserOptions();
  const person = state.kind === 'person';
  const text = (key: keyof CustomerFormState) => ({
    value: state[key] as string,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => onChange({ [key]: e.currentTarget.value }),
    error: errors[key],
    'data-testid': `field-${key}`,
  });

  return (
    <Stack gap="sm">
      <SegmentedControl
        value={state.kind}
        onChange={(v) => onChange({ kind: v as CustomerFormState['kind'] })}
        data={[{ value: 'person', label: t('kind.person') }, { value: 'organization', label: t('kind.organization') }]}
        data-testid="field-kind"
      />
      {person ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('customer.firstName')} {...text('firstName')} autoFocus />
          <TextInput label={t('customer.lastName')} {...text('lastName')} />
          <TextInput label={t('customer.title')} {...text('title')} />
          <Select
            label={t('customer.gender')}
            data={GENDERS.map((g) => ({ value: g, label: t(`gender.${g}`) }))}
            value={state.gender}
            onChange={(v) => onChange({ gender: v })}
            clearable
          />
          <TextInput label={t('customer.nationalId')} {...text('nationalId')} dir="ltr" inputMode="numeric" />
          <DateField label={t('customer.birthday')} value={state.birthday} onChange={(v) => onChange({ birthday: v })} error={errors.birthday} testId="field-birthday" />
        </SimpleGrid>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('customer.orgName')} {...text('orgName')} required autoFocus />
          <TextInput label={t('customer.companyNationalId')} {...text('companyNationalId')} dir="ltr" inputMode="numeric" />
        </SimpleGrid>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label={t('customer.latinName')} {...text('latinName')} dir="ltr" />
        <TextInput label={t('customer.economicCode')} {...text('economicCode')} dir="ltr" inputMode="numeric" />
      </SimpleGrid>

      <Divider label={t('customer.contact')} labelPosition="left" />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <PhoneRows rows={state.phones} onChange={(phones) => onChange({ phones })} errors={errors} />
        <EmailRows rows={state.emails} onChange={(emails) => onChange({ emails })} errors={errors} />
        <TextInput label={t('customer.city')} {...text('city')} />
        <TextInput label={t('customer.province')} {...text('province')} />
        <Select
          label={t('customer.preferredChannel')}
          data={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
          value={state.preferredChannel}
          onChange={(v) => onChange({ preferredChannel: v })}
          clearable
        />
      </SimpleGrid>

      <Divider label={t('customer.relationship')} labelPosition="left" />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label={t('customer.stage')}
          data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))}
          value={state.lifecycleStage}
          onChange={(v) => onChange({ lifecycleStage: v ?? 'lead' })}
          allowDeselect={false}
          data-testid="field-stage"
        />
        <Select
          label={t('customer.source')}
          data={SOURCES.map((s) => ({ value: s, label: t(`source.${s}`) }))}
          value={state.source}
          onChange={(v) => onChange({ source: v })}
          clearable
          data-testid="field-source"
        />
        <Select
          label={t('customer.owner')}
          data={userOptions}
          value={state.ownerId}
          onChange={(v) => onChange({ ownerId: v })}
          clearable
          searchable
          nothingFoundMessage={t('common.nothingFound')}
        />
        <ReferrerField value={state.referredBy} onChange={(referredBy) => onChange({ referredBy })} error={errors.referredByCustomerId} selfId={selfId} />
        <TagsInput
          label={t('customer.tags')}
          value={state.tags}
          onChange={(tags) => onChange({ tags })}
          clearable
          description={t('customer.tagsHint')}
          data-testid="field-tags"
        />
        <Switch label={t('customer.smsConsent')} checked={state.smsConsent} onChange={(e) => onChange({ smsConsent: e.currentTarget.checked })} />
        <Switch label={t('customer.emailConsent')} checked={state.emailConsent} onChange={(e) => onChange({ emailConsent: e.currentTarget.checked })} />
      </SimpleGrid>

      {customFields.length > 0 && (
        <>
          <Divider label={t('customer.customFields')} labelPosition="left" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {customFields.map((f) => (
              <CustomFieldInput
                key={f.id}
                field={f}
                value={state.custom[f.key]}
                onChange={(v) => onChange({ custom: { ...state.custom, [f.key]: v } })}
                error={errors[`custom.${f.key}`]}
              />
            ))}
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
