/** Bulk actions on the selected deals: owner, stage, won / lost (a lost reason is asked for once, for all of them). */
import { useState } from 'react';
import { Button, Group, Menu, Modal, Popover, Stack, TextInput } from '@mantine/core';
import { IconStairs, IconTrophy, IconUserCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AssigneeSelect } from '../../../components/AssigneeSelect';
import { useBulkEdit } from '../../lists';
import type { Pipeline } from '../deals.api';

type Pending = { action: 'setStage' | 'setStatus'; value: string };

export function DealBulkActions({ ids, pipelines, onDone }: { ids: string[]; pipelines: Pipeline[]; onDone: () => void }) {
  const { t } = useTranslation();
  const bulk = useBulkEdit('/deals/bulk', 'deals', 'lists.updatedDeals', onDone);
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const run = (action: string, value: string, lostReason?: string) => bulk.mutate({ action, ids, value, ...(lostReason ? { lostReason } : {}) });
  const confirmLost = () => {
    if (!pending || !reason.trim()) return;
    run(pending.action, pending.value, reason.trim());
    setPending(null);
    setReason('');
  };
  const stages = pipelines.flatMap((p) => p.stages.map((s) => ({ ...s, label: pipelines.length > 1 ? `${p.name} · ${s.name}` : s.name })));
  return (
    <>
      <Popover withinPortal position="bottom-start">
        <Popover.Target>
          <Button size="compact-sm" variant="default" leftSection={<IconUserCheck size={14} />} data-testid="bulk-owner">{t('lists.assignOwner')}</Button>
        </Popover.Target>
        <Popover.Dropdown><AssigneeSelect size="xs" placeholder={t('lists.assignOwner')} onChange={(v) => v && run('assignOwner', v)} comboboxProps={{ withinPortal: false }} data-testid="bulk-owner-select" /></Popover.Dropdown>
      </Popover>
      <Menu withinPortal position="bottom-start">
        <Menu.Target><Button size="compact-sm" variant="default" leftSection={<IconStairs size={14} />} data-testid="bulk-stage">{t('lists.setStage')}</Button></Menu.Target>
        <Menu.Dropdown>
          {stages.map((s) => (
            <Menu.Item key={s.id} onClick={() => (s.outcome === 'lost' ? setPending({ action: 'setStage', value: s.id }) : run('setStage', s.id))} data-testid="bulk-stage-item">{s.label}</Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Menu withinPortal position="bottom-start">
        <Menu.Target><Button size="compact-sm" variant="default" leftSection={<IconTrophy size={14} />} data-testid="bulk-status">{t('lists.setStatus')}</Button></Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => run('setStatus', 'won')} data-testid="bulk-status-won">{t('lists.markWon')}</Menu.Item>
          <Menu.Item onClick={() => setPending({ action: 'setStatus', value: 'lost' })} data-testid="bulk-status-lost">{t('lists.markLost')}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={pending !== null} onClose={() => setPending(null)} title={t('lists.lostReason')}>
        <form onSubmit={(e) => { e.preventDefault(); confirmLost(); }}>
          <Stack>
            <TextInput value={reason} onChange={(e) => setReason(e.currentTarget.value)} placeholder={t('lists.lostReasonPlaceholder')} aria-label={t('lists.lostReason')} required data-testid="bulk-lost-reason" data-autofocus />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPending(null)}>{t('common.cancel')}</Button>
              <Button type="submit" disabled={!reason.trim()} data-testid="bulk-lost-confirm">{t('lists.apply')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
