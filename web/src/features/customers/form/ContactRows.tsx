/** Repeating rows for phones and emails: add, edit, remove; the first row is the primary one. */
import { ActionIcon, Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PHONE_LABELS } from '../../../../../common/customer.schemas';
import type { FieldErrors } from '../../../lib/errors';
import type { PhoneRow } from './customer-form-state';

export function PhoneRows({ rows, onChange, errors }: { rows: PhoneRow[]; onChange: (rows: PhoneRow[]) => void; errors: FieldErrors }) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<PhoneRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Stack gap={6}>
      {rows.map((row, i) => (
        <Group key={i} gap={6} align="flex-start" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            label={i === 0 ? t('customer.phones') : undefined}
            aria-label={t('customer.phoneN', { n: i + 1 })}
            placeholder="0912 345 6789"
            type="tel"
            dir="ltr"
            value={row.number}
            onChange={(e) => set(i, { number: e.currentTarget.value })}
            error={errors[`phones.${i}`]}
            data-testid={`phone-${i}`}
          />
          <Select
            w={110}
            label={i === 0 ? t('customer.phoneLabel') : undefined}
            aria-label={t('customer.phoneLabel')}
            data={PHONE_LABELS.map((l) => ({ value: l, label: t(`phoneLabel.${l}`) }))}
            value={row.label}
            onChange={(v) => set(i, { label: (v ?? 'mobile') as PhoneRow['label'] })}
            allowDeselect={false}
          />
          {rows.length > 1 && (
            <ActionIcon variant="subtle" color="gray" mt={i === 0 ? 28 : 4} onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={t('common.remove')}>
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
      ))}
      {rows.length < 10 && (
        <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => onChange([...rows, { number: '', label: 'mobile' }])} style={{ alignSelf: 'flex-start' }}>
          {t('customer.addPhone')}
        </Button>
      )}
    </Stack>
  );
}

export function EmailRows({ rows, onChange, errors }: { rows: string[]; onChange: (rows: string[]) => void; errors: FieldErrors }) {
  const { t } = useTranslation();
  return (
    <Stack gap={6}>
      {rows.map((row, i) => (
        <Group key={i} gap={6} align="flex-start" wrap="nowrap">
          <TextInput
            style={{ flex: 1 }}
            label={i === 0 ? t('customer.emails') : undefined}
            aria-label={t('customer.emailN', { n: i + 1 })}
            type="email"
            dir="ltr"
            value={row}
            onChange={(e) => onChange(rows.map((r, j) => (j === i ? e.currentTarget.value : r)))}
            error={errors[`emails.${i}`]}
            data-testid={`email-${i}`}
          />
          {rows.length > 1 && (
            <ActionIcon variant="subtle" color="gray" mt={i === 0 ? 28 : 4} onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={t('common.remove')}>
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
      ))}
      {rows.length < 10 && (
        <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => onChange([...rows, ''])} style={{ alignSelf: 'flex-start' }}>
          {t('customer.addEmail')}
        </Button>
      )}
    </Stack>
  );
}
