/**
 * Customer data rights: every module that keeps rows about a customer registers a section here, saying which of its
 * tables it covers, how to gather the rows for an export and how to erase or anonymize them. The customers module
 * never reads those tables itself; a test fails when a table with a customer_id column is covered by no section.
 */
import type { Db } from '../../db/client.ts';

export type ErasureContext = {
  /** When the erasure happens (one instant for every section). */
  now: Date;
  /** The user doing it (null for the system). */
  actorId: string | null;
};

/** What one section did on erasure, for the answer and the audit row: counts per kind of row. */
export type ErasureReport = { deleted?: Record<string, number>; anonymized?: Record<string, number>; kept?: Record<string, number>; notes?: string[] };

export interface CustomerDataSection {
  /** The tables (by SQL name) whose customer rows this section exports and erases. */
  tables: string[];
  /** Erasure runs in ascending order (default 50): rows that point at others' rows go first (tasks before interactions). */
  order?: number;
  /** Every row held about the customer, grouped by kind (e.g. { tickets: [...], ticketMessages: [...] }). */
  collect(db: Db, customerId: string): Promise<Record<string, unknown[]>>;
  /** Removes or anonymizes the customer's rows inside the caller's transaction; keeps what the law requires. */
  erase(tx: Db, customerId: string, ctx: ErasureContext): Promise<ErasureReport>;
}

const sections = new Map<string, CustomerDataSection>();

/** Registers (or replaces, on a second boot in the same process) the section named `name`. */
export function registerCustomerDataSection(name: string, section: CustomerDataSection): void {
  sections.set(name, section);
}

/** The sections in erasure order (then registration order). */
export function customerDataSections(): [string, CustomerDataSection][] {
  return [...sections.entries()].sort((a, b) => (a[1].order ?? 50) - (b[1].order ?? 50));
}

/** Every table some section covers. */
export function coveredCustomerTables(): Set<string> {
  return new Set([...sections.values()].flatMap((s) => s.tables));
}
