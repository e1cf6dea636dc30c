/** One quote, invoice or credit note: what it says, what can be done with it now, and what happened to it. */
import { useState } from 'react';
import { Anchor, Button, Grid, Group, Menu, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconCash, IconCheck, IconDots, IconDownload, IconExternalLink, IconFileInvoice, IconLink, IconPencil, IconSend, IconX, IconBan,
} from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../api/client';
import { useFormat } from '../../../lib/format';
import { BackIcon } from '../../../components/DirectionalIcon';
import { Ltr } from '../../../components/Ltr';
import { ErrorState, LoadingState } from '../../../components/States';
import { useSession } from '../../session/session';
import { docErrorMessage } from '../doc-errors';
import { documentKey, useDocument, useDocumentChanged } from '../documents.api';
import { useQueryClient } from '@tanstack/react-query';
import { RedeemOnDocument } from '../../loyalty/RedeemOnDocument';
import type { DocumentDetail } from '../documents.types';
import { quantityToInput, useMoney } from '../../../lib/money';
import { StatusBadge } from '../StatusBadge';
import { TotalsPanel } from '../TotalsPanel';
import { DocumentHistory } from './DocumentHistory';
import { SourceAnswer } from '../../voice/SourceAnswer';
import { PhoneLink } from '../../telephony/PhoneLink';
import { Parts } from '../Parts';
import { PaymentDialog } from './PaymentDialog';
import { SendDialog } from './SendDialog';
import { CancelDialog, DecisionDialog, LinkDialog } from './SmallDialogs';

type Dialog = 'send' | 'payment' | 'cancel' | 'link' | null;

export function DocumentViewPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const query = useDocument(id);
  const back = (
    <Anchor component={Link} to="/documents" size="sm" data-testid="back-to-documents">
      <Group gap={4}><BackIcon size={16} />{t('documents.backToList')}</Group>
    </Anchor>
  );
  if (query.isPending) return <Stack>{back}<LoadingState /></Stack>;
  if (query.isError) return <Stack>{back}<ErrorState error={query.error} onRetry={() => void query.refetch()} /></Stack>;
  return <DocumentView doc={query.data} back={back} />;
}

