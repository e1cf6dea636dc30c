/**
 * A long-lived AMI connection to Asterisk: connects, logs in, keeps the link alive with pings, reconnects with
 * exponential backoff after any drop, correlates actions with their responses by ActionID and emits the PBX's events.
 *
 *   const ami = new AmiClient({ host, port, username, secret, log });
 *   ami.on('event', (msg) => tracker.handle(msg));
 *   ami.on('disconnected', () => tracker.reset(new Date()));
 *   ami.start();
 *   await originate(ami, { channel: 'PJSIP/101', context: 'from-internal', exten: '09121234567' });
 *   await ami.stop();
 */
import { EventEmitter } from 'node:events';
import type net from 'node:net';
import { randomBytes } from 'node:crypto';
import { AmiParser, serializeAction, type AmiMessage } from './ami-protocol.ts';
import type { TelephonyLog } from './types.ts';
import { REFUSED_MESSAGE, type OutboundGuard } from '../../net/outbound-guard.ts';

export type AmiState = 'connecting' | 'connected' | 'disconnected' | 'stopped';

export interface AmiConnectionOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** Opens every connection: a PBX host on a private network is refused unless allow-listed (before any packet). */
  guard: OutboundGuard;
}

export interface AmiClientOptions extends AmiConnectionOptions {
  log: TelephonyLog;
  connectTimeoutMs?: number;
  /** From TCP connect to `Response: Success` of the login (banner included). */
  loginTimeoutMs?: number;
  actionTimeoutMs?: number;
  backoff?: { initialMs?: number; maxMs?: number };
  pingIntervalMs?: number;
}

/** Events: 'event' (AmiMessage with Event), 'state' (AmiState), 'connected', 'disconnected' (a logged-in link ended). */
export interface AmiClientEvents {
  event: [AmiMessage];
  state: [AmiState];
  connected: [];
  disconnected: [];
}

const BANNER = /^Asterisk Call Manager\/(\S+)/;

