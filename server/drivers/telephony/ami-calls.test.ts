import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeAmiServer, loadAmiScenario } from '../../test/fakes/ami-server.ts';
import { loopbackGuard } from '../../test/fakes/dns.ts';
import { AmiClient } from './ami-client.ts';
import { AmiCallTracker, extensionFromChannel } from './ami-calls.ts';
import type { AmiMessage } from './ami-protocol.ts';
import type { CallEvent } from './types.ts';

const T0 = 1717000000;
const isInternal = (n: string) => /^\d{3}$/.test(n);
let server: FakeAmiServer;
let client: AmiClient;
let tracker: AmiCallTracker;
let events: CallEvent[] = [];
const logs: string[] = [];

beforeAll(async () => {
  server = new FakeAmiServer();
  await server.start();
  client = new AmiClient({
    host: '127.0.0.1', port: server.port, username: 'admin', secret: 'secret', log: () => {}, guard: loopbackGuard(),
    loginTimeoutMs: 300, actionTimeoutMs: 300, backoff: { initialMs: 20, maxMs: 50 },
  });
  tracker = new AmiCallTracker({ isInternal, log: (_l, m) => logs.push(m) });
  client.on('event', (m) => events.push(...tracker.handle(m)));
  const c = new Promise<void>((r) => client.once('connected', () => r()));
  client.start();
  await c;
});
afterAll(async () => {
  await client.stop();
  await server.stop();
});

/** Plays a scenario through the fake PBX and the real client; resolves with the call events once the call ended. */
async function play(name: string, vars: Record<string, string> = {}): Promise<CallEvent[]> {
  events = [];
  await server.play(loadAmiScenario(name), { t0: String(T0), ...vars });
  await waitFor(() => events.some((e) => e.type === 'ended'));
  return events;
}

/** Polls `cond`; the bound is a hang guard, sized for CI, where these run beside the end-to-end tests. */
async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const at = (s: number) => new Date((T0 + s) * 1000);
const brief = (e: CallEvent) => [e.type, e.direction, e.number, e.extensions];

