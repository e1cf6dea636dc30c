/** Shapes, queries and small helpers of support tickets (server/modules/support, docs/api.md Support). */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, ApiError } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import type {
  TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_QUEUES, TICKET_STATUSES, SLA_STATES, TICKET_MESSAGE_KINDS, slaClockView, ticketView, ticketMessageView,
  ticketDetail, ticketPage,
} from '../../../../common/support.schemas';
import type { ticketsSection } from '../../../../common/profile.schemas';
import type { Answer } from '../../api/types';

export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type TicketChannel = (typeof TICKET_CHANNELS)[number];
export type TicketQueue = (typeof TICKET_QUEUES)[number];

export type SlaState = (typeof SLA_STATES)[number];
export type SlaClock = Answer<typeof slaClockView>;

export type Ticket = Answer<typeof ticketView>;
export type MessageKind = (typeof TICKET_MESSAGE_KINDS)[number];
export type TicketMessage = Answer<typeof ticketMessageView>;
export type TicketDetail = Answer<typeof ticketDetail>;
export type TicketPage = Answer<typeof ticketPage>;
/** The customer 360° `tickets` section. */
export type TicketsSection = Answer<typeof ticketsSection>;

export type TicketFilters = { queue: TicketQueue; status: TicketStatus[]; priority: TicketPriority[]; q?: string; customerId?: string; sort?: string };

export const ticketKey = (id: string) => ['tickets', 'one', id] as const;

export const useTicketList = (f: TicketFilters, page: number, pageSize: number) =>
  useQuery({
    queryKey: ['tickets', 'list', f, page, pageSize],
    queryFn: ({ signal }) => api.get<TicketPage>('/tickets', { ...f, page, pageSize }, { signal }),
    placeholderData: (prev) => prev,
  });

export const useTicket = (id: string) => useQuery({ queryKey: ticketKey(id), queryFn: () => api.get<TicketDetail>(`/tickets/${id}`) });

/** After a change to a ticket: the ticket, the lists and the customer's 360° view (card, timeline) are stale. */
export function useRefreshTickets() {
  const queryClient = useQueryClient();
  return (customerId?: string) => Promise.all([
    queryClient.invalidateQueries({ queryKey: ['tickets'] }),
    ...(customerId ? [
      queryClient.invalidateQueries({ queryKey: ['customer', customerId] }),
      queryClient.invalidateQueries({ queryKey: ['timeline', customerId] }),
    ] : []),
  ]);
}

export const OPEN_STATUSES: TicketStatus[] = ['new', 'open', 'waiting_customer', 'waiting_third_party'];
export const isOpen = (s: TicketStatus) => OPEN_STATUSES.includes(s);

export const priorityColor = (p: string) => (p === 'urgent' ? 'red' : p === 'high' ? 'orange' : p === 'normal' ? 'blue' : 'gray');
export const statusColor = (s: string) =>
  s === 'new' ? 'cyan' : s === 'open' ? 'blue' : s === 'resolved' ? 'teal' : s === 'closed' ? 'gray' : 'yellow';
export const slaColor = (s: SlaState) =>
  s === 'breached' ? 'red' : s === 'warning' ? 'orange' : s === 'met' ? 'green' : s === 'paused' ? 'gray' : 'blue';

/** The clock that matters now: the first response until it is given, then the resolution. */
export function currentClock(t: Ticket): { which: 'firstResponse' | 'resolution'; clock: SlaClock } {
  const fr = t.sla.firstResponse;
  if (fr.state === 'breached' && !t.firstResponseAt) return { which: 'firstResponse', clock: fr };
  if (!t.firstResponseAt && fr.state !== 'none' && t.sla.resolution.state !== 'breached') return { which: 'firstResponse', clock: fr };
  return { which: 'resolution', clock: t.sla.resolution };
}

/**
 * The API's refusals that a person can act on, in their words: an assignee whose role cannot work on tickets,
 * a reply that cannot be sent, a ticket that is closed or merged. Anything else: the general message.
 */
export function ticketErrorMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    const d = (err.details ?? {}) as Record<string, unknown>;
    if (err.code === 'UNPROCESSABLE' && d.assigneeId) return t('support.errors.assigneeRole');
    if (d.assigneeId === 'deactivated user') return t('support.errors.assigneeInactive');
    if (err.code === 'UNPROCESSABLE' && d.send === 'no phone number') return t('support.errors.noPhone');
    if (err.code === 'UNPROCESSABLE' && d.send === 'no SMS consent') return t('support.errors.noSmsConsent');
    if (err.code === 'UNPROCESSABLE' && d.send === 'no email address') return t('support.errors.noEmail');
    if (err.code === 'UNPROCESSABLE' && d.send === 'no email consent') return t('support.errors.noEmailConsent');
    if (err.code === 'UNPROCESSABLE' && d.send) return t('support.errors.cannotSend');
    if (err.code === 'UNPROCESSABLE' && d.intoId) return t('support.errors.mergeOtherCustomer');
    if (err.code === 'CONFLICT' && d.mergedIntoId) return t('support.errors.merged');
    if (err.code === 'CONFLICT' && d.status) return t('support.errors.closed');
  }
  return errorMessage(t, err);
}

/** Puts the 422 about an assignee's role beside the assignee field too. */
export function assigneeFieldError(t: TFunction, fields: Record<string, string>, err: unknown): Record<string, string> {
  if (err instanceof ApiError && (err.details as Record<string, unknown> | undefined)?.assigneeId) return { ...fields, assigneeId: ticketErrorMessage(t, err) };
  return fields;
}

export type TicketUpdateBody = Partial<{ status: TicketStatus; priority: TicketPriority; assigneeId: string | null; category: string | null; productId: string | null; tags: string[]; subject: string; description: string | null }>;


