/**
 * The Asterisk Manager Interface wire format: an incremental parser for what the PBX sends (banner line, then blocks of
 * `Key: Value` lines ended by an empty line) and the serializer for the actions we send. Pure, no I/O.
 */
import { StringDecoder } from 'node:string_decoder';
import type { TelephonyLog } from './types.ts';

/** One AMI block: keys exactly as sent (`Event`, `Response`, `ActionID`, `Linkedid`, …). A repeated key keeps the last value. */
export type AmiMessage = Record<string, string>;

/** A message that grows past this without its blank line is dropped (a PBX gone mad, or not a PBX at all). */
export const AMI_MAX_MESSAGE_BYTES = 64 * 1024;

const noLog: TelephonyLog = () => {};

export class AmiParser {
  /** The first line the server sent (`Asterisk Call Manager/6.0.0`), once it has arrived. */
  banner: string | null = null;
  /** Lines without a `:` and blocks with neither Event nor Response, skipped. */
  malformed = 0;
  /** Blocks dropped for growing past the size limit. */
  oversized = 0;

  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private current: AmiMessage = {};
  private currentKeys = 0;
  private currentSize = 0;
  /** True after an oversized block was dropped: skip everything up to the next blank line. */
  private discarding = false;
  private readonly expectBanner: boolean;
  private readonly requiredKeys: string[];
  private readonly log: TelephonyLog;

  /**
   * expectBanner: the first line is the server's banner (true when parsing what the PBX sends).
   * requiredKeys: a block must hold one of these to count ([Event, Response] from the PBX; [Action] in the fake server).
   */
  constructor(opts: { log?: TelephonyLog; expectBanner?: boolean; requiredKeys?: string[] } = {}) {
    this.log = opts.log ?? noLog;
    this.expectBanner = opts.expectBanner ?? true;
    this.requiredKeys = opts.requiredKeys ?? ['Event', 'Response'];
  }

  feed(chunk: string | Buffer): AmiMessage[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const out: AmiMessage[] = [];
    let start = 0;
    for (;;) {
      const nl = this.buffer.indexOf('\n', start);
      if (nl < 0) break;
      let line = this.buffer.slice(start, nl);
      start = nl + 1;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.line(line, out);
    }
    this.buffer = this.buffer.slice(start);
    // A partial line longer than the limit can never become a valid message: drop it now instead of buffering forever.
    if (this.buffer.length + this.currentSize > AMI_MAX_MESSAGE_BYTES) {
      this.buffer = '';
      this.dropOversized();
    }
    return out;
  }

  private line(line: string, out: AmiMessage[]): void {
    if (this.banner === null && this.expectBanner) {
      this.banner = line;
      return;
    }
    if (line === '') {
      if (this.discarding) {
        this.discarding = false;
        return;
      }
      if (this.currentKeys === 0) return; // stray blank lines between blocks
      const msg = this.current;
      this.reset();
      if (!this.requiredKeys.some((k) => msg[k] !== undefined)) {
        this.malformed++;
        this.log('warn', `AMI: message without ${this.requiredKeys.join(' or ')}, skipped`, { keys: Object.keys(msg).slice(0, 10) });
        return;
      }
      out.push(msg);
      return;
    }
    if (this.discarding) return;
    this.currentSize += line.length + 2;
    if (this.currentSize > AMI_MAX_MESSAGE_BYTES) {
      this.dropOversized();
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      this.malformed++;
      this.log('warn', 'AMI: malformed line skipped', { line: line.slice(0, 120) });
      return;
    }
    const key = line.slice(0, colon).trim();
    let value = line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    this.current[key] = value;
    this.currentKeys++;
  }

  private dropOversized(): void {
    this.oversized++;
    this.log('warn', 'AMI: message over 64 KiB without its end, dropped; resyncing at the next blank line');
    this.reset();
    this.discarding = true;
  }

  private reset(): void {
    this.current = {};
    this.currentKeys = 0;
    this.currentSize = 0;
  }
}

/** One action as AMI wants it: `Key: Value` CRLF lines and a blank line. Throws on CR/LF in a key or value (header injection). */
export function serializeAction(fields: Record<string, string | number | boolean>): string {
  let out = '';
  for (const [key, raw] of Object.entries(fields)) {
    const value = String(raw);
    if (/[\r\n]/.test(key) || /[\r\n]/.test(value)) throw new Error(`AMI: line break in field ${JSON.stringify(key)}`);
    if (key === '' || key.includes(':')) throw new Error(`AMI: invalid field name ${JSON.stringify(key)}`);
    out += `${key}: ${value}\r\n`;
  }
  return out + '\r\n';
}

/** Reads a number header (`Timestamp: 1700000000.123456`) as a Date, or null. */
export function amiTimestamp(msg: AmiMessage): Date | null {
  const t = msg.Timestamp;
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) && n > 0 ? new Date(Math.round(n * 1000)) : null;
}
