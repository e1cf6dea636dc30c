/**
 * Send (or send again): email with the PDF and/or an SMS notice. One request however often the button is pressed:
 * a ref guards the click before React re-renders, and the button is disabled while the request runs.
 * The checkboxes' descriptions (the address and the number, from the customer's profile) keep their line while the
 * profile loads: when they appeared later they pushed the send button down under a pointer that was about to click it
 * (CI lost such a click under load).
 */
import { useRef, useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { IconCheck, IconMail, IconMessage } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Profile } from '../../../api/types';
import { useFormat } from '../../../lib/format';
import { Ltr } from '../../../components/Ltr';
import { profileKey } from '../../profile/profile.api';
import { docErrorMessage, docFieldErrors } from '../doc-errors';
import type { DocumentDetail, SendResult } from '../documents.types';

type Props = { doc: DocumentDetail; opened: boolean; onClose: () => void; onSent: (doc: DocumentDetail) => void };

export function SendDialog({ doc, opened, onClose, onSent }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const resend = doc.status !== 'draft';
  const [email, setEmail] = useState(true);
  const [sms, setSms] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<SendResult | null>(null);
  const inFlight = useRef(false);
  const profile = useQuery({
    queryKey: profileKey(doc.customerId),
    queryFn: () => api.get<Profile>(`/customers/${doc.customerId}`, { timelineLimit: 1 }),
    enabled: opened,
  });
  const c = profile.data?.customer;
  const emailTo = c?.emails[0]?.address ?? null;
  const mobile = c?.phones.find((p) => /^\+989\d{9}$/.test(p.number))?.number ?? null;
  // The line a description takes, held while the profile loads (a no-break space is one line of the same height).
  const loadingLine = profile.isPending ? '\u00a0' : undefined;

  const close = () => {
    if (busy) return;
    setResult(null);
    setError(null);
    onClose();
  };

  async function send() {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<SendResult>(`/documents/${doc.id}/send`, { email, sms, resend });
      setResult(res);
      onSent(res.document);
    } catch (err) {
      const fields = docFieldErrors(t, err);
      setError([docErrorMessage(t, err), ...Object.values(fields)].join(' — '));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={close} title={resend ? t('documents.sendAgainTitle') : t('documents.sendTitle')} centered>
      {/* The test id sits on the content: Mantine's modal root is an empty, zero-size wrapper. */}
      <div data-testid="doc-send-dialog">
      {result ? (
        <Stack gap="sm" data-testid="doc-send-result">
          <Alert color="teal" variant="light" icon={<IconCheck size={18} />}>{t('documents.sentAs', { number: fmt.digits(result.number) })}</Alert>
          <Group gap="xs" wrap="nowrap"><IconMail size={16} />
            <Text size="sm">{result.email ? <>{t('documents.emailQueued')} <Ltr>{result.email}</Ltr></> : t('documents.emailNotSent')}</Text>
          </Group>
          <Group gap="xs" wrap="nowrap"><IconMessage size={16} />
            <Text size="sm">{result.sms ? <>{t('documents.smsQueued')} <Ltr>{fmt.phone(result.sms)}</Ltr></> : t('documents.smsNotSent')}</Text>
          </Group>
          <Text size="xs" c="dimmed">{t('documents.deliveryLater')}</Text>
          <Group justify="flex-end"><Button onClick={close} data-testid="doc-send-done">{t('common.done')}</Button></Group>
        </Stack>
      ) : (
        <Stack gap="sm">
          <Text size="sm">{resend ? t('documents.sendAgainIntro') : t(doc.kind === 'invoice' ? 'documents.sendIntroInvoice' : 'documents.sendIntroQuote')}</Text>
          <Checkbox
            checked={email}
            onChange={(e) => setEmail(e.currentTarget.checked)}
            label={t('documents.sendEmail')}
            description={profile.isSuccess ? (emailTo ? <Ltr>{emailTo}</Ltr> : t('documents.noEmail')) : loadingLine}
            data-testid="doc-send-email"
          />
          <Checkbox
            checked={sms}
            onChange={(e) => setSms(e.currentTarget.checked)}
            label={t('documents.sendSms')}
            description={profile.isSuccess ? (mobile ? (c?.smsConsent ? <Ltr>{fmt.phone(mobile)}</Ltr> : t('documents.noSmsConsent')) : t('documents.noMobile')) : loadingLine}
            data-testid="doc-send-sms"
          />
          {error && <Alert color="red" variant="light" data-testid="doc-send-error">{error}</Alert>}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close} disabled={busy}>{t('common.cancel')}</Button>
            <Button onClick={() => void send()} loading={busy} disabled={busy || (!email && !sms)} data-testid="doc-send-confirm">
              {resend ? t('documents.sendAgain') : t('documents.send')}
            </Button>
          </Group>
        </Stack>
      )}
      </div>
    </Modal>
  );
}