describe('AmiCallTracker on recorded scenarios', () => {
  it('answered: ringing, answered, ended with duration and recording', async () => {
    const ev = await play('answered', { caller: '09121112233', id: '1717000100' });
    expect(ev.map(brief)).toEqual([
      ['ringing', 'in', '09121112233', ['101']],
      ['answered', 'in', '09121112233', ['101']],
      ['ended', 'in', '09121112233', ['101']],
    ]);
    expect(ev.every((e) => e.source === 'ami' && e.callId === '1717000100.1')).toBe(true);
    expect(ev[1].at).toEqual(at(5));
    expect(ev[2]).toMatchObject({
      outcome: 'answered', durationSec: 42,
      recording: '/var/spool/asterisk/monitor/2024/05/29/in-02191001000-09121112233-1717000100.1.wav',
    });
    expect(tracker.size).toBe(0);
  });

  it('missed: a ring group rings as one event, the caller hangs up', async () => {
    const ev = await play('missed', { ext: '105', ext2: '106' });
    expect(ev.map(brief)).toEqual([
      ['ringing', 'in', '09121234567', ['105', '106']],
      ['ended', 'in', '09121234567', []],
    ]);
    expect(ev[1]).toMatchObject({ outcome: 'no_answer', durationSec: 0, recording: null });
    expect(ev[1].at).toEqual(at(12.01));
  });

  it('busy: the agent rejects the call', async () => {
    const ev = await play('busy');
    expect(ev.map((e) => e.type)).toEqual(['ringing', 'ended']);
    expect(ev[1]).toMatchObject({ outcome: 'busy', durationSec: 0 });
  });

  it('transferred: rings and answers again at the transfer target', async () => {
    const ev = await play('transferred');
    expect(ev.map(brief)).toEqual([
      ['ringing', 'in', '09121234567', ['101']],
      ['answered', 'in', '09121234567', ['101']],
      ['ringing', 'in', '09121234567', ['102']],
      ['answered', 'in', '09121234567', ['102']],
      ['ended', 'in', '09121234567', ['102']],
    ]);
    expect(ev[4]).toMatchObject({ outcome: 'answered', durationSec: 81 });
  });

  it('outbound click-to-call: the dialled number, the caller extension and MEHVAR_CALL_ID', async () => {
    const ev = await play('outbound', { number: '09359998877', mehvarcallid: 'call-42' });
    expect(ev.map(brief)).toEqual([
      ['ringing', 'out', '09359998877', ['101']],
      ['answered', 'out', '09359998877', ['101']],
      ['ended', 'out', '09359998877', ['101']],
    ]);
    expect(ev.every((e) => e.mehvarCallId === 'call-42')).toBe(true);
    expect(ev[1].at).toEqual(at(9));
    expect(ev[2]).toMatchObject({ outcome: 'answered', durationSec: 30, recording: expect.stringContaining('out-09359998877') });
  });

  it('an internal call (101 dials 102) yields nothing', async () => {
    events = [];
    const lines = [
      'Event: Newchannel\nChannel: PJSIP/101-00000070\nCallerIDNum: 101\nExten: 102\nUniqueid: 9.1\nLinkedid: 9.1',
      'Event: DialBegin\nChannel: PJSIP/101-00000070\nUniqueid: 9.1\nLinkedid: 9.1\nDestChannel: PJSIP/102-00000071\nDestCallerIDNum: 102\nDestUniqueid: 9.2\nDialString: 102',
      'Event: DialEnd\nChannel: PJSIP/101-00000070\nLinkedid: 9.1\nDestChannel: PJSIP/102-00000071\nDestUniqueid: 9.2\nDialStatus: ANSWER',
      'Event: Hangup\nChannel: PJSIP/102-00000071\nUniqueid: 9.2\nLinkedid: 9.1',
      'Event: Hangup\nChannel: PJSIP/101-00000070\nUniqueid: 9.1\nLinkedid: 9.1',
      'Event: Ended\nLinkedid: none',
    ];
    // The last message is a sentinel: the client hands messages on in order, and the tracker's listener was added
    // first, so once the sentinel is here every message before it has gone through the tracker.
    let sentinel = false;
    const onEvent = (m: AmiMessage) => { if (m.Event === 'Ended' && m.Linkedid === 'none') sentinel = true; };
    client.on('event', onEvent);
    await server.play(lines.join('\n\n'));
    await waitFor(() => sentinel).finally(() => client.off('event', onEvent));
    expect(events).toEqual([]);
    expect(tracker.size).toBe(0);
  });

  it('PBX restart mid-call: reset() ends the answered call with the duration so far', async () => {
    events = [];
    const disconnected = new Promise<void>((r) => client.once('disconnected', () => r()));
    await server.play(loadAmiScenario('restart-mid-call'), { t0: String(T0) });
    await waitFor(() => events.length === 2);
    expect(events.map((e) => e.type)).toEqual(['ringing', 'answered']);
    const reconnected = new Promise<void>((r) => client.once('connected', () => r()));
    await server.restart(30);
    await disconnected;
    const ended = tracker.reset(at(30));
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ type: 'ended', direction: 'in', extensions: ['101'], outcome: 'answered', durationSec: 25 });
    expect(tracker.size).toBe(0);
    await reconnected;
    expect(tracker.reset(at(40))).toEqual([]);
  });
});

