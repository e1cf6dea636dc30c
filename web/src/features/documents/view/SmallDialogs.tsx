/** Cancel (with its reason), the customer's decision on a quote, and the public link to copy. */
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useFormat } from '../../../lib/format';
import { ErrorState, LoadingState } from '../../../components/States';
import { docErrorMessage, docFieldErrors } from '../doc-errors';
import type { DocumentDetail, DocumentLink } from '../documents.types';

/** Runs one request at a time, however fast the button is pressed. */
function useOnce() {
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { t } = useTranslation();
  async function run(fn: () => Promise<void>) {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError([docErrorMessage(t, err), ...Object.values(docFieldErrors(t, err))].join(' — '));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}

type Base = { doc: DocumentDetail; opened: boolean; onClose: () => void };

export function CancelDialog({ doc, opened, onClose, onDone }: Base & { onDone: (doc: DocumentDetail & { creditNoteId: string | null }) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const once = useOnce();
  useEffect(() => {
    if (opened) { setReason(''); setMissing(false); once.setError(null); }
  }, [opened]);
  const creditNote = doc.kind === 'invoice' && doc.status !== 'draft';
  const submit = () => {
    if (!reason.trim()) return setMissing(true);
    void once.run(async () => {
      const res = await api.post<DocumentDetail & { creditNoteId: string | null }>(`/documents/${doc.id}/cancel`, { reason: reason.trim() });
      onDone(res);
      onClose();
    });
  };
  return (
    <Modal opened={opened} onClose={() => !once.busy && onClose()} title={t(doc.kind === 'quote' ? 'documents.cancelQuoteTitle' : 'documents.cancelTitle')} centered>
      <Stack gap="sm" data-testid="doc-cancel-dialog">
        {creditNote
          ? <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="doc-credit-note-warning">{t('documents.cancelCreditNote')}</Alert>
          : <Text size="sm">{t(doc.kind === 'quote' ? 'documents.cancelQuoteIntro' : 'documents.cancelDraftIntro')}</Text>}
        <Textarea dir="auto" label={t('documents.cancelReason')} required autosize minRows={2} value={reason} onChange={(e) => { setReason(e.currentTarget.value); setMissing(false); }} error={missing ? t('fieldErrors.required') : undefined} data-autofocus data-testid="doc-cancel-reason" />
        {once.error && <Alert color="red" variant="light">{once.error}</Alert>}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} disabled={once.busy}>{t('documents.keep')}</Button>
          <Button color="red" onClick={submit} loading={once.busy} disabled={once.busy} data-testid="doc-cancel-confirm">{t('documents.confirmCancel')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function DecisionDialog({ doc, decision, onClose, onDone }: Omit<Base, 'opened'> & { decision: 'accept' | 'reject' | null; onDone: (doc: DocumentDetail) => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const once = useOnce();
  useEffect(() => {
    if (decision) { setNote(''); once.setError(null); }
  }, [decision]);
  const submit = () => void once.run(async () => {
    const res = await api.post<DocumentDetail>(`/documents/${doc.id}/decision`, { decision, ...(note.trim() ? { note: note.trim() } : {}) });
    onDone(res);
    onClose();
  });
  return (
    <Modal opened={decision !== null} onClose={() => !once.busy && onClose()} title={t(decision === 'accept' ? 'documents.acceptTitle' : 'documents.declineTitle')} centered>
      <Stack gap="sm" data-testid="doc-decision-dialog">
        <Text size="sm">{t('documents.decisionIntro')}</Text>
        <Textarea dir="auto" label={t('documents.decisionNote')} autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="doc-decision-note" />
        {once.error && <Alert color="red" variant="light">{once.error}</Alert>}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose} disabled={once.busy}>{t('common.cancel')}</Button>
          <Button color={decision === 'accept' ? 'teal' : 'red'} onClick={submit} loading={once.busy} disabled={once.busy} data-testid="doc-decision-confirm">
            {t(decision === 'accept' ? 'documents.markAccepted' : 'documents.markDeclined')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function LinkDialog({ doc, opened, onClose }: Base) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const link = useQuery({
    queryKey: ['document-link', doc.id],
    queryFn: () => api.get<DocumentLink>(`/documents/${doc.id}/link`),
    enabled: opened,
    staleTime: 60_000,
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('documents.publicLink')} centered size="lg">
      <div data-testid="doc-link-dialog">
      {link.isPending && <LoadingState />}
      {link.isError && <ErrorState error={link.error} />}
      {link.data && (
        <Stack gap="sm">
          <Text size="sm">{t('documents.publicLinkIntro')}</Text>
          <Group gap="xs" wrap="nowrap" align="flex-end">
            <TextInput style={{ flex: 1 }} readOnly value={link.data.url} dir="ltr" onFocus={(e) => e.currentTarget.select()} aria-label={t('documents.publicLink')} data-testid="doc-link-url" />
            <CopyButton value={link.data.url}>
              {({ copied, copy }) => (
                <Button color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy} data-testid="doc-link-copy">
                  {copied ? t('common.copied') : t('common.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Text size="xs" c="dimmed">{t('documents.linkExpires', { when: fmt.date(link.data.expiresAt) })}</Text>
        </Stack>
      )}
      </div>
    </Modal>
  );
}

