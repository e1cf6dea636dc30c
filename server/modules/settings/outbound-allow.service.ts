/**
 * The admin's outbound allow-list: private hosts the server may connect to for email, SMS and the PBX (a PBX on the
 * office LAN, a mail relay on the same network). Adds to the operator's list (MEHVAR_OUTBOUND_ALLOW), which only the
 * environment changes. Entries are host names, IP addresses or CIDR ranges; see docs/operations.md.
 */
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { AppError } from '../../errors.ts';
import { normalizeAllowList, ALLOW_LIST_MAX } from '../../net/allow-list.ts';
import { readSetting, writeSetting } from './settings.service.ts';

const KEY = 'net.outboundAllow';

export const outboundAllowInput = z.object({ entries: z.array(z.string().max(300)).max(ALLOW_LIST_MAX) }).strict();
export type OutboundAllowView = { entries: string[]; environment: string[] };

/** The stored list (normalized when saved). */
export async function readOutboundAllow(db: Db): Promise<string[]> {
  return (await readSetting<string[]>(db, KEY)) ?? [];
}

export async function outboundAllowView(db: Db, actor: Actor, environment: readonly string[]): Promise<OutboundAllowView> {
  assertCan(actor, 'settings', 'update');
  return { entries: await readOutboundAllow(db), environment: [...environment] };
}

export async function setOutboundAllow(db: Db, actor: Actor, input: z.infer<typeof outboundAllowInput>, environment: readonly string[]): Promise<OutboundAllowView> {
  assertCan(actor, 'settings', 'update');
  const { entries, errors } = normalizeAllowList(input.entries);
  if (Object.keys(errors).length) {
    throw new AppError('VALIDATION_FAILED', 'Each entry is a host name, an IP address or a CIDR range (10.0.0.0/8)',
      Object.fromEntries(Object.entries(errors).map(([i, m]) => [`entries.${i}`, m])));
  }
  await writeSetting(db, actor.userId, KEY, entries);
  return { entries, environment: [...environment] };
}
