import { useEffect, useState } from 'react';
import { ActionIcon, Button, Checkbox, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CUSTOM_FIELD_TYPES, customFieldCreate, customFieldUpdate, type CustomFieldType } from '../../../../common/customer.schemas';
import { api } from '../../api/client';
import type { CustomField, CustomFieldOption } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';

/** Create a field (key and type are fixed afterwards, since stored values depend on them) or edit its labels and rules. */
export function CustomFieldModal({ field, onClose }: { field: CustomField | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const isNew = field === 'new';
  const [key, setKey] = useState('');
  const [labelFa, setLabelFa] = useState('');
  const [labelEn, setLabelEn] = useState('');
  const [type, setType] = useState<CustomFieldType>('text');
  const [options, setOptions] = useState<CustomFieldOption[]>([]);
  const [required, setRequired] = useState(false);
  const [min, setMin] = useState<number | ''>('');
  const [max, setMax] = useState<number | ''>('');
  const [position, setPosition] = useState<number>(0);
  const { busy, errors, formError, valid, run, reset } = useFormSubmit();
  const hasOptions = type === 'select' || type === 'multi_select';
  const hasRange = type === 'number' || type === 'text';

  useEffect(() => {
    const f = field && field !== 'new' ? field : null;
    setKey(f?.key ?? '');
    setLabelFa(f?.labelFa ?? '');
    setLabelEn(f?.labelEn ?? '');
    setType(f?.type ?? 'text');
    setOptions(f?.options ?? []);
    setRequired(f?.required ?? false);
    setMin(f?.min ?? '');
    setMax(f?.max ?? '');
    setPosition(f?.position ?? 0);
    reset();
  }, [field, reset]);

  const setOption = (i: number, patch: Partial<CustomFieldOption>) => setOptions((os) => os.map((o, j) => (j === i ? { ...o, ...patch } : o)));

  async function save() {
    const rules = {
      labelFa, labelEn, required, position,
      options: hasOptions ? options : [],
      min: hasRange && min !== '' ? min : null,
      max: hasRange && max !== '' ? max : null,
    };
    const body = isNew ? { key, type, ...rules } : rules;
    if (!valid((isNew ? customFieldCreate : customFieldUpdate), body)) return;
    await run(async () => {
      if (isNew) await api.post('/custom-fields', body);
      else if (field) await api.patch(`/custom-fields/${field.id}`, body);
      await queryClient.invalidateQueries({ queryKey: ['custom-fields'] });
      notifications.show({ color: 'teal', message: t('customFields.saved') });
      onClose();
    });
  }

  return (
    <Modal opened={field !== null} onClose={onClose} title={t(isNew ? 'customFields.new' : 'customFields.edit')} size="lg">
      <form onSubmit={submitHandler(save)} noValidate data-testid="custom-field-form">
        <Stack>
          <FormErrorAlert error={formError} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('customFields.labelFa')} value={labelFa} onChange={(e) => setLabelFa(e.currentTarget.value)} required error={errors.labelFa} dir="rtl" data-testid="cf-labelFa" />
            <TextInput label={t('customFields.labelEn')} value={labelEn} onChange={(e) => setLabelEn(e.currentTarget.value)} required error={errors.labelEn} dir="ltr" data-testid="cf-labelEn" />
            <TextInput label={t('customFields.key')} description={t('customFields.keyHint')} value={key} onChange={(e) => setKey(e.currentTarget.value)} required disabled={!isNew} error={errors.key} dir="ltr" data-testid="cf-key" />
            <Select
              label={t('customFields.type')}
              data={CUSTOM_FIELD_TYPES.map((x) => ({ value: x, label: t(`fieldType.${x}`) }))}
              value={type}
              onChange={(v) => setType((v ?? 'text') as CustomFieldType)}
              disabled={!isNew}
              allowDeselect={false}
              data-testid="cf-type"
            />
            {hasRange && (
              <>
                <NumberInput label={t(type === 'text' ? 'customFields.minLength' : 'customFields.min')} value={min} onChange={(v) => setMin(v === '' ? '' : Number(v))} error={errors.min} data-testid="cf-min" />
                <NumberInput label={t(type === 'text' ? 'customFields.maxLength' : 'customFields.max')} value={max} onChange={(v) => setMax(v === '' ? '' : Number(v))} error={errors.max} data-testid="cf-max" />
              </>
            )}
            <NumberInput label={t('customFields.position')} value={position} onChange={(v) => setPosition(Number(v) || 0)} min={0} max={1000} />
            <Checkbox label={t('customFields.required')} checked={required} onChange={(e) => setRequired(e.currentTarget.checked)} mt="xl" />
          </SimpleGrid>
          {hasOptions && (
            <Stack gap={6}>
              <Text size="sm" fw={600}>{t('customFields.options')}</Text>
              {errors.options && <Text size="xs" c="red">{errors.options}</Text>}
              {options.map((o, i) => (
                <Group key={i} gap={6} wrap="nowrap" align="flex-start">
                  <TextInput style={{ flex: 1 }} aria-label={t('customFields.optionValue')} placeholder={t('customFields.optionValue')} value={o.value} onChange={(e) => setOption(i, { value: e.currentTarget.value })} dir="ltr" error={errors[`options.${i}.value`]} data-testid={`cf-option-value-${i}`} />
                  <TextInput style={{ flex: 1 }} aria-label={t('customFields.labelFa')} placeholder={t('customFields.labelFa')} value={o.labelFa} onChange={(e) => setOption(i, { labelFa: e.currentTarget.value })} dir="rtl" error={errors[`options.${i}.labelFa`]} data-testid={`cf-option-fa-${i}`} />
                  <TextInput style={{ flex: 1 }} aria-label={t('customFields.labelEn')} placeholder={t('customFields.labelEn')} value={o.labelEn} onChange={(e) => setOption(i, { labelEn: e.currentTarget.value })} dir="ltr" error={errors[`options.${i}.labelEn`]} data-testid={`cf-option-en-${i}`} />
                  <ActionIcon variant="subtle" color="gray" mt={4} onClick={() => setOptions((os) => os.filter((_, j) => j !== i))} aria-label={t('common.remove')}><IconTrash size={16} /></ActionIcon>
                </Group>
              ))}
              <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => setOptions((os) => [...os, { value: '', labelFa: '', labelEn: '' }])} style={{ alignSelf: 'flex-start' }} data-testid="cf-add-option">
                {t('customFields.addOption')}
              </Button>
            </Stack>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="save-custom-field">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
