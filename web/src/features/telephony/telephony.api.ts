/**
 * Telephony on the web side (server: server/modules/telephony): who may click to call, the calls list, one call, the
 * calls that need a pop-up, the post-call notes and links, and the admin's PBX settings. Shapes: common/telephony.schemas.ts.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type {
  CallNotesInput, CallStatus, CallView, TelephonyMe, TelephonySettingsUpdate, TelephonySettingsView, callPage, amiTestResult, webhookSecretRotated,
} from '../../../../common/telephony.schemas';
import type { Answer } from '../../api/types';
import { putJson } from '../settings/settings.api';

export type { CallView, CallStatus, CallNotesInput, TelephonyMe, TelephonySettingsView, TelephonySettingsUpdate };
export type { CallCustomerCard } from '../../../../common/telephony.schemas';

export const telephonyKeys = {
  me: ['telephony', 'me'] as const,
  active: ['telephony', 'active'] as const,
  call: (id: string) => ['telephony', 'call', id] as const,
  settings: ['telephony', 'settings'] as const,
};

export const useTelephonyMe = () =>
  useQuery({ queryKey: telephonyKeys.me, queryFn: ({ signal }) => api.get<TelephonyMe>('/telephony/me', undefined, { signal }), staleTime: 60_000, retry: false });

export type CallsQuery = { source?: 'all' | 'pbx' | 'manual'; status?: CallStatus; direction?: 'in' | 'out'; unknown?: 'true'; agentId?: string; customerId?: string; cursor?: string; limit?: number };
export type CallsPage = Answer<typeof callPage>;

export const fetchCall = (id: string) => api.get<CallView>(`/telephony/calls/${id}`);
export const fetchActiveCalls = () => api.get<CallView[]>('/telephony/calls/active');

export const callApi = {
  notes: (id: string, body: CallNotesInput) => api.post<CallView>(`/telephony/calls/${id}/notes`, body),
  link: (id: string, customerId: string, addPhone: boolean) => api.post<CallView>(`/telephony/calls/${id}/link`, { customerId, addPhone }),
  dismiss: (id: string) => api.post<void>(`/telephony/calls/${id}/dismiss`),
  originate: (number: string, customerId?: string) => api.post<CallView>('/telephony/originate', { number, customerId }),
};

export const useTelephonySettings = () =>
  // Polled so the PBX connection's status badge stays current while the screen is open.
  useQuery({ queryKey: telephonyKeys.settings, queryFn: ({ signal }) => api.get<TelephonySettingsView>('/telephony/settings', undefined, { signal }), refetchInterval: 10_000 });

export const settingsApi = {
  save: (body: TelephonySettingsUpdate, csrfToken: string | null) => putJson<TelephonySettingsView>('/telephony/settings', body, csrfToken),
  testAmi: (body: { host: string; port: number; username: string; secret?: string }) =>
    api.post<Answer<typeof amiTestResult>>('/telephony/settings/test-ami', body),
  rotateWebhookSecret: () => api.post<Answer<typeof webhookSecretRotated>>('/telephony/webhook-secret'),
};

export { SECRET_MASK } from '../../../../common/telephony.schemas';

export const isEnded = (c: Pick<CallView, 'status'>) => c.status === 'completed' || c.status === 'missed' || c.status === 'failed';
