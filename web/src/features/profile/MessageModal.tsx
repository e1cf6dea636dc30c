/** Sends the customer an SMS or an email from their page (POST /api/customers/:id/messages; it lands on the timeline). */
import { useEffect, useState } from 'react';
import { Button, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Profile } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { useFormat } from '../../lib/format';

export type MessageChannel = 'sms' | 'email';
type Customer = Profile['customer'];

/** The customer's numbers an SMS can go to (mobiles), and their email addresses. */
export const mobilesOf = (c: Customer) => c.phones.filter((p) => p.label === 'mobile' || p.number.startsWith('+989')).map((p) => p.number);
export const emailsOf = (c: Customer) => c.emails.map((e) => e.address);

export function MessageModal({ customer, channel, onClose, onSent }: { customer: Customer; channel: MessageChannel | null; onClose: () => void; onSent: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const targets = channel === 'sms' ? mobilesOf(customer) : emailsOf(customer);
  const [to, setTo] = useState<string | null>(null);
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const { busy, errors, formError, run } = useFormSubmit();

  useEffect(() => {
    if (!channel) return;
    setTo(targets[0] ?? null);
    setSubject('');
    setText('');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [channel, customer.id]);

  const submit = () => run(async () => {
    await api.post(`/customers/${customer.id}/messages`, { channel, to: to ?? undefined, text, ...(channel === 'email' ? { subject } : {}) });
    notifications.show({ color: 'teal', message: t('profile.actions.sent') });
    onSent();
    onClose();
  });

  return (
    <Modal opened={channel !== null} onClose={onClose} title={t(channel === 'email' ? 'profile.actions.emailTitle' : 'profile.actions.smsTitle', { name: customer.displayName })}>
      <form onSubmit={submitHandler(submit)} noValidate data-testid="message-form">
        <Stack gap="sm">
          <FormErrorAlert error={formError} />
          <Select
            label={t('profile.actions.to')}
            data={targets.map((x) => ({ value: x, label: channel === 'sms' ? fmt.phone(x) : x }))}
            value={to}
            onChange={setTo}
            allowDeselect={false}
            error={errors.to}
            dir="ltr"
            data-testid="message-to"
          />
          {channel === 'email' && <TextInput label={t('profile.actions.subject')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} required error={errors.subject} dir="auto" data-testid="message-subject" />}
          <Textarea label={t('profile.actions.text')} value={text} onChange={(e) => setText(e.currentTarget.value)} required autosize minRows={3} error={errors.text} dir="auto" data-testid="message-text" />
          {channel === 'sms' && <Text size="xs" c="dimmed">{t('profile.actions.smsLength', { n: fmt.number(text.length), count: text.length })}</Text>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} disabled={!text.trim() || !to} data-testid="message-send">{t('profile.actions.send')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
