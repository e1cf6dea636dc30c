/** Editing the preferences: products from the catalog, short tastes, channel, hours and language, important dates. */
import { useState } from 'react';
import { ActionIcon, Badge, Button, CloseButton, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { apiFieldErrors, errorMessage } from '../../lib/errors';
import { ProductPicker } from '../products/ProductPicker';
import { productName } from '../products/products.api';
import { CHANNELS } from '../../../../common/customer.schemas';
import { IMPORTANT_DATE_KINDS, type PreferencesInput } from '../../../../common/preferences.schemas';
import { monthName, productLabel, type Preferences } from './preferences.view';

type DateRow = Preferences['importantDates'][number];

export function PreferencesModal({ customerId, initial, onClose, onSaved }: { customerId: string; initial: Preferences; onClose: () => void; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [products, setProducts] = useState(initial.favouriteProducts.map((p) => ({ id: p.id, label: productLabel(p, i18n.language) })));
  const [tastes, setTastes] = useState(initial.tastes ?? '');
  const [channel, setChannel] = useState<string | null>(initial.preferredChannel);
  const [from, setFrom] = useState(initial.contactFrom ?? '');
  const [to, setTo] = useState(initial.contactTo ?? '');
  const [language, setLanguage] = useState<string | null>(initial.language);
  const [dates, setDates] = useState<DateRow[]>(initial.importantDates);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: () => api.put<Preferences>(`/customers/${customerId}/preferences`, {
      favouriteProductIds: products.map((p) => p.id), tastes: tastes.trim() || null, preferredChannel: channel,
      contactFrom: from.trim() || null, contactTo: to.trim() || null, language, importantDates: dates.map((d) => ({ ...d, label: d.label.trim() })),
    } satisfies Partial<Record<keyof PreferencesInput, unknown>>),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('preferences.saved') });
      void qc.invalidateQueries({ queryKey: ['preferences', customerId] });
      onSaved();
    },
    onError: (err) => { setErrors(apiFieldErrors(t, err) as Record<string, string>); notifications.show({ color: 'red', message: errorMessage(t, err) }); },
  });
  const setDate = (i: number, patch: Partial<DateRow>) => setDates(dates.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const err = (key: string) => errors[key] ?? Object.entries(errors).find(([k]) => k.startsWith(`${key}.`))?.[1];

  return (
    <Modal opened onClose={onClose} title={t('preferences.edit')} size="lg">
      <Stack gap="sm">
        <Stack gap={4}>
          <Text size="sm" fw={500}>{t('preferences.favourites')}</Text>
          <Group gap={4} data-testid="pref-product-list">
            {products.map((p) => (
              <Badge key={p.id} variant="light" style={{ textTransform: 'none' }} rightSection={<CloseButton size="xs" aria-label={t('preferences.removeProduct', { name: p.label })} onClick={() => setProducts(products.filter((x) => x.id !== p.id))} />}>{p.label}</Badge>
            ))}
          </Group>
          <ProductPicker value={null} placeholder={t('preferences.addProduct')} exclude={products.map((p) => p.id)} testId="pref-product-picker" error={err('favouriteProductIds')}
            onPick={(p) => { if (p && products.length < 20) setProducts([...products, { id: p.id, label: productName(p, i18n.language) }]); }} />
        </Stack>
        <TextInput label={t('preferences.tastes')} placeholder={t('preferences.tastesHint')} maxLength={300} value={tastes} onChange={(e) => setTastes(e.currentTarget.value)} error={err('tastes')} data-testid="pref-tastes-input" />
        <Group grow align="flex-start">
          <Select label={t('preferences.channel')} clearable data={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} value={channel} onChange={setChannel} data-testid="pref-channel" comboboxProps={{ withinPortal: true }} />
          <Select label={t('preferences.language')} clearable data={(['fa', 'en'] as const).map((l) => ({ value: l, label: t(`preferences.lang.${l}`) }))} value={language} onChange={setLanguage} data-testid="pref-language" comboboxProps={{ withinPortal: true }} />
        </Group>
        <Stack gap={2}>
          <Text size="sm" fw={500}>{t('preferences.hours')}</Text>
          <Group grow align="flex-start">
            <TextInput label={t('preferences.from')} placeholder="17:00" dir="ltr" value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={err('contactFrom')} data-testid="pref-from" />
            <TextInput label={t('preferences.to')} placeholder="19:00" dir="ltr" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={err('contactTo')} data-testid="pref-to" />
          </Group>
          <Text size="xs" c="dimmed">{t('preferences.hoursHint')}</Text>
        </Stack>
        <Stack gap={4}>
          <Text size="sm" fw={500}>{t('preferences.dates')}</Text>
          {dates.map((d, i) => (
            <Group key={i} gap="xs" align="flex-end" wrap="wrap" data-testid={`pref-date-${i}`}>
              <TextInput w={160} label={t('preferences.label')} value={d.label} maxLength={60} onChange={(e) => setDate(i, { label: e.currentTarget.value })} error={err(`importantDates.${i}.label`)} data-testid={`pref-date-label-${i}`} />
              <Select w={140} label={t('preferences.kind')} data={IMPORTANT_DATE_KINDS.map((k) => ({ value: k, label: t(`preferences.dateKind.${k}`) }))} value={d.kind} allowDeselect={false} onChange={(v) => v && setDate(i, { kind: v as DateRow['kind'] })} comboboxProps={{ withinPortal: true }} />
              <Select w={170} label={t('preferences.calendar')} data={(['jalali', 'gregorian'] as const).map((c) => ({ value: c, label: t(`prefs.${c}`) }))} value={d.calendar} allowDeselect={false} onChange={(v) => v && setDate(i, { calendar: v as DateRow['calendar'] })} comboboxProps={{ withinPortal: true }} />
              <Select w={120} label={t('preferences.month')} data={Array.from({ length: 12 }, (_, m) => ({ value: String(m + 1), label: monthName(t, i18n.language, d.calendar, m + 1) }))} value={String(d.month)} allowDeselect={false} onChange={(v) => v && setDate(i, { month: Number(v) })} comboboxProps={{ withinPortal: true }} data-testid={`pref-date-month-${i}`} />
              <NumberInput w={70} label={t('preferences.day')} min={1} max={31} value={d.day} onChange={(v) => setDate(i, { day: Number(v) || 1 })} error={err(`importantDates.${i}.day`)} data-testid={`pref-date-day-${i}`} />
              <NumberInput w={100} label={t('preferences.year')} min={1300} max={2100} value={d.year ?? ''} onChange={(v) => setDate(i, { year: v === '' ? null : Number(v) })} error={err(`importantDates.${i}.year`)} />
              <ActionIcon variant="subtle" color="red" mb={4} aria-label={t('preferences.removeDate')} onClick={() => setDates(dates.filter((_, j) => j !== i))}><IconTrash size={16} /></ActionIcon>
            </Group>
          ))}
          {dates.length < 20 && (
            <Button size="compact-sm" variant="light" w="fit-content" data-testid="pref-add-date"
              onClick={() => setDates([...dates, { label: '', kind: 'anniversary', calendar: i18n.language === 'fa' ? 'jalali' : 'gregorian', month: 1, day: 1, year: null }])}>
              {t('preferences.addDate')}
            </Button>
          )}
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="pref-save">{t('common.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
