/**
 * What every route handler can reach: the database, the clock, the config, the queue, the realtime hub, and who a
 * session or an API key stands for. Generic on purpose: a module's own long-lived service (the channels, the PBX link)
 * is added to the context by the routes that need it, so this layer names no module.
 */
import type { Database } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { RealtimeHub } from '../realtime/bus.ts';
import type { Credentials } from './auth-hooks.ts';
import type { IdempotencyStore } from './idempotency.ts';
import type { OutboundGuard } from '../net/outbound-guard.ts';

export type AppContext = {
  database: Database;
  clock: Clock;
  config: Config;
  queue: JobQueue;
  hub: RealtimeHub;
  secret: string;
  /** Who a session cookie or an API key stands for (the auth module's answer, handed to the HTTP auth hook). */
  credentials: Credentials;
  /** Where Idempotency-Key answers are kept (the auth module's tables, handed to the HTTP hook). */
  idempotency: IdempotencyStore;
  /** Where the server may connect for SMTP, SMS and the PBX (private targets only when allow-listed). */
  outbound: OutboundGuard;
};
