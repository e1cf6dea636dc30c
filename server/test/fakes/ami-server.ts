/**
 * An in-process fake Asterisk Manager Interface (node:net on 127.0.0.1) speaking the real wire format: banner line,
 * CRLF `Key: Value` lines, a blank line after each block. It answers Login, Ping, Logoff and Originate, records every
 * action, and plays recorded call scenarios (server/test/fakes/ami-scenarios/*.ami) to the logged-in connections.
 *
 *   const pbx = new FakeAmiServer();            // one user: admin / secret
 *   await pbx.start();
 *   const ami = new AmiClient({ host: '127.0.0.1', port: pbx.port, username: 'admin', secret: 'secret', log });
 *   await pbx.play(loadAmiScenario('answered'), { caller: '09121234567' });
 *   pbx.loginMode = 'silent';                   // or 'reject' | 'no-banner'
 *   await pbx.restart(100);                     // the PBX goes away for 100 ms and comes back on the same port
 *   await pbx.stop();
 *
 * Scenario text: blocks as Asterisk sends them; `# …` lines are comments; a `-- pause 50` line waits 50 ms before the
 * next block. Placeholders: {{name}} from vars (defaults below) and {{t+N}} = the epoch second the play started + N,
 * formatted like Asterisk's Timestamp header (1717000000.250000); pass vars.t0 (epoch seconds) to fix that start.
 */
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AmiParser, type AmiMessage } from '../../drivers/telephony/ami-protocol.ts';

export type FakeLoginMode = 'ok' | 'silent' | 'reject' | 'no-banner';

const SCENARIO_DIR = fileURLToPath(new URL('./ami-scenarios/', import.meta.url));

/** The text of server/test/fakes/ami-scenarios/<name>.ami. */
export function loadAmiScenario(name: string): string {
  return readFileSync(`${SCENARIO_DIR}${name}.ami`, 'utf8');
}

let playSeq = 0;

/** The default placeholder values; id/linkedid differ on every play so that two plays are two calls. */
export function defaultScenarioVars(): Record<string, string> {
  const id = String(1717000000 + ++playSeq * 10);
  return {
    id,
    linkedid: `${id}.1`,
    caller: '09121234567',
    callername: 'علی رضایی',
    did: '02191001000',
    ext: '101',
    ext2: '102',
    number: '09351234567',
    mehvarcallid: 'c0ffee00-0000-4000-8000-000000000001',
  };
}

type Step = { pause: number } | { text: string };

/** Scenario text → blocks in wire format (CRLF, blank line after each) and pauses. */
export function renderScenario(text: string, vars: Record<string, string> = {}, t0 = Date.now() / 1000): Step[] {
  const all = { ...defaultScenarioVars(), ...vars };
  if (vars.id !== undefined && vars.linkedid === undefined) all.linkedid = `${vars.id}.1`;
  const steps: Step[] = [];
  let block: string[] = [];
  const flush = () => {
    if (block.length) steps.push({ text: block.map((l) => `${l}\r\n`).join('') + '\r\n' });
    block = [];
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\{\{\s*t\s*\+\s*([\d.]+)\s*\}\}/g, (_, n: string) => (t0 + Number(n)).toFixed(6))
      .replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => all[k] ?? m);
    if (line.startsWith('#')) continue;
    const pause = /^--\s*pause\s+(\d+)\s*$/.exec(line);
    if (pause) {
      flush();
      steps.push({ pause: Number(pause[1]) });
    } else if (line.trim() === '') flush();
    else block.push(line);
  }
  flush();
  return steps;
}

type Conn = { socket: net.Socket; parser: AmiParser; loggedIn: boolean };

export class FakeAmiServer {
  users = new Map<string, string>([['admin', 'secret']]);
  loginMode: FakeLoginMode = 'ok';
  /** The first line sent on connect (set to something else to fake a server that is not Asterisk). */
  banner = 'Asterisk Call Manager/6.0.0';
  /** Every action received, in order (parsed; keys as sent). */
  readonly actions: AmiMessage[] = [];
  /** When set, called for each Originate after its Success response; the scenario it returns is played. */
  onOriginate?: (action: AmiMessage) => string | null;
  /** When false, Ping gets no answer (to test the keepalive). */
  answerPings = true;

  private server: net.Server | null = null;
  private readonly conns = new Set<Conn>();
  private listenPort = 0;
  private waiters: Array<() => void> = [];

