/**
 * Two records side by side: choose which one survives and, per differing field, whose value stays; phones, emails,
 * addresses and tags are joined. Confirm merges (everything linked moves to the survivor); the toast offers Undo.
 */
import { useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Paper, Radio, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArrowsJoin, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Customer, DuplicatePairView, MergeAnswer, UndoMergeAnswer } from '../../api/types';
import type { MergeField } from '../../../../common/merge.schemas';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { BackIcon } from '../../components/DirectionalIcon';
import { ErrorState, LoadingState } from '../../components/States';
import { Ltr } from '../../components/Ltr';
import { useSession } from '../session/session';

type Side = 'a' | 'b';
const LTR_FIELDS = new Set<MergeField>(['nationalId', 'companyNationalId', 'economicCode', 'registrationNo', 'latinName']);

export function MergePage() {
  const { a = '', b = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { can } = useSession();
  // Once merged, the pair no longer exists: the screen stops asking for it while it navigates away.
  const [merged, setMerged] = useState(false);
  const pair = useQuery({ queryKey: ['duplicates', 'pair', a, b], queryFn: () => api.get<DuplicatePairView>('/customers/duplicates/pair', { a, b }), enabled: !merged });
  const [chosenSide, setSurvivorSide] = useState<Side | null>(null);
  const [picked, setPicked] = useState<Partial<Record<MergeField, Side>>>({});

  const v = pair.data;
  // Until the person chooses, the older record stays (it is usually the one others link to and know).
  const survivorSide: Side = chosenSide ?? (v && v.b.createdAt < v.a.createdAt ? 'b' : 'a');
  const survivor = v ? v[survivorSide] : undefined;
  const loser = v ? v[survivorSide === 'a' ? 'b' : 'a'] : undefined;
  const empty = (x: unknown) => x === null || x === undefined || x === '';
  /** Whose value a field keeps: the person's pick, else the survivor's unless it is empty (as the server decides). */
  const sideOf = (f: MergeField): Side => picked[f] ?? (survivor && loser && empty(survivor[f]) && !empty(loser[f]) ? otherSide(survivorSide) : survivorSide);

  const refresh = () => Promise.all([
    // The pairs list only: this screen's pair is gone after a merge, and asking for it again would answer 404.
    queryClient.invalidateQueries({ queryKey: ['duplicates', 'pairs'] }),
    queryClient.invalidateQueries({ queryKey: ['duplicates', 'merges'] }),
    queryClient.invalidateQueries({ queryKey: ['customers'] }),
    queryClient.invalidateQueries({ queryKey: ['customer'] }),
    queryClient.invalidateQueries({ queryKey: ['timeline'] }),
  ]);

  const undo = useMutation({
    mutationFn: (mergeId: string) => api.post<UndoMergeAnswer>(`/customers/merges/${mergeId}/undo`),
    onSuccess: async (res) => {
      notifications.show({ color: 'teal', message: t('merge.undone', { name: res.loser.displayName }) });
      await refresh();
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });

  const merge = useMutation({
    mutationFn: () => {
      const fields = Object.fromEntries(v!.differing.map((f) => [f, sideOf(f) === survivorSide ? 'survivor' : 'loser']));
      return api.post<MergeAnswer>('/customers/merge', { survivorId: survivor!.id, loserId: loser!.id, fields });
    },
    onSuccess: async (res) => {
      setMerged(true);
      const id = `merge-${res.merge.id}`;
      notifications.show({
        id, color: 'teal', autoClose: 20_000, withCloseButton: true,
        message: (
          <Group justify="space-between" gap="sm" wrap="nowrap" data-testid="merge-toast">
            <Text size="sm">{t('merge.done', { name: res.survivor.displayName })}</Text>
            <Button size="compact-sm" variant="light" data-testid="merge-undo" onClick={() => { notifications.hide(id); undo.mutate(res.merge.id); }}>
              {t('merge.undo')}
            </Button>
          </Group>
        ),
      });
      navigate(`/customers/${res.survivor.id}`);
      await refresh();
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });

  const related = useMemo(() => (v && loser ? Object.entries(v.related[survivorSide === 'a' ? 'b' : 'a']).filter(([, n]) => n > 0) : []), [v, loser, survivorSide]);

  const back = (
    <Anchor component={Link} to="/customers/duplicates" size="sm" data-testid="back-to-duplicates">
      <Group gap={4}><BackIcon size={16} />{t('merge.back')}</Group>
    </Anchor>
  );
  if (pair.isPending) return <Stack>{back}<LoadingState /></Stack>;
  if (pair.isError || !v || !survivor || !loser) return <Stack>{back}<ErrorState error={pair.error} onRetry={() => void pair.refetch()} /></Stack>;

  const show = (c: Customer, f: MergeField) => {
    const value = c[f];
    if (empty(value)) return <Text span c="dimmed">—</Text>;
    switch (f) {
      case 'gender': return t(`gender.${value as string}`);
      case 'lifecycleStage': return t(`stage.${value as string}`, { defaultValue: value as string });
      case 'source': return t(`source.${value as string}`, { defaultValue: value as string });
      case 'preferredChannel': return t(`channel.${value as string}`, { defaultValue: value as string });
      case 'birthday': return fmt.date(value as string);
      case 'smsConsent': case 'emailConsent': return value ? t('common.yes') : t('common.no');
      case 'ownerId': return c.owner?.name ?? '—';
      default: return LTR_FIELDS.has(f) ? <Ltr>{String(value)}</Ltr> : String(value);
    }
  };
  const joined = {
    phones: [...new Set([...survivor.phones, ...loser.phones].map((p) => p.number))],
    emails: [...new Set([...survivor.emails, ...loser.emails].map((e) => e.address.toLowerCase()))],
    tags: [...new Set([...survivor.tags, ...loser.tags])],
  };
  const mayMerge = can('customers', 'update') && can('customers', 'delete');
  const confirm = () => modals.openConfirmModal({
    title: t('merge.confirmTitle'),
    children: <Text size="sm">{t('merge.confirmBody', { loser: loser.displayName, survivor: survivor.displayName })}</Text>,
    labels: { confirm: t('merge.confirm'), cancel: t('common.cancel') },
    confirmProps: { color: 'orange', 'data-testid': 'confirm-merge' },
    onConfirm: () => merge.mutate(),
  });
  const name = (s: Side) => v[s].displayName || '—';

  return (
    <Stack gap="md">
      {back}
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h3">{t('merge.title')}</Title>
        <Group gap={4}>{v.reasons.map((r) => <Badge key={r} variant="light" color="orange">{t(`merge.reasons.${r}`)}</Badge>)}</Group>
      </Group>

      <Paper withBorder p="md">
        <Stack gap="xs">
          <Text fw={600}>{t('merge.survivor')}</Text>
          <SegmentedControl
            value={survivorSide}
            onChange={(s) => { setSurvivorSide(s as Side); setPicked({}); }}
            data={(['a', 'b'] as const).map((s) => ({ value: s, label: <span><bdi>{name(s)}</bdi> · {fmt.date(v[s].createdAt)}</span> }))}
            data-testid="survivor-choice"
          />
          <Text size="sm" c="dimmed">{t('merge.survivorHint', { loser: loser.displayName })}</Text>
        </Stack>
      </Paper>

      <Paper withBorder>
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" data-testid="merge-fields">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('merge.field')}</Table.Th>
                <Table.Th><Anchor component={Link} to={`/customers/${v.a.id}`}>{name('a')}</Anchor></Table.Th>
                <Table.Th><Anchor component={Link} to={`/customers/${v.b.id}`}>{name('b')}</Anchor></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {v.differing.length === 0 && (
                <Table.Tr><Table.Td colSpan={3}><Text size="sm" c="dimmed">{t('merge.noDifferences')}</Text></Table.Td></Table.Tr>
              )}
              {v.differing.map((f) => (
                <Table.Tr key={f} data-testid={`merge-field-${f}`}>
                  <Table.Td><Text size="sm" fw={500}>{t(`fieldName.${f}`)}</Text></Table.Td>
                  {(['a', 'b'] as const).map((s) => (
                    <Table.Td key={s}>
                      <Radio
                        name={`field-${f}`} value={s} checked={sideOf(f) === s} onChange={() => setPicked((p) => ({ ...p, [f]: s }))}
                        label={show(v[s], f)} aria-label={`${t(`fieldName.${f}`)}: ${name(s)}`} data-testid={`pick-${f}-${s}`}
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Td><Text size="sm" fw={500}>{t('fieldName.phones')}</Text></Table.Td>
                <Table.Td colSpan={2}><Text size="sm">{joined.phones.map((p, i) => <span key={p}>{i > 0 && t('common.listSeparator')}<Ltr>{fmt.phone(p)}</Ltr></span>)}</Text></Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td><Text size="sm" fw={500}>{t('fieldName.emails')}</Text></Table.Td>
                <Table.Td colSpan={2}><Text size="sm">{joined.emails.map((e, i) => <span key={e}>{i > 0 && t('common.listSeparator')}<Ltr>{e}</Ltr></span>)}</Text></Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td><Text size="sm" fw={500}>{t('fieldName.tags')}</Text></Table.Td>
                <Table.Td colSpan={2}><Group gap={4}>{joined.tags.map((tag) => <Badge key={tag} variant="outline">{tag}</Badge>)}</Group></Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Text size="xs" c="dimmed">{t('merge.joinedHint')}</Text>

      <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} title={t('merge.movesTitle', { name: loser.displayName })}>
        <Text size="sm" data-testid="merge-moves">
          {related.length === 0 ? t('merge.movesNone') : related.map(([table, n]) => t('merge.count', { n: fmt.number(n), what: t(`merge.tables.${table}`, { defaultValue: table }) })).join(t('common.listSeparator'))}
        </Text>
        <Text size="sm" mt={4}>{t('merge.undoHint')}</Text>
      </Alert>

      <Group justify="flex-end">
        <Button leftSection={<IconArrowsJoin size={16} />} color="orange" onClick={confirm} loading={merge.isPending} disabled={!mayMerge} data-testid="merge-submit">
          {t('merge.submit')}
        </Button>
      </Group>
      {!mayMerge && <Text size="sm" c="dimmed" ta="end">{t('merge.noPermission')}</Text>}
    </Stack>
  );
}

const otherSide = (s: Side): Side => (s === 'a' ? 'b' : 'a');
