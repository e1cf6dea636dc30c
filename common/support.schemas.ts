/** Support tickets, contracts, SLA and recurring problems: request, query and response shapes shared by the API and the web app. */
import { z } from 'zod';
import { csv } from './customer.schemas.ts';
import { isoDate, rialAmount } from './sales.schemas.ts';
import { isoDateTime, rials, uuid, itemsOf } from './api.schemas.ts';

export const TICKET_STATUSES = ['new', 'open', 'waiting_customer', 'waiting_third_party', 'resolved', 'closed'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TICKET_CHANNELS = ['phone', 'email', 'sms', 'web', 'walk_in', 'social'] as const;
/** Statuses in which the ticket is still being worked on (SLA clocks run, queues show it). */
export const OPEN_TICKET_STATUSES = ['new', 'open', 'waiting_customer', 'waiting_third_party'] as const;

const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => text(max).optional().nullable().transform((v) => (v === undefined ? undefined : v ? v : null));
const tagList = z.array(text(50).min(1)).max(30);

export const ticketCreate = z.object({
  customerId: z.uuid(),
  channel: z.enum(TICKET_CHANNELS),
  subject: text(300).min(1, 'required'),
  description: optText(20_000),
  category: optText(100),
  productId: z.uuid().optional().nullable(),
  priority: z.enum(TICKET_PRIORITIES).default('normal'),
  /** A user whose role may update tickets; omitted: unassigned. */
  assigneeId: z.uuid().optional().nullable(),
  teamId: z.uuid().optional().nullable(),
  tags: tagList.default([]),
}).strict();
export type TicketCreate = z.infer<typeof ticketCreate>;

export const ticketUpdate = z.object({
  subject: text(300).min(1, 'required').optional(),
  description: optText(20_000),
  category: optText(100),
  productId: z.uuid().optional().nullable(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  status: z.enum(TICKET_STATUSES).optional(),
  assigneeId: z.uuid().optional().nullable(),
  teamId: z.uuid().optional().nullable(),
  tags: tagList.optional(),
}).strict();
export type TicketUpdate = z.infer<typeof ticketUpdate>;

export const ticketMessageCreate = z.object({
  /** reply: to the customer (sent when `send` names a channel); customer: what the customer said (logged by an agent);
   *  note: internal; summary: the agent's short summary of their part, shown on the customer's timeline. */
  kind: z.enum(['reply', 'customer', 'note', 'summary']),
  body: text(20_000).min(1, 'required'),
  /** For replies: send it by email or SMS through the channels, or only log it (e.g. said on the phone). */
  send: z.enum(['email', 'sms', 'none']).default('none'),
}).strict();
export type TicketMessageCreate = z.infer<typeof ticketMessageCreate>;

export const ticketMerge = z.object({ intoId: z.uuid() }).strict();

export const TICKET_QUEUES = ['all', 'mine', 'team', 'unassigned', 'breaching'] as const;
/** sla: the running clocks first, the most overdue (or the next due) on top; paused and finished tickets after. */
export const TICKET_SORTS = ['-created', 'created', 'due', '-priority', '-updated', 'sla'] as const;

export const ticketListQuery = z.object({
  queue: z.enum(TICKET_QUEUES).default('all'),
  status: csv(z.enum(TICKET_STATUSES)),
  priority: csv(z.enum(TICKET_PRIORITIES)),
  customerId: z.uuid().optional(),
  productId: z.uuid().optional(),
  category: z.string().max(100).optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(TICKET_SORTS).default('-created'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
export type TicketListQuery = z.infer<typeof ticketListQuery>;

/** First-response and resolution targets in business minutes; at most a working year. */
const minutes = z.number().int().min(1, 'must be at least 1 minute').max(200_000, 'must be at most 200,000 business minutes');
export const slaPolicyInput = z.object({
  name: text(100).min(1, 'required'),
  priority: z.enum(TICKET_PRIORITIES),
  contractLevel: optText(50),
  firstResponseMinutes: minutes,
  resolutionMinutes: minutes,
  active: z.boolean().default(true),
}).strict().refine((p) => p.firstResponseMinutes <= p.resolutionMinutes, {
  path: ['firstResponseMinutes'], message: 'the first response cannot be due after the resolution',
});
export type SlaPolicyInput = z.infer<typeof slaPolicyInput>;

export const CONTRACT_KINDS = ['service', 'maintenance', 'subscription', 'warranty'] as const;
export const CONTRACT_STATUSES = ['active', 'expired', 'renewed', 'cancelled'] as const;

const contractFields = {
  kind: z.enum(CONTRACT_KINDS),
  title: text(200).min(1, 'required'),
  /** The SLA contract level its tickets get (e.g. gold); empty: the default policies. */
  level: optText(50),
  startDate: isoDate,
  endDate: isoDate,
  value: rialAmount.default(0n),
  renewalTerms: optText(2000),
  ownerId: z.uuid().optional().nullable(),
  reminderDays: z.number().int().min(0, 'at least 0 days').max(365, 'at most 365 days').default(30),
  remindCustomer: z.boolean().default(false),
  productIds: z.array(z.uuid()).max(100).default([]),
  notes: optText(5000),
};
const datesInOrder = (c: { startDate?: string; endDate?: string }) => !c.startDate || !c.endDate || c.startDate <= c.endDate;

export const contractCreate = z.object({ customerId: z.uuid(), ...contractFields }).strict()
  .refine(datesInOrder, { path: ['endDate'], message: 'the contract cannot end before it starts' });
export type ContractCreate = z.infer<typeof contractCreate>;

export const contractUpdate = z.object({
  title: contractFields.title.optional(),
  level: contractFields.level,
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  value: rialAmount.optional(),
  renewalTerms: contractFields.renewalTerms,
  ownerId: z.uuid().optional().nullable(),
  reminderDays: contractFields.reminderDays.optional(),
  remindCustomer: z.boolean().optional(),
  productIds: z.array(z.uuid()).max(100).optional(),
  notes: contractFields.notes,
  /** Only cancelling is set by hand; expiry and renewal happen by themselves. */
  status: z.literal('cancelled').optional(),
}).strict().refine(datesInOrder, { path: ['endDate'], message: 'the contract cannot end before it starts' });
export type ContractUpdate = z.infer<typeof contractUpdate>;

export const contractRenew = z.object({
  /** Defaults: starts the day after the old one ends, lasts as long, same value and terms. */
  startDate: isoDate.optional(),
  endDate: isoDate.optional(),
  value: rialAmount.optional(),
}).strict().refine(datesInOrder, { path: ['endDate'], message: 'the contract cannot end before it starts' });
export type ContractRenew = z.infer<typeof contractRenew>;

/** The contracts list's sort keys. lastActivity: its latest change, renewal reminder or creation. */
export const CONTRACT_SORTS = ['lastActivity', '-lastActivity', 'endDate', '-endDate', 'startDate', '-startDate', 'number', '-number', 'value', '-value', 'title', '-title', 'created', '-created'] as const;
export const contractListQuery = z.object({
  customerId: z.uuid().optional(),
  status: csv(z.enum(CONTRACT_STATUSES)),
  /** Active contracts ending within this many days. */
  expiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  /** Owner: a user id, 'me' or 'none'. */
  ownerId: z.union([z.uuid(), z.literal('me'), z.literal('none')]).optional(),
  /** Title or customer name, Persian-normalized; a number finds the contract of that number. */
  q: z.string().trim().min(1).max(100).optional(),
  /** Without a sort: the soonest end first. The contracts list asks for -lastActivity. */
  sort: z.enum(CONTRACT_SORTS).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
export type ContractListQuery = z.infer<typeof contractListQuery>;

/**
 * How the support desk runs: manual assignment or round robin over `agentIds` (empty: every active user whose role can
 * work on tickets), who hears about SLA breaches and recurring-problem alerts (`notifyUserIds`; empty: managers and
 * admins), and how many tickets of one problem in a week raise an alert.
 */
export const supportSettings = z.object({
  assignment: z.enum(['manual', 'round_robin']).default('manual'),
  agentIds: z.array(z.uuid()).max(500).default([]).transform((ids) => [...new Set(ids)]),
  notifyUserIds: z.array(z.uuid()).max(500).default([]).transform((ids) => [...new Set(ids)]),
  problemAlertThreshold: z.number().int().min(2, 'must be at least 2').max(100, 'must be at most 100').default(5),
}).strict();
export type SupportSettings = z.output<typeof supportSettings>;

/** A human decision about a recurring-problem group: rename it, confirm it (its tickets stay put when regrouping). */
export const problemGroupUpdate = z.object({
  label: text(200).min(1, 'required').optional(),
  confirmed: z.literal(true).optional(),
}).strict();
export const problemGroupSplit = z.object({
  ticketIds: z.array(z.uuid()).min(1, 'choose at least one ticket').max(1000),
  label: text(200).min(1, 'required').optional(),
}).strict();
export const problemGroupMerge = z.object({ intoId: z.uuid() }).strict();
/** Puts tickets in this group by hand (or, with groupId null, marks them as no recurring problem). */
export const problemTicketsMove = z.object({
  ticketIds: z.array(z.uuid()).min(1, 'choose at least one ticket').max(1000),
  groupId: z.uuid().nullable(),
}).strict();

// ---- Answers

export const TICKET_MESSAGE_KINDS = ['reply', 'customer', 'note', 'summary'] as const;
export const SLA_STATES = ['met', 'ok', 'warning', 'breached', 'paused', 'none'] as const;

/** One SLA clock: met/breached once answered or resolved, otherwise ok, warning (due within 2 h), breached or paused. */
export const slaClockView = z.object({ state: z.enum(SLA_STATES), dueAt: isoDateTime.nullable() });

export const ticketView = z.object({
  id: uuid, number: z.number(), customerId: uuid, customerName: z.string().nullable(), channel: z.enum(TICKET_CHANNELS), subject: z.string(),
  description: z.string().nullable(), category: z.string().nullable(), productId: uuid.nullable(), productName: z.string().nullable(),
  priority: z.enum(TICKET_PRIORITIES), status: z.enum(TICKET_STATUSES), assigneeId: uuid.nullable(), assigneeName: z.string().nullable(),
  teamId: uuid.nullable(), tags: z.array(z.string()), mergedIntoId: uuid.nullable(), problemGroupId: uuid.nullable(), problemLabel: z.string().nullable(),
  firstResponseAt: isoDateTime.nullable(), resolvedAt: isoDateTime.nullable(), closedAt: isoDateTime.nullable(), createdBy: uuid.nullable(),
  createdAt: isoDateTime, updatedAt: isoDateTime,
  sla: z.object({ firstResponse: slaClockView, resolution: slaClockView, breached: z.boolean() }),
});
export const ticketMessageView = z.object({
  id: uuid, ticketId: uuid, kind: z.enum(TICKET_MESSAGE_KINDS), body: z.string(), channel: z.string().nullable(), messageId: uuid.nullable(),
  messageStatus: z.string().nullable(), authorId: uuid.nullable(), authorName: z.string().nullable(), createdAt: isoDateTime,
});
/** A ticket with its conversation, oldest first. */
export const ticketDetail = z.object({ ticket: ticketView, messages: z.array(ticketMessageView) });
export const ticketPage = z.object({ items: z.array(ticketView), total: z.number(), page: z.number(), pageSize: z.number() });
export const ticketMessageAdded = z.object({ message: ticketMessageView, ticket: ticketView });

export const contractView = z.object({
  id: uuid, number: z.number(), customerId: uuid, customerName: z.string().nullable(), kind: z.enum(CONTRACT_KINDS), title: z.string(),
  level: z.string().nullable(), startDate: z.string(), endDate: z.string(), value: rials, renewalTerms: z.string().nullable(),
  status: z.enum(CONTRACT_STATUSES), ownerId: uuid.nullable(), ownerName: z.string().nullable(), reminderDays: z.number(), remindCustomer: z.boolean(),
  remindedAt: isoDateTime.nullable(), renewedFromId: uuid.nullable(), renewedById: uuid.nullable(),
  products: z.array(z.object({ id: uuid, name: z.string() })), notes: z.string().nullable(),
  /** Days until the end, for active contracts only (0: ends today). */
  daysLeft: z.number().nullable(),
  createdAt: isoDateTime, updatedAt: isoDateTime,
});
/** A row of the contracts list: the contract and its last activity (latest change, renewal reminder or creation). */
export const contractListItem = contractView.extend({ lastActivityAt: isoDateTime });
export const contractPage = z.object({ items: z.array(contractListItem), total: z.number(), page: z.number(), pageSize: z.number() });

/** The desk's business hours: weeklyHours[0] is Sunday … [6] Saturday; holidays are Gregorian days, sorted. */
export const businessCalendarView = z.object({
  timeZone: z.string(),
  weeklyHours: z.array(z.array(z.object({ start: z.string(), end: z.string() }))),
  holidays: z.array(z.object({ date: z.string(), name: z.string().optional() })),
});
/** The calendar in force, and whether an admin set it (false: the default week and Iran's fixed holidays). */
export const calendarAnswer = z.object({ calendar: businessCalendarView, custom: z.boolean() });

export const slaPolicyView = z.object({
  id: uuid, name: z.string(), priority: z.enum(TICKET_PRIORITIES), contractLevel: z.string().nullable(), firstResponseMinutes: z.number(),
  resolutionMinutes: z.number(), active: z.boolean(), createdAt: isoDateTime, updatedAt: isoDateTime,
});
export const slaPolicyList = itemsOf(slaPolicyView);

export const supportSettingsView = z.object({
  assignment: z.enum(['manual', 'round_robin']), agentIds: z.array(uuid), notifyUserIds: z.array(uuid), problemAlertThreshold: z.number(),
});

const problemTicketRef = z.object({ id: uuid, number: z.number(), subject: z.string(), status: z.enum(TICKET_STATUSES), createdAt: isoDateTime });
/** A recurring problem: its tickets of the period counted, by week (oldest first; the last is the seven days ending now). */
export const recurringProblemView = z.object({
  id: uuid, key: z.string(), label: z.string(), terms: z.array(z.string()), confirmed: z.boolean(), count: z.number(), openCount: z.number(),
  customers: z.number(), products: z.array(z.object({ id: uuid, name: z.string(), count: z.number() })), avgResolutionHours: z.number().nullable(),
  trend: z.array(z.number()), lastWeek: z.number(), examples: z.array(problemTicketRef),
});
export const recurringProblemsView = z.object({
  items: z.array(recurringProblemView), days: z.number(), ticketsGrouped: z.number(), ungrouped: z.number(), truncated: z.boolean(),
  /** When the tickets were last regrouped (null: never). */
  groupedAt: isoDateTime.nullable(),
  alertThreshold: z.number(), thisWeekFrom: z.string(),
});
export const problemDetail = recurringProblemView.extend({
  tickets: z.array(z.object({
    id: uuid, number: z.number(), subject: z.string(), status: z.enum(TICKET_STATUSES), productName: z.string().nullable(), createdAt: isoDateTime,
  })),
});
export const problemSplit = z.object({ from: problemDetail, into: problemDetail });
export const problemTicketsMoved = z.object({ moved: z.number(), groupId: uuid.nullable() });
export const problemsRegrouped = z.object({ tickets: z.number(), groups: z.number(), created: z.number(), moved: z.number(), alerts: z.number() });
export const problemsByProductView = z.object({
  items: z.array(z.object({
    productId: uuid, productName: z.string(), tickets: z.number(), open: z.number(), ungrouped: z.number(),
    /** share: percent of the product's tickets, one decimal. */
    problems: z.array(z.object({ id: uuid, label: z.string(), count: z.number(), share: z.number() })),
  })),
  days: z.number(),
});
