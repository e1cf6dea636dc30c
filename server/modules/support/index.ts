// Support: tickets with their conversation and SLA clocks, the business calendar, SLA policies.
export { tickets, ticketMessages, ticketCategories, slaPolicies, contracts, contractProducts, problemGroups, problemIndex, supportRotation } from './support.tables.ts';
export { createTicket, getTicket, listTickets, updateTicket, addTicketMessage, mergeTicket, onTicketResolved, setTicketPriorityFloor, ticketsSection, presentTicket, searchDocOf as ticketSearchDoc, type TicketView } from './tickets.service.ts';
export { ensureDefaultSlaPolicies, supportCalendar, defaultCalendar, getSupportCalendar, setSupportCalendar, listSlaPolicies, createSlaPolicy, updateSlaPolicy, slaDeadlines, slaView, DEFAULT_SLA } from './sla.service.ts';
export { bulkEditTickets, undoTicketBulk } from './tickets-bulk.service.ts';
export { visibleTicketsSql } from './ticket-visibility.ts';
export { searchTicketHits, searchContractHits } from './support.search.ts';
export { registerSupportViews } from './support.timeline.ts';
export { businessCalendarSchema, addBusinessMinutes, businessMinutesBetween, type BusinessCalendar } from './business-hours.ts';
export { createContract, getContract, listContracts, updateContract, renewContract, sweepContracts, contractsSection, contractLevelOf, contractsEndingWhere, type ContractView } from './contracts.service.ts';
export { recurringProblems, regroupProblems, getProblemGroup, updateProblemGroup, splitProblemGroup, mergeProblemGroup, moveProblemTickets, problemsByProduct, placeNewTicket } from './problems.service.ts';
export { getSupportSettings, setSupportSettings, readSupportSettings, watchSla, nextRoundRobinAgent } from './desk.service.ts';
export { registerSupportMover } from './support.mover.ts';
export { registerSupportDataRights } from './support.data-rights.ts';
export { registerSupportSegmentFields } from './support.segment-fields.ts';
export { listTicketCategories, createTicketCategory, updateTicketCategory, categoryForImport } from './categories.service.ts';
export { deleteImportedTicket, settleImportedTicket } from './tickets-import.ts';
