/** What every route handler can reach: the database, the clock, the config, the queue, the realtime hub. */
import type { Database } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { RealtimeHub } from '../realtime/bus.ts';
import type { Actor } from '../modules/auth/policy.ts';
import type { Channels } from '../modules/messaging/channels.service.ts';
import type { AmiManager } from '../modules/telephony/ami.manager.ts';
import type { OutboundGuard } from '../net/outbound-guard.ts';

export type AppContext = {
  database: Database;
  clock: Clock;
  config: Config;
  queue: JobQueue;
  hub: RealtimeHub;
  secret: string;
  /** Where email and SMS go out (settings, else environment). */
  channels: Channels;
  /** This instance's connection to the PBX (off until configured). */
  ami: AmiManager;
  /** Where the server may connect for SMTP, SMS and the PBX (private targets only when allow-listed). */
  outbound: OutboundGuard;
};

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    csrfToken?: string;
  }
}
