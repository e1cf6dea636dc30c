/** The program's settings: earning rate (and per category), a point's value, bonuses, tiers and their benefits, expiry. */
import { useEffect, useState } from 'react';
import { ActionIcon, Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { ErrorState, LoadingState } from '../../components/States';
import { usePriceLists } from '../products/products.api';
import { BONUS_EVENTS, TIER_BASES, type programView } from '../../../../common/loyalty.schemas';

type Program = Answer<typeof programView>;
type Tier = Program['tiers'][number];
const num = (v: number | string) => (typeof v === 'number' ? v : Number(v) || 0);

export function ProgramForm({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['loyalty', 'program'], queryFn: () => api.get<Program>('/loyalty/program') });
  const lists = usePriceLists();
  const [p, setP] = useState<Program | null>(null);
  useEffect(() => { if (q.data) setP(q.data); }, [q.data]);
  const save = useMutation({
    mutationFn: () => api.put<Program>('/loyalty/program', p),
    onSuccess: (saved) => { setP(saved); void qc.invalidateQueries({ queryKey: ['loyalty'] }); notifications.show({ color: 'green', message: t('loyalty.program.saved') }); },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });
  if (q.isPending || !p) return q.isError ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : <LoadingState />;
  const set = (patch: Partial<Program>) => setP({ ...p, ...patch });
  const setTier = (i: number, patch: Partial<Tier>) => set({ tiers: p.tiers.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  const ro = !editable;
  return (
    <Stack gap="md" data-testid="loyalty-program">
      <Paper withBorder p="md" radius="md">
        <Switch label={t('loyalty.program.enabled')} checked={p.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} disabled={ro} mb="sm" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NumberInput label={t('loyalty.program.rialsPerPoint')} value={p.rialsPerPoint} min={1} thousandSeparator="," onChange={(v) => set({ rialsPerPoint: num(v) })} disabled={ro} data-testid="program-rate" />
          <NumberInput label={t('loyalty.program.pointValue')} value={p.pointValueRials} min={0} thousandSeparator="," onChange={(v) => set({ pointValueRials: num(v) })} disabled={ro} data-testid="program-value" />
          <NumberInput label={t('loyalty.program.expiryMonths')} value={p.expiryMonths} min={0} max={120} onChange={(v) => set({ expiryMonths: num(v) })} disabled={ro} />
          <NumberInput label={t('loyalty.program.window')} value={p.tierWindowMonths} min={1} max={60} onChange={(v) => set({ tierWindowMonths: num(v) })} disabled={ro} />
          <Select label={t('loyalty.program.basis')} value={p.tierBasis} data={TIER_BASES.map((b) => ({ value: b, label: t(`loyalty.basis.${b}`) }))} onChange={(v) => v && set({ tierBasis: v as Program['tierBasis'] })} disabled={ro} allowDeselect={false} />
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h5" mb="sm">{t('loyalty.program.bonuses')}</Title>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          {BONUS_EVENTS.map((e) => (
            <NumberInput key={e} label={t(`loyalty.bonus.${e}`)} value={p.bonuses[e]} min={0} onChange={(v) => set({ bonuses: { ...p.bonuses, [e]: num(v) } })} disabled={ro} />
          ))}
        </SimpleGrid>
        <Title order={3} size="h6" mt="md" mb="xs">{t('loyalty.program.categoryRates')}</Title>
        <Stack gap="xs">
          {p.categoryRates.map((c, i) => (
            <Group key={i} gap="xs" wrap="nowrap" align="end">
              <TextInput style={{ flex: 1, minWidth: 0 }} label={t('loyalty.program.category')} value={c.category} onChange={(e) => set({ categoryRates: p.categoryRates.map((x, j) => (j === i ? { ...x, category: e.currentTarget.value } : x)) })} disabled={ro} />
              <NumberInput style={{ flex: 1, minWidth: 0 }} label={t('loyalty.program.rialsPerPoint')} value={c.rialsPerPoint} min={1} thousandSeparator="," onChange={(v) => set({ categoryRates: p.categoryRates.map((x, j) => (j === i ? { ...x, rialsPerPoint: num(v) } : x)) })} disabled={ro} />
              {editable && <ActionIcon variant="subtle" color="red" aria-label={t('loyalty.program.remove')} onClick={() => set({ categoryRates: p.categoryRates.filter((_, j) => j !== i) })}><IconTrash size={16} /></ActionIcon>}
            </Group>
          ))}
          {editable && <Button variant="subtle" size="xs" w="fit-content" onClick={() => set({ categoryRates: [...p.categoryRates, { category: '', rialsPerPoint: p.rialsPerPoint }] })}>{t('loyalty.program.addCategory')}</Button>}
        </Stack>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h5" mb="sm">{t('loyalty.program.tiers')}</Title>
        <Stack gap="md">
          {p.tiers.map((x, i) => (
            <Paper key={i} withBorder p="sm" radius="sm" data-testid="program-tier">
              <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
                <TextInput label={t('loyalty.program.key')} value={x.key} onChange={(e) => setTier(i, { key: e.currentTarget.value })} disabled={ro} dir="ltr" />
                <TextInput label={t('loyalty.program.nameFa')} value={x.nameFa} onChange={(e) => setTier(i, { nameFa: e.currentTarget.value })} disabled={ro} dir="rtl" />
                <TextInput label={t('loyalty.program.nameEn')} value={x.nameEn} onChange={(e) => setTier(i, { nameEn: e.currentTarget.value })} disabled={ro} dir="ltr" />
                <NumberInput label={t('loyalty.program.threshold')} value={x.threshold} min={0} thousandSeparator="," onChange={(v) => setTier(i, { threshold: num(v) })} disabled={ro} />
                <NumberInput label={t('loyalty.program.discountPercent')} value={x.discountPercent} min={0} max={100} onChange={(v) => setTier(i, { discountPercent: num(v) })} disabled={ro} />
                <TextInput label={t('loyalty.program.freeService')} value={x.freeService} onChange={(e) => setTier(i, { freeService: e.currentTarget.value })} disabled={ro} />
                <Select label={t('loyalty.program.slaPriority')} value={x.slaPriority} allowDeselect={false} disabled={ro}
                  data={[{ value: '', label: t('loyalty.program.slaNone') }, ...['normal', 'high', 'urgent'].map((v) => ({ value: v, label: t(`support.priority.${v}`) }))]}
                  onChange={(v) => setTier(i, { slaPriority: v ?? '' })} />
                <Select label={t('loyalty.program.priceList')} value={x.priceListId ?? ''} allowDeselect={false} disabled={ro} data-testid="program-tier-price-list"
                  data={[{ value: '', label: t('loyalty.program.priceListNone') }, ...(lists.data?.items ?? []).filter((l) => l.active || l.id === x.priceListId).map((l) => ({ value: l.id, label: l.name }))]}
                  onChange={(v) => setTier(i, { priceListId: v || null })} />
                {editable && <Group align="end"><Button variant="subtle" color="red" size="xs" onClick={() => set({ tiers: p.tiers.filter((_, j) => j !== i) })}>{t('loyalty.program.remove')}</Button></Group>}
              </SimpleGrid>
            </Paper>
          ))}
          {editable && <Button variant="subtle" size="xs" w="fit-content" onClick={() => set({ tiers: [...p.tiers, { key: `tier${p.tiers.length + 1}`, nameFa: '', nameEn: '', threshold: 0, discountPercent: 0, freeService: '', slaPriority: '', priceListId: null }] })}>{t('loyalty.program.addTier')}</Button>}
        </Stack>
        <Textarea mt="md" label={t('loyalty.program.sms')} value={p.tierSmsFa} onChange={(e) => set({ tierSmsFa: e.currentTarget.value })} disabled={ro} autosize minRows={2} dir="rtl" />
        <TextInput mt="md" label={t('loyalty.program.emailSubject')} value={p.tierEmailSubjectFa} onChange={(e) => set({ tierEmailSubjectFa: e.currentTarget.value })} disabled={ro} dir="rtl" data-testid="program-email-subject" />
        <Textarea mt="xs" label={t('loyalty.program.email')} description={t('loyalty.program.emailHint')} value={p.tierEmailFa} onChange={(e) => set({ tierEmailFa: e.currentTarget.value })} disabled={ro} autosize minRows={2} dir="rtl" data-testid="program-email" />
        <Text size="xs" c="dimmed" mt={4} />
      </Paper>
      {editable && <Group justify="flex-end"><Button onClick={() => save.mutate()} loading={save.isPending} data-testid="program-save">{t('loyalty.program.save')}</Button></Group>}
    </Stack>
  );
}
