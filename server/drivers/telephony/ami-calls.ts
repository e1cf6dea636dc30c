/**
 * Turns the AMI event stream of Asterisk 13+ into Mehvar's call events (ringing / answered / ended). One call is one
 * Linkedid. Pure: no I/O, no timers; the caller feeds it every AMI event and calls reset() when the link drops.
 *
 * Direction: the first channel of a linkedid decides. If it is not an agent's phone (a trunk, caller id not internal),
 * the call is incoming and `number` is its CallerIDNum. If it is an agent's phone, the call is outgoing once that
 * channel dials something that is not an agent (number = the dialled number); dialling another agent makes it an
 * internal call, which yields no events. Originate's own leg to the agent's phone (a DialBegin without Channel) does
 * not decide anything.
 */
import { amiTimestamp, type AmiMessage } from './ami-protocol.ts';
import type { CallEvent, TelephonyLog } from './types.ts';
import type { CallEndOutcome } from '../../../common/telephony.schemas.ts';

export interface AmiCallTrackerOptions {
  isInternal(number: string): boolean;
  log: TelephonyLog;
  now?: () => Date;
  /** Calls tracked at once; the oldest is forgotten (with a warning) past this. */
  maxCalls?: number;
  /** A call with no event for this long is forgotten (with a warning, no event). */
  maxIdleMs?: number;
}

type Call = {
  linkedid: string;
  direction: 'in' | 'out' | 'internal' | null;
  firstUid: string;
  /** The agent's extension when the first channel is an agent's phone. */
  firstExt: string | null;
  number: string;
  live: Set<string>;
  /** Dialled channels (by Uniqueid) → the agent's extension, or null for an outside number. */
  dialed: Map<string, string | null>;
  ringingNow: Set<string>;
  pendingRing: string[];
  pendingAt: Date | null;
  ringEmitted: boolean;
  answeredAt: Date | null;
  /** The agent currently on the call (inbound: who answered last; outbound: the caller, then any transfer target). */
  agent: string | null;
  answeredExt: string | null;
  dialStatuses: string[];
  originateStatus: string | null;
  hangupCause: string | null;
  recording: string | null;
  mehvarCallId: string | undefined;
  cdr: { billsec: number | null; recording: string | null } | null;
  lastActivity: number;
};

/** Events that come in a burst with DialBegin and do not close a ringing burst. */
const BURST_EVENTS = new Set(['DialBegin', 'Newchannel', 'VarSet', 'Newexten', 'NewCallerid', 'NewConnectedLine', 'LocalBridge', 'NewAccountCode', 'DialState']);

/** The device part of a channel name: PJSIP/101-0000002a → 101, SIP/102-00000003 → 102, Local/101@from-queue-…;1 → 101. */
export function extensionFromChannel(channel: string | undefined): string | null {
  if (!channel) return null;
  const slash = channel.indexOf('/');
  if (slash <= 0) return null;
  const tech = channel.slice(0, slash).toLowerCase();
  let rest = channel.slice(slash + 1);
  if (tech === 'local') {
    rest = rest.split('@')[0];
    const digits = /(\d+)$/.exec(rest);
    return digits ? digits[1] : rest || null;
  }
  rest = rest.replace(/-[0-9a-f]+$/i, '');
  return rest || null;
}

/** The longest run of digits (with an optional leading +) in a Dial string: 'trunk/0912…', '0912…@trunk' → '0912…'. */
function numberFromDialString(s: string | undefined): string | null {
  if (!s) return null;
  const runs = s.split('@')[0].match(/\+?\d+/g);
  if (!runs) return null;
  return runs.reduce((a, b) => (b.length > a.length ? b : a));
}

function cleanNum(n: string | undefined): string {
  return !n || n === '<unknown>' ? '' : n;
}

export class AmiCallTracker {
  private readonly calls = new Map<string, Call>();
  private readonly uidToCall = new Map<string, string>();
  private readonly isInternal: (n: string) => boolean;
  private readonly log: TelephonyLog;
  private readonly now: () => Date;
  private readonly maxCalls: number;
  private readonly maxIdleMs: number;
  private lastSweep = 0;

  constructor(opts: AmiCallTrackerOptions) {
    this.isInternal = (n) => {
      try {
        return n !== '' && opts.isInternal(n);
      } catch {
        return false;
      }
    };
    this.log = opts.log;
    this.now = opts.now ?? (() => new Date());
    this.maxCalls = opts.maxCalls ?? 10_000;
    this.maxIdleMs = opts.maxIdleMs ?? 6 * 3600_000;
  }

  /** Calls in progress (for tests and diagnostics). */
  get size(): number {
    return this.calls.size;
  }

