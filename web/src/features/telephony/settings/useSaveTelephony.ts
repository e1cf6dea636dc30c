/** Saving one card of the telephony settings: checked against the shared schema first, then PUT; the answer replaces the cache. */
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { telephonySettingsUpdate } from '../../../../../common/telephony.schemas';
import { useFormSubmit } from '../../../components/useFormSubmit';
import { useMe } from '../../session/session';
import { settingsApi, telephonyKeys, type TelephonySettingsUpdate } from '../telephony.api';

export function useSaveTelephony() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const form = useFormSubmit();
  const save = async (body: TelephonySettingsUpdate) => {
    if (!form.valid(telephonySettingsUpdate, body)) return;
    await form.run(async () => {
      const view = await settingsApi.save(body, me.csrfToken);
      queryClient.setQueryData(telephonyKeys.settings, view);
      void queryClient.invalidateQueries({ queryKey: telephonyKeys.me });
      notifications.show({ color: 'teal', message: t('telephony.settings.saved') });
    });
  };
  return { ...form, save };
}