describe('AmiCallTracker units', () => {
  it('reads extensions from channel names', () => {
    expect(extensionFromChannel('PJSIP/101-0000002a')).toBe('101');
    expect(extensionFromChannel('SIP/102-00000003')).toBe('102');
    expect(extensionFromChannel('Local/101@from-queue-00000004;1')).toBe('101');
    expect(extensionFromChannel('Local/FMPR-103@from-internal-00000005;2')).toBe('103');
    expect(extensionFromChannel('PJSIP/trunk-00000001')).toBe('trunk');
    expect(extensionFromChannel('garbage')).toBeNull();
  });

  it('never throws on odd input and ignores unknown events', () => {
    const t = new AmiCallTracker({ isInternal: () => { throw new Error('boom'); }, log: () => {} });
    expect(t.handle({})).toEqual([]);
    expect(t.handle({ Event: 'Hangup' })).toEqual([]);
    expect(t.handle({ Event: 'Newchannel', Linkedid: 'x' })).toEqual([]);
    expect(t.handle({ Event: 'Newchannel', Linkedid: '1.1', Uniqueid: '1.1', Channel: 'PJSIP/101-1' })).toEqual([]);
    // isInternal throws, so nobody counts as an agent: a call from 'PJSIP/101' dialling 'X/1' rings no agent.
    expect(t.handle({ Event: 'DialBegin', Linkedid: '1.1', DestUniqueid: '1.2', Channel: 'X/1' })).toEqual([]);
    expect(t.handle({ Event: 'Hangup', Linkedid: '1.1', Uniqueid: '1.1' })).toEqual([]);
    expect(t.size).toBe(1); // 1.2 is still up
    expect(t.handle({ Event: 'SomethingNew', Linkedid: '1.1' })).toEqual([]);
  });

  it('caps the calls it tracks, forgetting the oldest with a warning', () => {
    const warns: string[] = [];
    const t = new AmiCallTracker({ isInternal, log: (l, m) => l === 'warn' && warns.push(m), maxCalls: 3 });
    for (let i = 1; i <= 5; i++) t.handle({ Event: 'Newchannel', Channel: 'PJSIP/trunk-1', CallerIDNum: '0912', Uniqueid: `${i}.1`, Linkedid: `${i}.1` });
    expect(t.size).toBe(3);
    expect(warns.filter((w) => w.includes('too many calls'))).toHaveLength(2);
  });

  it('drops calls idle for more than 6 hours', () => {
    let now = new Date('2024-05-29T10:00:00Z');
    const t = new AmiCallTracker({ isInternal, log: () => {}, now: () => now });
    t.handle({ Event: 'Newchannel', Channel: 'PJSIP/trunk-1', CallerIDNum: '0912', Uniqueid: '1.1', Linkedid: '1.1' });
    now = new Date('2024-05-29T17:00:00Z');
    t.handle({ Event: 'Newchannel', Channel: 'PJSIP/trunk-2', CallerIDNum: '0913', Uniqueid: '2.1', Linkedid: '2.1' });
    expect(t.size).toBe(1);
  });

  it('outbound to a busy number ends busy', () => {
    const t = new AmiCallTracker({ isInternal, log: () => {} });
    const all = ([
      { Event: 'Newchannel', Channel: 'PJSIP/104-1', CallerIDNum: '104', Exten: '09121234567', Uniqueid: '3.1', Linkedid: '3.1' },
      { Event: 'DialBegin', Channel: 'PJSIP/104-1', Uniqueid: '3.1', Linkedid: '3.1', DestChannel: 'PJSIP/trunk-2', DestUniqueid: '3.2', DialString: 'trunk/09121234567' },
      { Event: 'DialEnd', Channel: 'PJSIP/104-1', Linkedid: '3.1', DestUniqueid: '3.2', DialStatus: 'BUSY' },
      { Event: 'Hangup', Uniqueid: '3.2', Linkedid: '3.1', Cause: '17' },
      { Event: 'Hangup', Uniqueid: '3.1', Linkedid: '3.1', Cause: '17' },
    ] as AmiMessage[]).flatMap((m) => t.handle(m));
    expect(all.map((e) => [e.type, e.direction, e.number, e.extensions, e.outcome])).toEqual([
      ['ringing', 'out', '09121234567', ['104'], undefined],
      ['ended', 'out', '09121234567', ['104'], 'busy'],
    ]);
  });
});