function DocumentView({ doc, back }: { doc: DocumentDetail; back: React.ReactNode }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const changed = useDocumentChanged();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [decision, setDecision] = useState<'accept' | 'reject' | null>(null);
  const [invoicing, setInvoicing] = useState(false);
  // One totals panel (its test ids are unique): beside the lines when wide, right under them when narrow.
  const wide = useMediaQuery('(min-width: 75em)', true);

  const mayUpdate = can('documents', 'update');
  const isQuote = doc.kind === 'quote';
  const isInvoice = doc.kind === 'invoice';
  const live = doc.status !== 'cancelled';
  const invoiceOfQuote = doc.related.find((r) => r.kind === 'invoice' && r.status !== 'cancelled' && isQuote);
  const sentOnce = doc.status !== 'draft' && Boolean(doc.publicExpiresAt);

  async function makeInvoice() {
    if (invoicing) return;
    setInvoicing(true);
    try {
      const inv = await api.post<DocumentDetail>(`/documents/${doc.id}/invoice`);
      changed(inv);
      notifications.show({ color: 'teal', message: t('documents.invoiceMade') });
      navigate(`/documents/${inv.id}`);
    } catch (err) {
      const existing = err instanceof ApiError ? (err.details as { invoiceId?: string } | undefined)?.invoiceId : undefined;
      if (existing) navigate(`/documents/${existing}`);
      notifications.show({ color: 'red', message: docErrorMessage(t, err) });
    } finally {
      setInvoicing(false);
    }
  }

  const primary: React.ReactNode[] = [];
  const secondary: React.ReactNode[] = [];
  if (mayUpdate && doc.status === 'draft') {
    primary.push(<Button key="edit" variant="default" leftSection={<IconPencil size={16} />} component={Link} to={`/documents/${doc.id}/edit`} data-testid="doc-edit">{t('common.edit')}</Button>);
    primary.push(<Button key="send" leftSection={<IconSend size={16} />} onClick={() => setDialog('send')} data-testid="doc-send">{t(isInvoice ? 'documents.issueAndSend' : 'documents.send')}</Button>);
  }
  if (mayUpdate && isQuote && doc.status === 'sent') {
    primary.push(<Button key="acc" color="teal" variant="light" leftSection={<IconCheck size={16} />} onClick={() => setDecision('accept')} data-testid="doc-accept">{t('documents.markAccepted')}</Button>);
    primary.push(<Button key="rej" color="red" variant="light" leftSection={<IconX size={16} />} onClick={() => setDecision('reject')} data-testid="doc-decline">{t('documents.markDeclined')}</Button>);
  }
  if (isQuote && doc.status === 'accepted' && can('documents', 'create')) {
    primary.push(invoiceOfQuote
      ? <Button key="inv" variant="light" leftSection={<IconFileInvoice size={16} />} component={Link} to={`/documents/${invoiceOfQuote.id}`} data-testid="doc-open-invoice">{t('documents.openInvoice')}</Button>
      : <Button key="inv" leftSection={<IconFileInvoice size={16} />} onClick={() => void makeInvoice()} loading={invoicing} disabled={invoicing} data-testid="doc-make-invoice">{t('documents.makeInvoice')}</Button>);
  }
  if (mayUpdate && isInvoice && (doc.status === 'issued' || doc.status === 'partially_paid')) {
    primary.push(<Button key="pay" leftSection={<IconCash size={16} />} onClick={() => setDialog('payment')} data-testid="doc-add-payment">{t('documents.recordPayment')}</Button>);
  }
  if (mayUpdate && live && doc.status !== 'draft' && (doc.kind === 'credit_note' || ['sent', 'accepted', 'issued', 'partially_paid', 'paid'].includes(doc.status))) {
    secondary.push(<Button key="resend" variant="default" leftSection={<IconSend size={16} />} onClick={() => setDialog('send')} data-testid="doc-resend">{t('documents.sendAgain')}</Button>);
  }
  if (live && sentOnce) {
    secondary.push(<Button key="link" variant="default" leftSection={<IconLink size={16} />} onClick={() => setDialog('link')} data-testid="doc-copy-link">{t('documents.copyLink')}</Button>);
  }
  const cancellable = mayUpdate && live && doc.kind !== 'credit_note' && !(isQuote && invoiceOfQuote);

  return (
    <Stack gap="md" data-testid="document-view">
      {back}
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Stack gap={4}>
            <Group gap="xs" wrap="wrap">
              <Title order={1} size="h3">{t(`documents.kind.${doc.kind}`)}</Title>
              <Title order={2} size="h3" fw={500} data-testid="doc-number">{doc.number ? <Ltr>{fmt.digits(doc.number)}</Ltr> : <Text span c="dimmed" size="lg">{t('documents.draftNumber')}</Text>}</Title>
              <StatusBadge status={doc.status} size="lg" data-testid="doc-status" />
            </Group>
            <Text size="sm">
              {t('documents.customer')}: <Anchor component={Link} to={`/customers/${doc.customerId}`} fw={600} data-testid="doc-customer-link">{doc.customerName}</Anchor>
            </Text>
            <Text size="sm" c="dimmed">
              <Parts items={[
                `${t('documents.issueDate')}: ${fmt.date(doc.issueDate)}`,
                doc.validUntil && `${t('documents.validUntil')}: ${fmt.date(doc.validUntil)}`,
                doc.dueDate && `${t('documents.dueDate')}: ${fmt.date(doc.dueDate)}`,
                doc.sentAt && `${t('documents.sentAt')}: ${fmt.dateTime(doc.sentAt)}`,
              ]} />
            </Text>
            {doc.status === 'cancelled' && doc.decisionNote && <Text size="sm" c="red.7">{t('documents.cancelReason')}: {doc.decisionNote}</Text>}
            {(doc.status === 'accepted' || doc.status === 'rejected') && doc.decisionNote && <Text size="sm">«{doc.decisionNote}»</Text>}
          </Stack>
          <Group gap="xs" wrap="wrap" data-testid="doc-actions">
            {primary}
            {secondary}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="default" px="xs" aria-label={t('common.actions')} data-testid="doc-more"><IconDots size={18} /></Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item component="a" href={`/api/documents/${doc.id}/pdf`} target="_blank" leftSection={<IconExternalLink size={16} />} data-testid="doc-open-pdf">{t('documents.openPdf')}</Menu.Item>
                <Menu.Item component="a" href={`/api/documents/${doc.id}/pdf`} download={`${doc.number ?? 'draft'}.pdf`} leftSection={<IconDownload size={16} />}>{t('documents.downloadPdf')}</Menu.Item>
                {cancellable && <Menu.Divider />}
                {cancellable && <Menu.Item color="red" leftSection={<IconBan size={16} />} onClick={() => setDialog('cancel')} data-testid="doc-cancel">{t(isQuote && doc.status !== 'draft' ? 'documents.withdraw' : 'documents.cancel')}</Menu.Item>}
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </Paper>

      <Grid gutter="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <LinesTable doc={doc} />
            {!wide && <TotalsPanel doc={doc} />}
            {(doc.terms || doc.notes) && (
              <Paper withBorder p="md" radius="md">
                {doc.terms && <><Text size="sm" fw={600}>{t('documents.terms')}</Text><Text size="sm" className="timeline-body" mb="xs" dir="auto">{doc.terms}</Text></>}
                {doc.notes && <><Text size="sm" fw={600}>{t('documents.notes')}</Text><Text size="sm" className="timeline-body" dir="auto">{doc.notes}</Text></>}
              </Paper>
            )}
            {doc.kind === 'invoice' && <SourceAnswer sourceType="document" sourceId={doc.id} />}
            <PdfPreview doc={doc} />
            <DocumentHistory events={doc.events} messages={doc.messages} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            {wide && <TotalsPanel doc={doc} />}
            {mayUpdate && can('customers', 'update') && doc.status === 'draft' && doc.kind !== 'credit_note' && (
              <RedeemOnDocument documentId={doc.id} customerId={doc.customerId} onDone={() => void queryClient.invalidateQueries({ queryKey: documentKey(doc.id) })} />
            )}
            {isInvoice && doc.payments.length > 0 && <PaymentsCard doc={doc} />}
            {doc.related.length > 0 && (
              <Paper withBorder p="md" radius="md" data-testid="doc-related">
                <Title order={2} size="h5" mb="xs">{t('documents.related')}</Title>
                <Stack gap={6}>
                  {doc.related.map((r) => (
                    <Group key={r.id} justify="space-between" wrap="nowrap">
                      <Anchor component={Link} to={`/documents/${r.id}`} size="sm">
                        {t(`documents.kind.${r.kind}`)} {r.number ? <Ltr>{fmt.digits(r.number)}</Ltr> : t('documents.draftNumber')}
                      </Anchor>
                      <StatusBadge status={r.status} size="xs" />
                    </Group>
                  ))}
                </Stack>
              </Paper>
            )}
            <Paper withBorder p="md" radius="md">
              <Title order={2} size="h5" mb="xs">{t('documents.buyer')}</Title>
              <Text size="sm" fw={600}>{doc.buyer.name}</Text>
              {doc.buyer.phone && <Text size="sm"><PhoneLink number={doc.buyer.phone} size="sm" testId="buyer-phone" /></Text>}
              {doc.buyer.address && <Text size="sm" c="dimmed">{doc.buyer.address}</Text>}
              {doc.buyer.nationalId && <Text size="xs" c="dimmed">{t('fieldName.nationalId')}: <Ltr>{fmt.digits(doc.buyer.nationalId)}</Ltr></Text>}
              {doc.buyer.economicCode && <Text size="xs" c="dimmed">{t('fieldName.economicCode')}: <Ltr>{fmt.digits(doc.buyer.economicCode)}</Ltr></Text>}
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>

      <SendDialog doc={doc} opened={dialog === 'send'} onClose={() => setDialog(null)} onSent={changed} />
      <PaymentDialog doc={doc} opened={dialog === 'payment'} onClose={() => setDialog(null)} onSaved={(d) => { changed(d); notifications.show({ color: 'teal', message: t('documents.paymentSaved') }); }} />
      <CancelDialog doc={doc} opened={dialog === 'cancel'} onClose={() => setDialog(null)} onDone={(d) => {
        changed(d);
        notifications.show({ color: 'teal', message: d.creditNoteId ? t('documents.cancelledWithCreditNote') : t('documents.cancelledDone') });
      }} />
      <LinkDialog doc={doc} opened={dialog === 'link'} onClose={() => setDialog(null)} />
      <DecisionDialog doc={doc} decision={decision} onClose={() => setDecision(null)} onDone={changed} />
    </Stack>
  );
}

