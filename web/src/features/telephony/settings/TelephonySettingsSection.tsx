/** Settings → Telephony (admins): the PBX connection, the cloud webhook, who has which extension, ring groups and numbers. */
import { Stack } from '@mantine/core';
import { ErrorState, LoadingState } from '../../../components/States';
import { useTelephonySettings } from '../telephony.api';
import { AmiCard } from './AmiCard';
import { ExtensionsCard } from './ExtensionsCard';
import { NumbersCard } from './NumbersCard';
import { RingGroupsCard } from './RingGroupsCard';
import { WebhookCard } from './WebhookCard';
import { OutboundAllowCard } from '../../settings/OutboundAllowCard';

export function TelephonySettingsSection() {
  const settings = useTelephonySettings();
  if (settings.isPending) return <LoadingState />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  const view = settings.data;
  return (
    <Stack gap="md" data-testid="telephony-settings">
      <AmiCard view={view} />
      {/* A PBX on the office LAN is reached only once it is allowed here. */}
      <OutboundAllowCard />
      <WebhookCard view={view} />
      <ExtensionsCard view={view} />
      <RingGroupsCard view={view} />
      <NumbersCard view={view} />
    </Stack>
  );
}
