/**
 * A phone number wherever the app shows one: read left to right, and a click-to-call button when this user has an
 * extension and the PBX connection is on (POST /api/telephony/originate rings the agent's phone, then the customer's).
 * Otherwise a plain tel: link (always E.164), so a softphone or a mobile browser can still dial it. The number shows
 * in the one display form (fmt.phone), isolated left to right.
 */
import { Anchor, type AnchorProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { Ltr } from '../../components/Ltr';
import { telHref } from '../../../../common/phone';
import { useFormat } from '../../lib/format';
import { errorMessage } from '../../lib/errors';
import { ApiError } from '../../api/client';
import { callApi, useTelephonyMe } from './telephony.api';

/** A 422's details say why (no extension, PBX connection off or down, the PBX refused); other failures get the app's usual sentence. */
function whyNot(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError) || err.status !== 422) return errorMessage(t, err);
  const d = (err.details ?? {}) as { extension?: string; ami?: string; pbx?: string };
  if (d.extension === 'none') return t('telephony.click.noExtension');
  if (d.ami === 'off') return t('telephony.click.amiOff');
  if (d.ami) return t('telephony.click.amiDown');
  if (d.pbx) return t('telephony.click.pbxRefused', { reason: d.pbx });
  return err.message;
}

type Props = AnchorProps & { number: string; customerId?: string; testId?: string };

export function PhoneLink({ number, customerId, testId, ...anchor }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useTelephonyMe();
  const [busy, setBusy] = useState(false);
  const shown = fmt.phone(number);
  const clickToCall = me.data?.clickToCall === true;

  const onClick = (e: React.MouseEvent) => {
    // Inside a clickable row the number is its own target.
    e.stopPropagation();
    if (!clickToCall) return;
    e.preventDefault();
    void call();
  };

  const call = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await callApi.originate(number, customerId);
      notifications.show({ color: 'teal', message: t('telephony.click.started'), autoClose: 6000 });
    } catch (err) {
      notifications.show({ color: 'red', title: t('telephony.click.failed'), message: whyNot(t, err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Anchor
      href={telHref(number)}
      onClick={onClick}
      title={clickToCall ? t('telephony.click.call', { number: shown }) : undefined}
      aria-busy={busy || undefined}
      data-testid={testId}
      data-click-to-call={clickToCall ? 'on' : 'off'}
      {...anchor}
    >
      <Ltr>{shown}</Ltr>
    </Anchor>
  );
}