function LinesTable({ doc }: { doc: DocumentDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const phone = useMediaQuery('(max-width: 36em)');
  if (phone) {
    return (
      <Paper withBorder radius="md" p="sm" data-testid="doc-lines-table">
        <Stack gap="sm">
          {doc.lines.map((l) => {
            const disc = BigInt(l.discount) + BigInt(l.docDiscountShare);
            return (
              <div key={l.id}>
                <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                  <Text size="sm" fw={500}><bdi>{l.description}</bdi></Text>
                  <Text size="sm" fw={700} style={{ whiteSpace: 'nowrap' }}>{money.format(l.total, false)}</Text>
                </Group>
                <Text size="xs" c="dimmed">
                  <Parts sep={fmt.locale === 'fa' ? '، ' : ' · '} items={[
                    <><Parts sep=" " items={[quantityToInput(l.quantity, fmt.locale), l.unit]} /> × {money.format(l.unitPrice, false)}</>,
                    disc > 0n && `${t('documents.discountCol')} ${money.format(disc, false)}`,
                    l.taxable ? `${t('documents.vatCol')} ${money.format(l.tax, false)}` : t('documents.exempt'),
                  ]} />
                </Text>
              </div>
            );
          })}
          <Text size="xs" c="dimmed">{t('documents.amountsIn', { unit: money.unitLabel })}</Text>
        </Stack>
      </Paper>
    );
  }
  return (
    <Paper withBorder radius="md" p={0} style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="xs" striped data-testid="doc-lines-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={36}>#</Table.Th>
              <Table.Th>{t('documents.description')}</Table.Th>
              <Table.Th ta="end">{t('documents.quantity')}</Table.Th>
              <Table.Th ta="end">{t('documents.unitPrice')}</Table.Th>
              <Table.Th ta="end">{t('documents.discountCol')}</Table.Th>
              <Table.Th ta="end">{t('documents.vatCol')}</Table.Th>
              <Table.Th ta="end">{t('documents.lineTotal')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {doc.lines.map((l) => {
              const disc = BigInt(l.discount) + BigInt(l.docDiscountShare);
              return (
                <Table.Tr key={l.id}>
                  <Table.Td><Text size="sm" c="dimmed">{fmt.number(l.position)}</Text></Table.Td>
                  <Table.Td>
                    <Text size="sm"><bdi>{l.description}</bdi></Text>
                    {l.code && <Text size="xs" c="dimmed"><Ltr>{fmt.code(l.code)}</Ltr></Text>}
                  </Table.Td>
                  <Table.Td ta="end"><Text size="sm" style={{ whiteSpace: 'nowrap' }}><Parts sep=" " items={[quantityToInput(l.quantity, fmt.locale), l.unit]} /></Text></Table.Td>
                  <Table.Td ta="end"><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{money.format(l.unitPrice, false)}</Text></Table.Td>
                  <Table.Td ta="end"><Text size="sm" style={{ whiteSpace: 'nowrap' }} c={disc ? undefined : 'dimmed'}>{disc ? money.format(disc, false) : '—'}</Text></Table.Td>
                  <Table.Td ta="end"><Text size="sm" style={{ whiteSpace: 'nowrap' }} c={l.taxable ? undefined : 'dimmed'}>{l.taxable ? money.format(l.tax, false) : t('documents.exempt')}</Text></Table.Td>
                  <Table.Td ta="end"><Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>{money.format(l.total, false)}</Text></Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed" px="sm" py={6}>{t('documents.amountsIn', { unit: money.unitLabel })}</Text>
    </Paper>
  );
}

function PaymentsCard({ doc }: { doc: DocumentDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  return (
    <Paper withBorder p="md" radius="md" data-testid="doc-payments">
      <Title order={2} size="h5" mb="xs">{t('documents.payments')}</Title>
      <Stack gap={8}>
        {doc.payments.map((p) => (
          <div key={p.id} data-testid="doc-payment">
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm" fw={600}>{money.format(p.amount)}</Text>
              <Text size="xs" c="dimmed">{fmt.date(p.paidAt)}</Text>
            </Group>
            <Text size="xs" c="dimmed">
              <Parts items={[t(`documents.method.${p.method}`, { defaultValue: p.method }), p.reference && <Ltr>{fmt.digits(p.reference)}</Ltr>]} />
            </Text>
          </div>
        ))}
      </Stack>
    </Paper>
  );
}

function PdfPreview({ doc }: { doc: DocumentDetail }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const src = `/api/documents/${doc.id}/pdf?v=${encodeURIComponent(doc.updatedAt)}`;
  return (
    <Paper withBorder p="md" radius="md" data-testid="doc-pdf">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2} size="h5">{t('documents.pdf')}</Title>
        <Group gap="xs">
          <Button size="xs" variant="light" onClick={() => setShown((s) => !s)} visibleFrom="sm" data-testid="doc-pdf-toggle">{shown ? t('documents.hidePreview') : t('documents.showPreview')}</Button>
          <Button size="xs" variant="default" component="a" href={src} target="_blank" rightSection={<IconExternalLink size={14} />}>{t('documents.openPdf')}</Button>
        </Group>
      </Group>
      {shown && <iframe title={t('documents.pdf')} src={src} style={{ width: '100%', height: 720, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, marginTop: 12 }} />}
    </Paper>
  );
}
