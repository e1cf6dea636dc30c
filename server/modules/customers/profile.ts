/**
 * The 360° view: profile, organizations, open promises and tasks, counters, the first timeline page,
 * and sections that later modules register (purchases, tickets, surveys, loyalty, predictions …).
 */
import type { Db } from '../../db/client.ts';
import { batchedReads } from '../../db/batch.ts';
import type { Actor } from '../auth/index.ts';
import { loadVisibleCustomer, organizationsOf, ownerOf, presentCustomer } from './customers.service.ts';
import { timeline } from './timeline.ts';

export interface ProfileSection {
  key: string;
  /** Loads the section for a customer the actor may see; return undefined to omit it (e.g. no permission). */
  load(db: Db, actor: Actor, customerId: string, now: Date): Promise<unknown>;
}

const sections = new Map<string, ProfileSection>();
const RESERVED = new Set(['customer', 'organizations', 'members', 'timeline']);

/** The keys of the registered sections, in registration order (each needs its schema in common/profile.schemas.ts). */
export function profileSectionKeys(): string[] {
  return [...sections.keys()];
}

/** A section's data appears in the 360° answer under its key, beside the core keys. */
export function registerProfileSection(section: ProfileSection): void {
  if (RESERVED.has(section.key)) throw new Error(`profile section key "${section.key}" is reserved`);
  sections.set(section.key, section);
}

/**
 * The sections' reads go to the database together (db/batch.ts): one statement for the customer, one for the owner,
 * organizations, timeline sources and every section's first read, then one per further step of the deepest section —
 * the same few round trips however many modules register a section.
 */
export async function customer360(root: Db, actor: Actor, id: string, opts: { timelineLimit: number; now: Date }) {
  const db = batchedReads(root);
  const row = await loadVisibleCustomer(db, actor, id);
  const [owner, orgs, tl, extra] = await Promise.all([
    ownerOf(db, row.ownerId),
    organizationsOf(db, actor, row),
    timeline(db, actor, id, { limit: opts.timelineLimit, now: opts.now }),
    Promise.all([...sections.values()].map(async (s) => [s.key, await s.load(db, actor, id, opts.now)] as const)),
  ]);
  const sectionData = Object.fromEntries(extra.filter(([, v]) => v !== undefined));
  return {
    customer: presentCustomer(row, owner),
    organizations: row.kind === 'person' ? orgs : [],
    members: row.kind === 'organization' ? orgs : [],
    timeline: tl,
    ...sectionData,
  };
}
