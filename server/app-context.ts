/** What every route handler can reach: the database, the clock, the config, the queue, the realtime hub. */
import type { Database } from './db/client.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { RealtimeHub } from './realtime/bus.ts';
import type { Credentials } from './http/auth-hooks.ts';
import type { Channels } from './modules/messaging/index.ts';
import type { AmiManager } from './modules/telephony/index.ts';

export type AppContext = {
  database: Database;
  clock: Clock;
  config: Config;
  queue: JobQueue;
  hub: RealtimeHub;
  secret: string;
  /** Who a session cookie or an API key stands for (the auth module's answer, handed to the HTTP auth hook). */
  credentials: Credentials;
  /** Where email and SMS go out (settings, else environment). */
  channels: Channels;
  /** This instance's connection to the PBX (off until configured). */
  ami: AmiManager;
};
