/** Moving a deal into a lost stage asks why (required): the answer is kept on the deal and its stage history. */
import { useEffect, useState } from 'react';
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { submitHandler } from '../../../components/useFormSubmit';

type Props = { opened: boolean; dealTitle?: string; stageName?: string; onCancel: () => void; onConfirm: (reason: string) => void };

export function LostReasonModal({ opened, dealTitle, stageName, onCancel, onConfirm }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (opened) { setReason(''); setError(undefined); }
  }, [opened]);
  const confirm = () => {
    if (!reason.trim()) return setError(t('fieldErrors.required'));
    onConfirm(reason.trim());
  };
  return (
    <Modal opened={opened} onClose={onCancel} title={t('sales.lost.title')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submitHandler(confirm)} noValidate data-testid="lost-reason-form">
        <Stack>
          {dealTitle && <Text size="sm">{t('sales.lost.body', { title: dealTitle, stage: stageName ?? '' })}</Text>}
          <Textarea
            label={t('sales.lost.reason')}
            placeholder={t('sales.lost.placeholder')}
            required
            autosize
            minRows={2}
            maxLength={500}
            value={reason}
            onChange={(e) => { setReason(e.currentTarget.value); setError(undefined); }}
            error={error}
            data-autofocus
            data-testid="lost-reason"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel} data-testid="cancel-lost">{t('common.cancel')}</Button>
            <Button type="submit" color="red" data-testid="confirm-lost">{t('sales.lost.confirm')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
