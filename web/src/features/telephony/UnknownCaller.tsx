/** A number nobody in the CRM has: add them as a new lead, or file the call under someone who is already there. */
import { useRef, useState } from 'react';
import { Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import { IconLink, IconUserPlus } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { CustomerPicker, type PickedCustomer } from '../../components/CustomerPicker';
import { errorMessage } from '../../lib/errors';
import { NewCustomerModal } from '../customers/form/NewCustomerModal';
import { callApi, type CallView } from './telephony.api';
import { dialable } from './phone-format';

export function UnknownCaller({ call, onLinked }: { call: CallView; onLinked: (view: CallView) => void }) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const [linking, setLinking] = useState(false);
  const [picked, setPicked] = useState<PickedCustomer | null>(null);
  const [addPhone, setAddPhone] = useState(true);
  const [busy, setBusy] = useState(false);
  // The call linked to a lead just created: shown once the form has closed, so the form is not torn down mid-save.
  const linkedLead = useRef<CallView | null>(null);

  const link = async (customerId: string, withPhone: boolean) => {
    const view = await callApi.link(call.id, customerId, withPhone);
    onLinked(view);
    return view;
  };

  const linkPicked = async () => {
    if (!picked) return;
    setBusy(true);
    try {
      await link(picked.id, addPhone);
      notifications.show({ color: 'teal', message: t('telephony.linked', { name: picked.label }) });
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(t, err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs" data-testid="call-unknown">
      <Text size="sm" c="dimmed">{t('telephony.unknownCaller')}</Text>
      <Group gap="xs" grow>
        <Button size="sm" leftSection={<IconUserPlus size={16} />} onClick={() => setCreating(true)} data-testid="call-new-lead">{t('telephony.newLead')}</Button>
        <Button size="sm" variant={linking ? 'filled' : 'light'} leftSection={<IconLink size={16} />} onClick={() => setLinking((v) => !v)} data-testid="call-link-existing">{t('telephony.linkExisting')}</Button>
      </Group>
      {linking && (
        <Stack gap="xs">
          <CustomerPicker value={picked} onChange={setPicked} label={t('telephony.pickCustomer')} placeholder={t('telephony.pickCustomerPlaceholder')} testId="call-link-picker" />
          <Checkbox size="sm" checked={addPhone} onChange={(e) => setAddPhone(e.currentTarget.checked)} label={t('telephony.addPhone')} data-testid="call-link-add-phone" />
          <Button size="sm" disabled={!picked} loading={busy} onClick={() => void linkPicked()} data-testid="call-link-save">{t('telephony.link')}</Button>
        </Stack>
      )}
      {creating && (
        <NewCustomerModal
          opened
          onClose={() => {
            setCreating(false);
            if (linkedLead.current) onLinked(linkedLead.current);
          }}
          initial={{ phones: call.numberValid ? [{ number: dialable(call.number), label: 'mobile' }] : [], source: 'phone', lifecycleStage: 'lead' }}
          // The phone (when the PBX gave a real number) is already on the new customer, so the link only files the call under them.
          onCreated={async (customer) => { linkedLead.current = await callApi.link(call.id, customer.id, false); }}
        />
      )}
    </Stack>
  );
}
