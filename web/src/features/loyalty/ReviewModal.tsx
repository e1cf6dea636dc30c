/** Recording a review the customer left (rating, where, text, link): stored, on the timeline, the review bonus once. */
import { useState } from 'react';
import { Button, Group, Modal, Rating, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { apiFieldErrors, errorMessage } from '../../lib/errors';
import { REVIEW_SOURCES } from '../../../../common/loyalty.schemas';

export function ReviewModal({ opened, customerId, onClose, onDone }: { opened: boolean; customerId: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [rating, setRating] = useState(5);
  const [source, setSource] = useState<string>('google_maps');
  const [text, setText] = useState('');
  const [link, setLink] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => api.post<{ bonus: { balance: number } | null }>('/loyalty/reviews', { customerId, rating, source, text: text.trim() || null, link: link.trim() || null }),
    onSuccess: () => {
      setText(''); setLink(''); setErrors({});
      void qc.invalidateQueries({ queryKey: ['loyalty', customerId] });
      notifications.show({ color: 'green', message: t('loyalty.review.saved') });
      onDone();
    },
    onError: (err) => { setErrors(apiFieldErrors(t, err)); notifications.show({ color: 'red', message: errorMessage(t, err) }); },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('loyalty.review.title')}>
      <Stack gap="sm" data-testid="review-form">
        <div>
          <Text size="sm" fw={500} mb={4}>{t('loyalty.review.rating')}</Text>
          <Rating value={rating} onChange={setRating} data-testid="review-rating" />
        </div>
        <Select label={t('loyalty.review.source')} value={source} allowDeselect={false} onChange={(v) => v && setSource(v)} data-testid="review-source"
          data={REVIEW_SOURCES.map((s) => ({ value: s, label: t(`loyalty.review.sources.${s}`) }))} error={errors.source} />
        <Textarea label={t('loyalty.review.text')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={2} dir="auto" data-testid="review-text" error={errors.text} />
        <TextInput label={t('loyalty.review.link')} value={link} onChange={(e) => setLink(e.currentTarget.value)} dir="ltr" placeholder="https://" data-testid="review-link" error={errors.link} />
        <Group justify="flex-end"><Button onClick={() => save.mutate()} loading={save.isPending} data-testid="review-save">{t('loyalty.review.save')}</Button></Group>
      </Stack>
    </Modal>
  );
}
