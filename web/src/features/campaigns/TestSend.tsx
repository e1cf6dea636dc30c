/** A campaign's test send: one message to the user's own mobile or email, as a sample customer would get it; never counted. */
import { useState } from 'react';
import { Button, Group, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { makeFormatter, useFormat } from '../../lib/format';
import { usePrefs } from '../../lib/prefs';
import { TEHRAN } from '../../../../common/jalali';
import type { CampaignChannel, campaignTestSendAnswer } from '../../../../common/campaigns.schemas';

/** A moment as Tehran's clock shows it (the schedule is in Tehran time whatever the user's zone), in the user's calendar and digits. */
export function useTehranTime() {
  const { prefs } = usePrefs();
  const f = makeFormatter({ ...prefs, timeZone: TEHRAN });
  return (iso: string) => f.dateTime(iso);
}

export function TestSend({ campaignId, channel }: { campaignId: string; channel: CampaignChannel }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  // A mobile is shown the one way phones are shown (national, Persian digits in fa); an email as written.
  const shown = (r: { channel: string; address: string }) => (r.channel === 'sms' ? fmt.phone(r.address) : r.address);
  const [to, setTo] = useState('');
  const [last, setLast] = useState<Answer<typeof campaignTestSendAnswer> | null>(null);
  const send = useMutation({
    mutationFn: () => api.post<Answer<typeof campaignTestSendAnswer>>(`/campaigns/${campaignId}/test-send`, { to }),
    onSuccess: (r) => { setLast(r); notifications.show({ color: 'teal', message: t('campaigns.testSent', { to: `\u2066${shown(r)}\u2069` }) }); },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });
  return (
    <div>
      <Group align="flex-end" mt="sm" gap="xs">
        <TextInput label={t('campaigns.testSend')} placeholder={t(channel === 'email' ? 'campaigns.testToEmail' : channel === 'sms' ? 'campaigns.testToSms' : 'campaigns.testToAny')}
          dir="ltr" w={260} value={to} onChange={(e) => setTo(e.currentTarget.value)} data-testid="campaign-test-to" />
        <Button variant="light" onClick={() => send.mutate()} loading={send.isPending} disabled={!to.trim()} data-testid="campaign-test-send">{t('campaigns.testSendButton')}</Button>
      </Group>
      {last && <div data-testid="campaign-test-result">
        <Text size="xs" c="dimmed" mt={4}>{t('campaigns.testSentAs', { channel: t(`campaigns.channel.${last.channel}`) })} <bdi dir="ltr">{shown(last)}</bdi></Text>
        {last.subject && <Text size="xs" fw={700} dir={/[\u0600-\u06FF]/.test(last.subject) ? 'rtl' : 'ltr'}>{last.subject}</Text>}
        <Text size="xs" dir={/[\u0600-\u06FF]/.test(last.text) ? 'rtl' : 'ltr'} style={{ whiteSpace: 'pre-wrap' }}>{last.text}</Text>
      </div>}
    </div>
  );
}
