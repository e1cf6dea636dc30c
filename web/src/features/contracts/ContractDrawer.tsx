/**
 * One contract in a drawer: what it covers and until when, the link to the contract it renewed or was renewed by, and
 * its actions — edit, renew (the next period, shown before confirming), cancel.
 */
import { useState, type ReactNode } from 'react';
import { Alert, Anchor, Badge, Button, Divider, Drawer, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconBan, IconPencil, IconRefresh } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { ErrorState, LoadingState } from '../../components/States';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { useFormat } from '../../lib/format';
import { useMoney } from '../../lib/money';
import { useSession } from '../session/session';
import { checkDraft, ContractFields, draftBody, draftOf, type ContractDraft } from './ContractFields';
import { contractErrorMessage, contractFieldErrors, useContract, useRefreshContracts, type Contract } from './contracts.api';
import { EndingBadge, StatusBadge } from './ContractBadges';
import { RenewContractModal } from './RenewContractModal';
import { ContractLevel } from './ContractLevel';

type Props = { contractId: string | null; onClose: () => void; onOpen: (id: string) => void };

export function ContractDrawer({ contractId, onClose, onOpen }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const contract = useContract(contractId);
  const c = contract.data;
  return (
    <Drawer
      opened={Boolean(contractId)}
      onClose={onClose}
      position="right"
      size="lg"
      title={<Text component="span" fw={700} size="lg">{c ? `${t('contracts.numbered', { n: fmt.digits(String(c.number)) })} — ${c.title}` : t('contracts.contract')}</Text>}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {contract.isPending && contractId && <LoadingState />}
      {contract.isError && <ErrorState error={contract.error} onRetry={() => void contract.refetch()} />}
      {c && c.id === contractId && <ContractView key={c.id} contract={c} onOpen={onOpen} />}
    </Drawer>
  );
}

function Item({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Text size="xs" c="dimmed">{label}</Text>
      <div>{children}</div>
    </div>
  );
}

