/**
 * The PBX connection of this app instance: an AMI client per the settings, its events turned into call events by the
 * tracker and applied one at a time, in order. Reconnects itself (the client's backoff); reloads when an admin changes
 * the settings on any instance (NOTIFY on RELOAD_CHANNEL). Several instances may each hold a connection: applying a
 * call event twice changes nothing (calls.service.ts), so no leader election is needed.
 */
import type { Database } from '../../db/client.ts';
import { withTx } from '../../db/tx.ts';
import type { Clock } from '../../clock.ts';
import { AmiClient, originate } from '../../drivers/telephony/ami-client.ts';
import { AmiCallTracker } from '../../drivers/telephony/ami-calls.ts';
import type { CallEvent, TelephonyLog } from '../../drivers/telephony/types.ts';
import type { OutboundGuard } from '../../net/outbound-guard.ts';
import { handleCallEvent } from './calls.service.ts';
import { isInternalNumber, readTelephonyConfig, RELOAD_CHANNEL, type AmiStatus, type TelephonyConfig } from './telephony.settings.ts';

export type AmiClientFactory = (opts: ConstructorParameters<typeof AmiClient>[0]) => AmiClient;

export class AmiManager {
  private client?: AmiClient;
  private tracker?: AmiCallTracker;
  private key = '';
  private config?: TelephonyConfig;
  private chain: Promise<void> = Promise.resolve();
  private unlisten?: () => Promise<void>;
  private closed = false;
  /** Events applied (for tests and the benchmark). */
  applied = 0;

  constructor(private database: Database, private clock: Clock, private log: TelephonyLog, private guard: OutboundGuard,
    private factory: AmiClientFactory = (o) => new AmiClient(o)) {}

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(RELOAD_CHANNEL, () => { void this.reload(); });
    await this.reload();
  }

  /** Reads the settings and (re)connects, disconnects, or leaves the connection as it is. */
  async reload(): Promise<void> {
    if (this.closed) return;
    const config = await readTelephonyConfig(this.database.db);
    this.config = config;
    const a = config.ami;
    const key = a.enabled ? JSON.stringify([a.host, a.port, a.username, a.secret]) : '';
    if (key === this.key) return;
    this.key = key;
    await this.stopClient();
    if (!key) return;
    const client = this.factory({ host: a.host, port: a.port, username: a.username, secret: a.secret, log: this.log, guard: this.guard });
    let flushQueued = false;
    const tracker = new AmiCallTracker({ isInternal: (n) => isInternalNumber(this.config ?? config, n), log: this.log, now: () => this.clock.now() });
    client.on('event', (msg: Record<string, string>) => {
      let events: CallEvent[] = [];
      try { events = tracker.handle(msg); } catch (err) { this.log('error', 'telephony: the call tracker failed on an AMI event', { event: msg.Event, error: String(err) }); }
      for (const ev of events) this.enqueue(ev);
      // The tracker holds a burst of DialBegins (a ring group) until the next message of that call; when the PBX
      // has nothing more to say for now, what it holds goes out once this read's messages are handled.
      if (!flushQueued) {
        flushQueued = true;
        setImmediate(() => { flushQueued = false; for (const ev of tracker.flushPending()) this.enqueue(ev); });
      }
    });
    // A dropped link or a restarting PBX ends the calls it was carrying: they are closed, not left ringing forever.
    client.on('disconnected', () => { for (const ev of tracker.reset(this.clock.now())) this.enqueue(ev); });
    this.client = client;
    this.tracker = tracker;
    client.start();
  }

  /** Applies a call event after the ones before it (each in its own transaction). */
  enqueue(ev: CallEvent): Promise<void> {
    this.chain = this.chain.then(async () => {
      try {
        await withTx(this.database, (tx) => handleCallEvent(tx, this.clock, ev, this.config));
        this.applied++;
      } catch (err) {
        this.log('error', 'telephony: could not apply a call event', { callId: ev.callId, type: ev.type, error: String(err) });
      }
    });
    return this.chain;
  }

  /** Resolves when every event received so far has been applied. */
  idle(): Promise<void> { return this.chain; }

  /** The settings as this instance last read them (at start, after a change here, on another instance's notice). */
  currentConfig(): TelephonyConfig | undefined { return this.config; }

  status(): AmiStatus {
    if (!this.client) return { status: 'off', lastError: null };
    const s = this.client.state;
    return { status: s === 'connected' ? 'connected' : s === 'connecting' ? 'connecting' : 'disconnected', lastError: this.client.lastError ?? null };
  }

  connected(): boolean { return this.client?.state === 'connected'; }

  /** Asks the PBX to ring the agent's phone and then dial the number (AMI Originate). */
  async originate(input: { extension: string; dial: string; callId: string; callerId?: string }): Promise<void> {
    const client = this.client;
    const a = this.config?.ami;
    if (!client || !a || client.state !== 'connected') throw new Error('the PBX is not connected');
    await originate(client, {
      channel: a.originateChannel.replace('{extension}', input.extension), context: a.originateContext, exten: input.dial,
      callerId: input.callerId ?? input.dial, variables: { MEHVAR_CALL_ID: input.callId },
    });
  }

  private async stopClient() {
    const c = this.client;
    this.client = undefined;
    this.tracker = undefined;
    // Stopping on purpose (settings changed, shutting down) is not a dropped link: calls in progress are not ended.
    c?.removeAllListeners();
    if (c) await c.stop().catch(() => {});
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.unlisten?.().catch(() => {});
    await this.stopClient();
    await this.chain;
  }
}
