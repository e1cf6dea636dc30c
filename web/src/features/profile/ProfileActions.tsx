/**
 * The customer page's one-click actions: call (click-to-call through the PBX when this user has an extension and the
 * connection is on, else a tel: link), SMS, email, new ticket, new quote, log an interaction. An action the customer
 * cannot take (no mobile, no consent) stays visible but disabled, with the reason on hover.
 */
import { useState } from 'react';
import { Button, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileInvoice, IconMail, IconMessage, IconMessagePlus, IconPhone } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Profile } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useSession } from '../session/session';
import { NewTicketButton } from '../support/TicketsCard';
import { callApi, useTelephonyMe } from '../telephony/telephony.api';
import { telHref } from '../../../../common/phone';
import { emailsOf, MessageModal, mobilesOf, type MessageChannel } from './MessageModal';

function Maybe({ reason, children }: { reason: string | null; children: React.ReactElement }) {
  return reason ? <Tooltip label={reason}><span>{children}</span></Tooltip> : children;
}

export function ProfileActions({ profile, onLogInteraction, onSent }: { profile: Profile; onLogInteraction: () => void; onSent: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const me = useTelephonyMe();
  const [channel, setChannel] = useState<MessageChannel | null>(null);
  const [calling, setCalling] = useState(false);
  const c = profile.customer;
  const phone = (c.phones.find((p) => p.primary) ?? c.phones[0])?.number;
  const clickToCall = me.data?.clickToCall === true;

  const call = async () => {
    if (!phone || calling) return;
    setCalling(true);
    try {
      await callApi.originate(phone, c.id);
      notifications.show({ color: 'teal', message: t('telephony.click.started'), autoClose: 6000 });
    } catch (err) {
      notifications.show({ color: 'red', title: t('telephony.click.failed'), message: errorMessage(t, err) });
    } finally {
      setCalling(false);
    }
  };

  const canMessage = can('interactions', 'create');
  const smsWhy = !mobilesOf(c).length ? t('profile.actions.noMobile') : !c.smsConsent ? t('profile.actions.noSmsConsent') : null;
  const emailWhy = !emailsOf(c).length ? t('profile.actions.noEmail') : !c.emailConsent ? t('profile.actions.noEmailConsent') : null;

  return (
    <>
      <Maybe reason={phone ? null : t('profile.actions.noPhone')}>
        {clickToCall
          ? <Button leftSection={<IconPhone size={16} />} onClick={() => void call()} loading={calling} disabled={!phone} data-testid="action-call">{t('profile.actions.call')}</Button>
          : <Button leftSection={<IconPhone size={16} />} component="a" href={phone ? telHref(phone) : undefined} disabled={!phone} data-testid="action-call">{t('profile.actions.call')}</Button>}
      </Maybe>
      {canMessage && (
        <Maybe reason={smsWhy}>
          <Button variant="default" leftSection={<IconMessage size={16} />} onClick={() => setChannel('sms')} disabled={smsWhy !== null} data-testid="action-sms">{t('profile.actions.sms')}</Button>
        </Maybe>
      )}
      {canMessage && (
        <Maybe reason={emailWhy}>
          <Button variant="default" leftSection={<IconMail size={16} />} onClick={() => setChannel('email')} disabled={emailWhy !== null} data-testid="action-email">{t('profile.actions.email')}</Button>
        </Maybe>
      )}
      <NewTicketButton customerId={c.id} customerName={c.displayName} />
      {can('documents', 'create') && (
        <Button variant="default" leftSection={<IconFileInvoice size={16} />} component={Link} to={`/documents/new?kind=quote&customerId=${c.id}`} data-testid="action-quote">{t('profile.actions.quote')}</Button>
      )}
      {can('interactions', 'create') && (
        <Button variant="default" leftSection={<IconMessagePlus size={16} />} onClick={onLogInteraction} data-testid="action-log">{t('profile.actions.log')}</Button>
      )}
      <MessageModal customer={c} channel={channel} onClose={() => setChannel(null)} onSent={onSent} />
    </>
  );
}