/** «قرارداد ۱۲» with its period, opening that contract in the drawer. */
function LinkedContract({ id, onOpen, testId }: { id: string; onOpen: (id: string) => void; testId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const linked = useContract(id);
  const l = linked.data;
  return (
    <Anchor component="button" type="button" size="sm" fw={600} onClick={() => onOpen(id)} data-testid={testId}>
      {l ? `${t('contracts.numbered', { n: fmt.digits(String(l.number)) })} (${t('contracts.period', { start: fmt.date(l.startDate), end: fmt.date(l.endDate) })})` : t('contracts.contract')}
    </Anchor>
  );
}

function ContractView({ contract: c, onOpen }: { contract: Contract; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const { can } = useSession();
  const refresh = useRefreshContracts();
  const [editing, setEditing] = useState(false);
  const [renewing, setRenewing] = useState(false);
  const changeable = c.status === 'active' || c.status === 'expired';
  const canEdit = can('contracts', 'update') && changeable;
  const canRenew = can('contracts', 'create') && changeable;

  const confirmCancel = () => modals.openConfirmModal({
    title: t('contracts.cancelTitle'),
    children: <Text size="sm">{t('contracts.cancelBody', { title: c.title })}</Text>,
    labels: { confirm: t('contracts.cancelConfirm'), cancel: t('contracts.keep') },
    confirmProps: { color: 'red', 'data-testid': 'confirm-cancel-contract' },
    onConfirm: async () => {
      try {
        await api.patch<Contract>(`/contracts/${c.id}`, { status: 'cancelled' });
        notifications.show({ color: 'teal', message: t('contracts.cancelled') });
        await refresh(c.customerId);
      } catch (err) {
        notifications.show({ color: 'red', message: contractErrorMessage(t, err) });
      }
    },
  });

  if (editing) return <ContractEditForm contract={c} onDone={() => setEditing(false)} />;

  return (
    <Stack gap="md" data-testid="contract-drawer">
      <Group gap={6}>
        <StatusBadge contract={c} size="md" />
        <EndingBadge contract={c} size="md" />
      </Group>

      {c.renewedFromId && (
        <Alert variant="light" color="blue" p="xs" icon={<IconArrowBackUp size={18} />} data-testid="contract-renewed-from">
          <Group gap={6}><Text size="sm">{t('contracts.renewalOf')}</Text><LinkedContract id={c.renewedFromId} onOpen={onOpen} testId="contract-renewed-from-link" /></Group>
        </Alert>
      )}
      {c.renewedById && (
        <Alert variant="light" color="teal" p="xs" icon={<IconRefresh size={18} />} data-testid="contract-renewed-by">
          <Group gap={6}><Text size="sm">{t('contracts.renewedAs')}</Text><LinkedContract id={c.renewedById} onOpen={onOpen} testId="contract-renewed-by-link" /></Group>
        </Alert>
      )}

      <SimpleGrid cols={2} spacing="md" verticalSpacing="sm">
        <Item label={t('contracts.field.customer')}>
          <Anchor component={Link} to={`/customers/${c.customerId}`} size="sm" fw={600} data-testid="contract-customer-link">{c.customerName ?? '—'}</Anchor>
        </Item>
        <Item label={t('contracts.field.kind')}><Text size="sm">{t(`contracts.kind.${c.kind}`)}</Text></Item>
        <Item label={t('contracts.field.period')} testId="contract-period">
          <Text size="sm">{t('contracts.period', { start: fmt.date(c.startDate), end: fmt.date(c.endDate) })}</Text>
        </Item>
        <Item label={t('contracts.field.level')}><Text size="sm">{c.level ? <ContractLevel level={c.level} /> : t('contracts.noLevel')}</Text></Item>
        <Item label={t('contracts.field.value')}><Text size="sm">{c.value === '0' ? '—' : money.format(c.value)}</Text></Item>
        <Item label={t('contracts.field.owner')}><Text size="sm">{c.ownerName ?? '—'}</Text></Item>
      </SimpleGrid>

      <Item label={t('contracts.field.products')}>
        {c.products.length === 0 ? <Text size="sm" c="dimmed">{t('contracts.noProducts')}</Text> : (
          <Group gap={6} mt={2}>{c.products.map((p) => <Badge key={p.id} variant="light" color="gray" size="md" tt="none">{p.name}</Badge>)}</Group>
        )}
      </Item>
      <Item label={t('contracts.field.reminder')}>
        <Text size="sm">
          {t('contracts.reminderSummary', { n: fmt.number(c.reminderDays), count: c.reminderDays })}
          {c.remindCustomer ? t('contracts.reminderCustomerToo') : ''}
        </Text>
        {c.remindedAt && <Text size="xs" c="dimmed">{t('contracts.remindedAt', { when: fmt.dateTime(c.remindedAt) })}</Text>}
      </Item>
      {c.renewalTerms && <Item label={t('contracts.field.renewalTerms')}><Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>{c.renewalTerms}</Text></Item>}
      {c.notes && <Item label={t('contracts.field.notes')}><Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>{c.notes}</Text></Item>}

      {(canEdit || canRenew) && (
        <>
          <Divider />
          <Group gap="xs">
            {canRenew && <Button leftSection={<IconRefresh size={16} />} onClick={() => setRenewing(true)} data-testid="renew-contract">{t('contracts.renew')}</Button>}
            {canEdit && <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)} data-testid="edit-contract">{t('common.edit')}</Button>}
            {canEdit && <Button variant="subtle" color="red" leftSection={<IconBan size={16} />} onClick={confirmCancel} data-testid="cancel-contract">{t('contracts.cancel')}</Button>}
          </Group>
        </>
      )}
      {!changeable && <Text size="xs" c="dimmed">{t(c.status === 'renewed' ? 'contracts.renewedReadOnly' : 'contracts.cancelledReadOnly')}</Text>}
      <Text size="xs" c="dimmed">{t('contracts.createdAt', { when: fmt.dateTime(c.createdAt) })}</Text>
      <RenewContractModal contract={c} opened={renewing} onClose={() => setRenewing(false)} onRenewed={(n) => onOpen(n.id)} />
    </Stack>
  );
}

function ContractEditForm({ contract: c, onDone }: { contract: Contract; onDone: () => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const refresh = useRefreshContracts();
  const [d, setD] = useState<ContractDraft>(() => draftOf(c, money));
  const [error, setError] = useState<string | null>(null);
  const { busy, errors, setErrors, formError, run } = useFormSubmit({ mapErrors: (fields, err) => contractFieldErrors(t, fields, err) });
  const set = (patch: Partial<ContractDraft>) => setD((x) => ({ ...x, ...patch }));

  async function save() {
    const found = checkDraft(t, d, money);
    setErrors(found);
    setError(null);
    if (Object.keys(found).length) return;
    await run(async () => {
      try {
        await api.patch<Contract>(`/contracts/${c.id}`, draftBody(d, money));
        notifications.show({ color: 'teal', message: t('contracts.saved') });
        await refresh(c.customerId);
        onDone();
      } catch (err) {
        setError(contractErrorMessage(t, err));
        throw err;
      }
    });
  }

  return (
    <form onSubmit={submitHandler(save)} noValidate data-testid="edit-contract-form">
      <Stack gap="sm">
        <FormErrorAlert error={error ?? formError} />
        <ContractFields draft={d} set={set} errors={errors} money={money} withKind={false} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>{t('common.cancel')}</Button>
          <Button type="submit" loading={busy} data-testid="save-contract">{t('common.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