type Pending = { resolve: (m: AmiMessage) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

export class AmiClient extends EventEmitter<AmiClientEvents> {
  state: AmiState = 'disconnected';
  /** Why the last attempt or link failed, in words for the settings screen; null once logged in. */
  lastError: string | null = null;
  /** The AMI version from the banner of the current/last connection (e.g. '6.0.0'). */
  amiVersion: string | null = null;

  private readonly opts: Required<Omit<AmiClientOptions, 'backoff'>> & { backoff: { initialMs: number; maxMs: number } };
  private socket: net.Socket | null = null;
  private parser: AmiParser | null = null;
  private loggedIn = false;
  private loginSent = false;
  private stopped = true;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private setupTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private readonly pending = new Map<string, Pending>();
  private readonly idPrefix = `mehvar-${randomBytes(3).toString('hex')}`;
  private seq = 0;

  constructor(opts: AmiClientOptions) {
    super();
    this.opts = {
      connectTimeoutMs: 5000,
      loginTimeoutMs: 5000,
      actionTimeoutMs: 10_000,
      pingIntervalMs: 20_000,
      ...opts,
      backoff: { initialMs: opts.backoff?.initialMs ?? 1000, maxMs: opts.backoff?.maxMs ?? 30_000 },
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Logs off (if logged in), closes the link and stops reconnecting. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.loggedIn && this.socket) {
      await this.action({ Action: 'Logoff' }, 1000).catch(() => undefined);
    }
    this.teardown(null);
    this.setState('stopped');
  }

  /** Sends an action and resolves with its Response; rejects on `Response: Error`, on timeout, or at once when not logged in. */
  action(fields: Record<string, string | number | boolean>, timeoutMs?: number): Promise<AmiMessage> {
    if (!this.loggedIn || !this.socket) return Promise.reject(new Error('AMI not connected'));
    return this.send(fields, timeoutMs ?? this.opts.actionTimeoutMs);
  }

  private send(fields: Record<string, string | number | boolean>, timeoutMs: number): Promise<AmiMessage> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('AMI not connected'));
    const actionId = `${this.idPrefix}-${++this.seq}`;
    let frame: string;
    try {
      frame = serializeAction({ ...fields, ActionID: actionId });
    } catch (e) {
      return Promise.reject(e as Error);
    }
    return new Promise<AmiMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(actionId);
        reject(new Error(`AMI action ${String(fields.Action)} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(actionId, { resolve, reject, timer });
      socket.write(frame);
    });
  }

  private setState(s: AmiState): void {
    if (this.state === s) return;
    this.state = s;
    this.emit('state', s);
  }

  private connect(): void {
    if (this.stopped) return;
    this.setState('connecting');
    const { host, port, connectTimeoutMs, loginTimeoutMs } = this.opts;
    const parser = new AmiParser({ log: this.opts.log });
    const socket = this.opts.guard.connect({ host, port });
    this.socket = socket;
    this.parser = parser;
    this.loginSent = false;
    this.setupTimer = setTimeout(() => this.fail('timed out connecting to the PBX'), connectTimeoutMs);
    socket.setNoDelay(true);
    socket.on('connect', () => {
      if (this.setupTimer) clearTimeout(this.setupTimer);
      this.setupTimer = setTimeout(
        () => this.fail(this.loginSent ? 'timed out waiting for the PBX to answer the login' : 'timed out waiting for the PBX banner'),
        loginTimeoutMs,
      );
    });
    socket.on('data', (chunk) => {
      if (socket !== this.socket) return;
      this.onData(parser, chunk);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (socket !== this.socket) return;
      this.fail(describeSocketError(err));
    });
    socket.on('close', () => {
      if (socket !== this.socket) return;
      this.fail('the PBX closed the connection');
    });
  }

  private onData(parser: AmiParser, chunk: Buffer): void {
    const hadBanner = parser.banner !== null;
    const messages = parser.feed(chunk);
    if (!hadBanner && parser.banner !== null) {
      const m = BANNER.exec(parser.banner);
      if (!m) {
        this.fail('not an AMI server (bad banner)', { banner: parser.banner.slice(0, 80) });
        return;
      }
      this.amiVersion = m[1];
      this.login();
    }
    for (const msg of messages) {
      if (this.socket === null) return; // torn down while handling an earlier message
      if (msg.Response !== undefined && msg.ActionID !== undefined) {
        const p = this.pending.get(msg.ActionID);
        if (p) {
          this.pending.delete(msg.ActionID);
          clearTimeout(p.timer);
          if (msg.Response === 'Error') p.reject(new Error(msg.Message || 'AMI error'));
          else p.resolve(msg);
          continue;
        }
      }
      if (msg.Event !== undefined) this.emit('event', msg);
    }
  }

  private login(): void {
    this.loginSent = true;
    const { username, secret } = this.opts;
    const socket = this.socket;
    this.send({ Action: 'Login', Username: username, Secret: secret, Events: 'on' }, this.opts.loginTimeoutMs + 1000).then(
      () => {
        if (socket !== this.socket) return;
        if (this.setupTimer) clearTimeout(this.setupTimer);
        this.setupTimer = null;
        this.loggedIn = true;
        this.attempt = 0;
        this.lastError = null;
        this.opts.log('info', 'AMI: logged in', { host: this.opts.host, port: this.opts.port, amiVersion: this.amiVersion });
        this.setState('connected');
        this.emit('connected');
        this.schedulePing();
      },
      (err: Error) => {
        if (socket !== this.socket) return;
        this.fail(`login rejected: ${err.message}`);
      },
    );
  }

  private schedulePing(): void {
    this.pingTimer = setTimeout(() => {
      const socket = this.socket;
      this.action({ Action: 'Ping' }, Math.min(this.opts.pingIntervalMs, this.opts.actionTimeoutMs)).then(
        () => {
          if (socket === this.socket && this.loggedIn) this.schedulePing();
        },
        (err: Error) => {
          if (socket === this.socket && this.loggedIn) this.fail(`keepalive failed: ${err.message}`);
        },
      );
    }, this.opts.pingIntervalMs);
  }

  /** Ends the current socket for a reason, then reconnects after the backoff (unless stopped). */
  private fail(reason: string, extra?: Record<string, unknown>): void {
    if (this.socket === null) return;
    const wasLoggedIn = this.loggedIn;
    this.lastError = reason;
    const level = wasLoggedIn || reason.startsWith('login rejected') || reason.includes('bad banner') ? 'error' : 'warn';
    this.opts.log(level, `AMI: ${reason}`, { host: this.opts.host, port: this.opts.port, ...extra });
    this.teardown(reason);
    if (this.stopped) return;
    this.setState('disconnected');
    const delay = this.nextDelay();
    this.opts.log('info', `AMI: reconnecting in ${delay} ms`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  private nextDelay(): number {
    const { initialMs, maxMs } = this.opts.backoff;
    const base = Math.min(maxMs, initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    // ±20 % jitter so that many clients do not hammer a restarted PBX in step.
    return Math.max(1, Math.round(Math.min(maxMs, base * (0.8 + Math.random() * 0.4))));
  }

  private teardown(reason: string | null): void {
    const wasLoggedIn = this.loggedIn;
    if (this.setupTimer) clearTimeout(this.setupTimer);
    if (this.pingTimer) clearTimeout(this.pingTimer);
    this.setupTimer = null;
    this.pingTimer = null;
    const socket = this.socket;
    this.socket = null;
    this.parser = null;
    this.loggedIn = false;
    socket?.destroy();
    const err = new Error(reason ? `AMI connection lost: ${reason}` : 'AMI connection closed');
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(err);
    }
    if (wasLoggedIn) this.emit('disconnected');
  }
}

function describeSocketError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'EOUTBOUND_REFUSED':
      return REFUSED_MESSAGE;
    case 'EINVALIDHOST':
      return 'not a valid host';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
      return 'timed out waiting for the PBX';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    case 'ECONNRESET':
      return 'connection reset by the PBX';
    default:
      return `connection error: ${err.message}`;
  }
}

export type AmiTestResult = { ok: true; version: string } | { ok: false; message: string };

/**
 * One connect + login + logoff with short timeouts, for the settings screen's test button. Never throws. version is
 * the AMI version from the banner (e.g. '6.0.0').
 */
export function testAmiConnection(opts: AmiConnectionOptions & { timeoutMs?: number }): Promise<AmiTestResult> {
  const timeoutMs = opts.timeoutMs ?? 4000;
  return new Promise((resolve) => {
    let done = false;
    const parser = new AmiParser();
    let version = '';
    const socket = opts.guard.connect({ host: opts.host, port: opts.port });
    const finish = (r: AmiTestResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ok: false, message: 'timed out waiting for the PBX' }), timeoutMs);
    socket.on('error', (err: NodeJS.ErrnoException) => finish({ ok: false, message: describeSocketError(err) }));
    socket.on('close', () => finish({ ok: false, message: 'the PBX closed the connection' }));
    socket.on('data', (chunk) => {
      const hadBanner = parser.banner !== null;
      const messages = parser.feed(chunk);
      if (!hadBanner && parser.banner !== null) {
        const m = BANNER.exec(parser.banner);
        if (!m) return finish({ ok: false, message: 'not an AMI server (bad banner)' });
        version = m[1];
        try {
          socket.write(
            serializeAction({ Action: 'Login', Username: opts.username, Secret: opts.secret, Events: 'off', ActionID: 'mehvar-test-login' }),
          );
        } catch {
          return finish({ ok: false, message: 'login rejected: invalid characters in the username or secret' });
        }
      }
      for (const msg of messages) {
        if (msg.ActionID !== 'mehvar-test-login') continue;
        if (msg.Response === 'Success') {
          socket.write(serializeAction({ Action: 'Logoff', ActionID: 'mehvar-test-logoff' }));
          return finish({ ok: true, version });
        }
        return finish({ ok: false, message: `login rejected: ${msg.Message || msg.Response}` });
      }
    });
  });
}

export interface OriginateOptions {
  /** The agent's phone to ring first, e.g. 'PJSIP/101'. */
  channel: string;
  context: string;
  /** What the answered channel then dials (the customer's number). */
  exten: string;
  callerId?: string;
  /** Channel variables (MEHVAR_CALL_ID…), sent as one comma-joined Variable header; names and values must not hold commas. */
  variables?: Record<string, string>;
  /** How long to ring the agent's phone (AMI's Originate Timeout, ms). */
  timeoutMs?: number;
}

/** Click-to-call: `Action: Originate` with Async, so the response only says the call was queued. */
export function originate(client: AmiClient, o: OriginateOptions): Promise<AmiMessage> {
  const fields: Record<string, string> = {
    Action: 'Originate',
    Channel: o.channel,
    Context: o.context,
    Exten: o.exten,
    Priority: '1',
    Async: 'true',
  };
  if (o.callerId) fields.CallerID = o.callerId;
  if (o.timeoutMs !== undefined) fields.Timeout = String(o.timeoutMs);
  const vars = Object.entries(o.variables ?? {});
  for (const [k, v] of vars) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) return Promise.reject(new Error(`AMI: invalid variable name ${JSON.stringify(k)}`));
    if (/[,\r\n]/.test(v)) return Promise.reject(new Error(`AMI: variable ${k} holds a comma or line break`));
  }
  if (vars.length) fields.Variable = vars.map(([k, v]) => `${k}=${v}`).join(',');
  return client.action(fields);
}
