/** What every route handler can reach: the database, the clock, the config, the queue, the realtime hub. */
import type { Database } from '../db/client.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { RealtimeHub } from '../realtime/bus.ts';
import type { Actor } from '../modules/auth/policy.ts';
import type { Channels } from '../modules/messaging/channels.service.ts';
import type { AmiManager } from '../modules/telephony/ami.manager.ts';

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
};

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    csrfToken?: string;
    /** The stored id of the request's session (cookie requests), to end its event stream with it. */
    sessionId?: string;
  }
}
