/** The marketing contact policy and the suppression list (admin settings). */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import type { contactPolicy, suppressionPage } from '../../../../common/contact-policy.schemas';

export type ContactPolicy = Answer<typeof contactPolicy>;
export type SuppressionPage = Answer<typeof suppressionPage>;
export const CONTACT_POLICY_KEY = ['contact-policy'];
export const SUPPRESSIONS_KEY = ['suppressions'];

export const useContactPolicy = () => useQuery({ queryKey: CONTACT_POLICY_KEY, queryFn: () => api.get<ContactPolicy>('/settings/contact-policy') });
export const useSuppressions = (q: string, offset: number) => useQuery({
  queryKey: [...SUPPRESSIONS_KEY, q, offset],
  queryFn: () => api.get<SuppressionPage>('/settings/suppressions', { ...(q ? { q } : {}), limit: 20, offset }),
});