  handle(msg: AmiMessage): CallEvent[] {
    const out: CallEvent[] = [];
    try {
      this.dispatch(msg, out);
    } catch (e) {
      this.log('error', 'AMI call tracker: could not handle an event', { event: msg.Event, error: (e as Error).message });
    }
    return out;
  }

  /** Ringing events held back to gather a ring group's burst; call on a short timer if the stream goes quiet. */
  flushPending(): CallEvent[] {
    const out: CallEvent[] = [];
    const at = this.now();
    for (const call of this.calls.values()) this.flushRing(call, at, out);
    return out;
  }

  /** The AMI link dropped or the PBX restarted: every call in progress ends now and is forgotten. */
  reset(at: Date): CallEvent[] {
    const out: CallEvent[] = [];
    for (const call of this.calls.values()) {
      if (!this.visible(call)) continue;
      const answered = call.answeredAt !== null;
      out.push(this.ev(call, 'ended', at, call.agent ? [call.agent] : [], {
        outcome: answered ? 'answered' : 'no_answer',
        durationSec: answered ? secondsBetween(call.answeredAt!, at) : 0,
        recording: call.recording,
      }));
    }
    if (this.calls.size) this.log('info', 'AMI call tracker: reset', { calls: this.calls.size, ended: out.length });
    this.calls.clear();
    this.uidToCall.clear();
    return out;
  }

  private dispatch(msg: AmiMessage, out: CallEvent[]): void {
    const event = msg.Event;
    if (!event) return;
    const at = amiTimestamp(msg) ?? this.now();
    this.sweep(at);
    if (event === 'Cdr') return this.onCdr(msg);
    const linkedid = msg.Linkedid ?? msg.DestLinkedid ?? msg.TransfererLinkedid ?? msg.OrigTransfererLinkedid ?? msg.TransfereeLinkedid;
    if (!linkedid) return;
    let call = this.calls.get(linkedid);
    if (!call) {
      if (event !== 'Newchannel' || !msg.Uniqueid) return;
      call = this.create(linkedid, msg);
    }
    call.lastActivity = at.getTime();
    if (!BURST_EVENTS.has(event)) this.flushRing(call, at, out);
    if (msg.Uniqueid === call.firstUid && !call.ringEmitted && call.direction === 'in' && cleanNum(msg.CallerIDNum)) {
      call.number = cleanNum(msg.CallerIDNum); // caller id may be rewritten by the dialplan before anyone rings
    }
    switch (event) {
      case 'Newchannel':
        this.track(call, msg.Uniqueid);
        return;
      case 'DialBegin':
        return this.onDialBegin(call, msg, at, out);
      case 'DialEnd':
        return this.onDialEnd(call, msg, at, out);
      case 'Newstate':
        if (msg.ChannelState === '6' && msg.Uniqueid && call.dialed.has(msg.Uniqueid)) this.answer(call, call.dialed.get(msg.Uniqueid)!, at, out);
        return;
      case 'BridgeEnter':
        if (call.direction === 'in' && msg.Uniqueid !== call.firstUid) {
          const ext = this.agentExt(msg.Channel, msg.CallerIDNum);
          if (ext && call.answeredAt === null) this.answer(call, ext, at, out);
        }
        return;
      case 'VarSet':
        return this.onVarSet(call, msg);
      case 'BlindTransfer':
      case 'AttendedTransfer':
        return this.onTransfer(call, msg, at, out);
      case 'Hangup':
        return this.onHangup(call, msg, at, out);
      default:
        return;
    }
  }

  private create(linkedid: string, msg: AmiMessage): Call {
    if (this.calls.size >= this.maxCalls) {
      const [oldest] = this.calls.keys();
      this.log('warn', 'AMI call tracker: too many calls in progress, forgetting the oldest', { linkedid: oldest });
      this.forget(this.calls.get(oldest)!);
    }
    const firstExt = this.agentExt(msg.Channel, msg.CallerIDNum);
    const call: Call = {
      linkedid,
      direction: firstExt ? null : 'in',
      firstUid: msg.Uniqueid,
      firstExt,
      number: firstExt ? '' : cleanNum(msg.CallerIDNum),
      live: new Set(),
      dialed: new Map(),
      ringingNow: new Set(),
      pendingRing: [],
      pendingAt: null,
      ringEmitted: false,
      answeredAt: null,
      agent: firstExt,
      answeredExt: null,
      dialStatuses: [],
      originateStatus: null,
      hangupCause: null,
      recording: null,
      mehvarCallId: undefined,
      cdr: null,
      lastActivity: 0,
    };
    this.calls.set(linkedid, call);
    return call;
  }