  get port(): number {
    return this.listenPort;
  }

  /** Every connection ever accepted (to prove that a refused target was never contacted). */
  accepted = 0;

  /** Open connections. */
  get connections(): number {
    return this.conns.size;
  }

  /** Connections that have logged in. */
  get loggedIn(): number {
    return [...this.conns].filter((c) => c.loggedIn).length;
  }

  async start(port = 0): Promise<void> {
    const server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.listenPort = (server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.dropConnections();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The PBX restarts: every socket and the listener close; after downMs it listens again on the same port. */
  async restart(downMs: number): Promise<void> {
    const port = this.listenPort;
    await this.stop();
    await sleep(downMs);
    await this.start(port);
  }

  dropConnections(): void {
    for (const c of this.conns) c.socket.destroy();
    this.conns.clear();
  }

  /** Resolves with the count-th action named `name` (case-insensitive), already received or still to come. */
  waitForAction(name: string, timeoutMs = 2000, count = 1): Promise<AmiMessage> {
    const find = () => this.actions.filter((a) => a.Action?.toLowerCase() === name.toLowerCase())[count - 1];
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`fake AMI: no ${name} action #${count} within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        const a = find();
        if (!a) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve(a);
      };
      this.waiters.push(check);
    });
  }

  /** Writes the scenario's blocks to every logged-in connection, honouring `-- pause N` lines. */
  async play(scenarioText: string, vars: Record<string, string> = {}): Promise<void> {
    const t0 = vars.t0 !== undefined ? Number(vars.t0) : Date.now() / 1000;
    for (const step of renderScenario(scenarioText, vars, t0)) {
      if ('pause' in step) await sleep(step.pause);
      else for (const c of this.conns) if (c.loggedIn) c.socket.write(step.text);
    }
  }

  /** Writes bytes as they are to every logged-in connection (malformed-frame tests). */
  sendRaw(text: string | Buffer): void {
    for (const c of this.conns) if (c.loggedIn) c.socket.write(text);
  }

  private accept(socket: net.Socket): void {
    this.accepted++;
    const conn: Conn = { socket, parser: new AmiParser({ expectBanner: false, requiredKeys: ['Action'] }), loggedIn: false };
    this.conns.add(conn);
    socket.on('close', () => this.conns.delete(conn));
    socket.on('error', () => this.conns.delete(conn));
    if (this.loginMode === 'no-banner') return;
    socket.write(`${this.banner}\r\n`);
    socket.on('data', (chunk) => {
      for (const action of conn.parser.feed(chunk)) this.onAction(conn, action);
    });
  }

  private onAction(conn: Conn, action: AmiMessage): void {
    this.actions.push(action);
    for (const w of [...this.waiters]) w();
    const id: Record<string, string> = action.ActionID !== undefined ? { ActionID: action.ActionID } : {};
    const reply = (fields: Record<string, string>): void => void conn.socket.write(block({ ...fields, ...id }));
    const name = (action.Action ?? '').toLowerCase();
    if (name === 'login') {
      if (this.loginMode === 'silent') return;
      const ok = this.loginMode === 'ok' && this.users.get(action.Username ?? '') === action.Secret;
      if (!ok) return reply({ Response: 'Error', Message: 'Authentication failed' });
      conn.loggedIn = true;
      reply({ Response: 'Success', Message: 'Authentication accepted' });
      conn.socket.write(block({ Event: 'FullyBooted', Privilege: 'system,all', Uptime: '1234', LastReload: '1234', Status: 'Fully Booted' }));
      return;
    }
    if (name === 'logoff') {
      reply({ Response: 'Goodbye', Message: 'Thanks for all the fish.' });
      conn.socket.end();
      return;
    }
    if (!conn.loggedIn) return reply({ Response: 'Error', Message: 'Permission denied' });
    if (name === 'ping') {
      if (this.answerPings) reply({ Response: 'Success', Ping: 'Pong', Timestamp: (Date.now() / 1000).toFixed(6) });
      return;
    }
    if (name === 'originate') {
      reply({ Response: 'Success', Message: 'Originate successfully queued' });
      const scenario = this.onOriginate?.(action);
      if (scenario) void this.play(scenario);
      return;
    }
    reply({ Response: 'Error', Message: 'Invalid/unknown command' });
  }
}

function block(fields: Record<string, string>): string {
  return Object.entries(fields).map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