  private track(call: Call, uid: string | undefined): void {
    if (!uid) return;
    call.live.add(uid);
    this.uidToCall.set(uid, call.linkedid);
  }

  /** An agent's extension for a channel: its device name if that is internal, else its caller id if that is. */
  private agentExt(channel: string | undefined, callerIdNum: string | undefined): string | null {
    const dev = extensionFromChannel(channel);
    if (dev && this.isInternal(dev)) return dev;
    const cid = cleanNum(callerIdNum);
    return this.isInternal(cid) ? cid : null;
  }

  private onDialBegin(call: Call, msg: AmiMessage, at: Date, out: CallEvent[]): void {
    const destUid = msg.DestUniqueid;
    this.track(call, destUid);
    const destExt = this.agentExt(msg.DestChannel, msg.DestCallerIDNum);
    const fromOriginate = msg.Channel === undefined || msg.Channel === '';
    if (call.direction === null) {
      if (fromOriginate) return; // Originate ringing the agent's own phone first
      if (destExt) {
        call.direction = 'internal';
        return;
      }
      call.direction = 'out';
      call.number =
        numberFromDialString(msg.DialString) ?? (cleanNum(msg.DestExten) || cleanNum(msg.DestCallerIDNum) || cleanNum(msg.Exten));
      if (destUid) call.dialed.set(destUid, null);
      call.ringEmitted = true;
      out.push(this.ev(call, 'ringing', at, call.agent ? [call.agent] : []));
      return;
    }
    if (call.direction === 'internal') return;
    if (destUid) call.dialed.set(destUid, destExt);
    if (!destExt) return;
    // Outbound: a new agent only rings after a transfer; inbound: any agent being dialled.
    if (call.direction === 'out' && destExt === call.agent) return;
    if (call.ringingNow.has(destExt) || call.pendingRing.includes(destExt) || destExt === call.answeredExt) return;
    call.pendingAt ??= at;
    call.pendingRing.push(destExt);
  }

  private flushRing(call: Call, at: Date, out: CallEvent[]): void {
    if (!call.pendingRing.length) return;
    const exts = call.pendingRing;
    call.pendingRing = [];
    const ringAt = call.pendingAt ?? at;
    call.pendingAt = null;
    for (const e of exts) call.ringingNow.add(e);
    call.ringEmitted = true;
    out.push(this.ev(call, 'ringing', ringAt, exts));
  }

  private onDialEnd(call: Call, msg: AmiMessage, at: Date, out: CallEvent[]): void {
    const status = (msg.DialStatus ?? '').toUpperCase();
    if (call.direction === null && !msg.Channel) {
      call.originateStatus = status;
      return;
    }
    if (call.direction === 'internal' || call.direction === null) return;
    const uid = msg.DestUniqueid;
    const destExt = uid && call.dialed.has(uid) ? call.dialed.get(uid)! : this.agentExt(msg.DestChannel, msg.DestCallerIDNum);
    if (status === 'ANSWER') return this.answer(call, destExt, at, out);
    if (destExt) call.ringingNow.delete(destExt);
    if (status) call.dialStatuses.push(status);
  }

  /** Someone picked up: an agent (destExt) or, on outgoing calls, the outside number (destExt null). */
  private answer(call: Call, destExt: string | null, at: Date, out: CallEvent[]): void {
    if (destExt) call.ringingNow.delete(destExt);
    if (call.direction === 'out' && destExt === null) {
      if (call.answeredAt !== null) return;
      call.answeredAt = at;
      call.answeredExt = call.agent;
      out.push(this.ev(call, 'answered', at, call.agent ? [call.agent] : []));
      return;
    }
    if (!destExt || destExt === call.answeredExt) return;
    if (call.direction === 'out' && call.answeredAt === null) return; // not the outside party: nothing to report yet
    call.answeredAt ??= at;
    call.agent = destExt;
    call.answeredExt = destExt;
    out.push(this.ev(call, 'answered', at, [destExt]));
  }

  private onVarSet(call: Call, msg: AmiMessage): void {
    const name = msg.Variable ?? '';
    const value = msg.Value ?? '';
    if (name === 'MIXMONITOR_FILENAME' && value) call.recording = value;
    else if (name === 'MEHVAR_CALL_ID' && value) call.mehvarCallId = value;
  }

  private onTransfer(call: Call, msg: AmiMessage, at: Date, out: CallEvent[]): void {
    if (msg.Result && msg.Result !== 'Success') return;
    this.log('info', `AMI call tracker: ${msg.Event}`, { linkedid: call.linkedid, to: msg.Extension ?? msg.TransferTargetChannel });
    if (msg.Event === 'AttendedTransfer') {
      // The consultation call was its own (internal) linkedid; the transfer target now talks to our caller.
      const target = this.agentExt(msg.TransferTargetChannel, msg.TransferTargetCallerIDNum)
        ?? this.agentExt(msg.SecondTransfererChannel, msg.SecondTransfererConnectedLineNum);
      if (target && call.answeredAt !== null) this.answer(call, target, at, out);
    }
  }

  private onHangup(call: Call, msg: AmiMessage, at: Date, out: CallEvent[]): void {
    const uid = msg.Uniqueid;
    if (uid) {
      call.live.delete(uid);
      this.uidToCall.delete(uid);
      const ext = call.dialed.get(uid);
      if (ext) call.ringingNow.delete(ext);
    }
    if (uid === call.firstUid || (call.direction === 'out' && uid && call.dialed.get(uid) === null)) call.hangupCause = msg.Cause ?? null;
    if (call.live.size > 0) return;
    this.end(call, at, out);
  }

  private end(call: Call, at: Date, out: CallEvent[]): void {
    this.flushRing(call, at, out);
    this.forget(call);
    if (call.direction === null && call.mehvarCallId) {
      // Click-to-call whose agent never picked up (or the PBX could not ring the agent).
      call.direction = 'out';
      const s = call.originateStatus;
      const outcome: CallEndOutcome = s === 'BUSY' ? 'busy' : s === 'NOANSWER' || s === 'CANCEL' ? 'no_answer' : 'failed';
      out.push(this.ev(call, 'ended', at, call.agent ? [call.agent] : [], { outcome, durationSec: 0, recording: call.recording }));
      return;
    }
    if (!this.visible(call)) return;
    let outcome: CallEndOutcome;
    let durationSec = 0;
    if (call.answeredAt !== null) {
      outcome = 'answered';
      durationSec = secondsBetween(call.answeredAt, at);
    } else if (call.cdr?.billsec) {
      outcome = 'answered';
      durationSec = call.cdr.billsec;
    } else outcome = this.unansweredOutcome(call);
    out.push(this.ev(call, 'ended', at, call.agent ? [call.agent] : [], {
      outcome,
      durationSec,
      recording: call.recording ?? call.cdr?.recording ?? null,
    }));
  }

  private unansweredOutcome(call: Call): CallEndOutcome {
    const s = call.dialStatuses;
    if (call.direction === 'in') return s.length > 0 && s.every((x) => x === 'BUSY') ? 'busy' : 'no_answer';
    const last = s[s.length - 1];
    if (last === 'BUSY' || call.hangupCause === '17') return 'busy';
    if (last === 'CONGESTION' || last === 'CHANUNAVAIL') return 'failed';
    if (last === 'NOANSWER' || last === 'CANCEL') return 'no_answer';
    return ['34', '38', '1', '3', '27', '28'].includes(call.hangupCause ?? '') ? 'failed' : 'no_answer';
  }

  /** Only incoming calls that rang someone and outgoing calls are reported. */
  private visible(call: Call): boolean {
    return (call.direction === 'in' && call.ringEmitted) || call.direction === 'out';
  }

  private onCdr(msg: AmiMessage): void {
    const linkedid = msg.UniqueID ? this.uidToCall.get(msg.UniqueID) : undefined;
    const call = linkedid ? this.calls.get(linkedid) : undefined;
    if (!call) return;
    const billsec = Number(msg.BillableSeconds);
    call.cdr = { billsec: Number.isFinite(billsec) ? billsec : null, recording: msg.RecordingFile || null };
  }

  private forget(call: Call): void {
    this.calls.delete(call.linkedid);
    for (const uid of call.live) this.uidToCall.delete(uid);
    for (const uid of call.dialed.keys()) this.uidToCall.delete(uid);
  }

  private sweep(at: Date): void {
    const t = at.getTime();
    if (t - this.lastSweep < 60_000) return;
    this.lastSweep = t;
    for (const call of [...this.calls.values()]) {
      if (t - call.lastActivity > this.maxIdleMs) {
        this.log('warn', 'AMI call tracker: call idle too long, forgotten', { linkedid: call.linkedid });
        this.forget(call);
      }
    }
  }

  private ev(call: Call, type: CallEvent['type'], at: Date, extensions: string[], extra: Partial<CallEvent> = {}): CallEvent {
    const e: CallEvent = {
      source: 'ami',
      callId: call.linkedid,
      type,
      direction: call.direction === 'out' ? 'out' : 'in',
      number: call.number,
      extensions,
      at,
      ...extra,
    };
    if (call.mehvarCallId) e.mehvarCallId = call.mehvarCallId;
    return e;
  }
}

function secondsBetween(a: Date, b: Date): number {
  return Math.max(0, Math.round((b.getTime() - a.getTime()) / 1000));
}
