import { describe, expect, it } from 'vitest';
import { AMI_MAX_MESSAGE_BYTES, AmiParser, amiTimestamp, serializeAction } from './ami-protocol.ts';

const SAMPLE =
  'Asterisk Call Manager/6.0.0\r\n' +
  'Response: Success\r\nActionID: a-1\r\nMessage: Authentication accepted\r\n\r\n' +
  'Event: Newchannel\r\nChannel: PJSIP/trunk-00000001\r\nCallerIDNum: 09121234567\r\nCallerIDName: علی رضایی\r\nLinkedid: 1717000000.1\r\n\r\n';

const EXPECTED = [
  { Response: 'Success', ActionID: 'a-1', Message: 'Authentication accepted' },
  { Event: 'Newchannel', Channel: 'PJSIP/trunk-00000001', CallerIDNum: '09121234567', CallerIDName: 'علی رضایی', Linkedid: '1717000000.1' },
];

describe('AmiParser', () => {
  it('reads the banner and the messages of one chunk', () => {
    const p = new AmiParser();
    expect(p.feed(SAMPLE)).toEqual(EXPECTED);
    expect(p.banner).toBe('Asterisk Call Manager/6.0.0');
  });

  it('gives the same messages whatever byte the stream is split at (CRLF and UTF-8 included)', () => {
    const bytes = Buffer.from(SAMPLE, 'utf8');
    for (let i = 1; i < bytes.length; i++) {
      const p = new AmiParser();
      const got = [...p.feed(bytes.subarray(0, i)), ...p.feed(bytes.subarray(i))];
      expect(got, `split at ${i}`).toEqual(EXPECTED);
    }
  });

  it('survives a byte-at-a-time stream', () => {
    const p = new AmiParser();
    const got = [];
    for (const b of Buffer.from(SAMPLE)) got.push(...p.feed(Buffer.from([b])));
    expect(got).toEqual(EXPECTED);
  });

  it('accepts bare LF line ends', () => {
    const p = new AmiParser();
    expect(p.feed(SAMPLE.replace(/\r\n/g, '\n'))).toEqual(EXPECTED);
  });

  it('skips lines without a colon and blocks with neither Event nor Response, counting them', () => {
    const logs: string[] = [];
    const p = new AmiParser({ log: (_l, m) => logs.push(m) });
    const got = p.feed('Asterisk Call Manager/6.0.0\r\ngarbage line\r\nEvent: Hangup\r\nCause: 16\r\n\r\nFoo: bar\r\n\r\nEvent: Ok\r\n\r\n');
    expect(got).toEqual([{ Event: 'Hangup', Cause: '16' }, { Event: 'Ok' }]);
    expect(p.malformed).toBe(2);
    expect(logs.some((m) => m.includes('malformed line'))).toBe(true);
  });

  it('drops a message that grows past 64 KiB and resyncs at the next blank line', () => {
    const p = new AmiParser({ log: () => {} });
    p.feed('Asterisk Call Manager/6.0.0\r\n');
    const big = `Event: Big\r\n${'X-Pad: '.concat('y'.repeat(1000), '\r\n').repeat(70)}`;
    const got = [...p.feed(big), ...p.feed('More: stuff\r\n\r\nEvent: After\r\n\r\n')];
    expect(got).toEqual([{ Event: 'After' }]);
    expect(p.oversized).toBe(1);
  });

  it('drops a single endless line without buffering it forever', () => {
    const p = new AmiParser({ log: () => {} });
    p.feed('Asterisk Call Manager/6.0.0\r\nEvent: X\r\nData: ');
    p.feed('z'.repeat(AMI_MAX_MESSAGE_BYTES + 10));
    expect(p.oversized).toBe(1);
    expect(p.feed('zzz\r\n\r\nEvent: Next\r\n\r\n')).toEqual([{ Event: 'Next' }]);
  });

  it('keeps a colon inside a value and an empty value', () => {
    const p = new AmiParser({ expectBanner: false });
    expect(p.feed('Event: VarSet\r\nValue: a:b: c\r\nAccountCode: \r\n\r\n')).toEqual([{ Event: 'VarSet', Value: 'a:b: c', AccountCode: '' }]);
  });
});

describe('serializeAction', () => {
  it('writes CRLF lines and a blank line', () => {
    expect(serializeAction({ Action: 'Ping', ActionID: '7' })).toBe('Action: Ping\r\nActionID: 7\r\n\r\n');
  });

  it('rejects line breaks in values and keys (header injection)', () => {
    expect(() => serializeAction({ Action: 'Login', Secret: 'x\r\nAction: Originate' })).toThrow(/line break/);
    expect(() => serializeAction({ Action: 'Login', Secret: 'x\nEvents: on' })).toThrow(/line break/);
    expect(() => serializeAction({ 'Bad\nKey': 'v' })).toThrow();
  });

  it('round-trips through the parser', () => {
    const p = new AmiParser({ expectBanner: false, requiredKeys: ['Action'] });
    expect(p.feed(serializeAction({ Action: 'Originate', CallerID: 'مهور <101>', Variable: 'A=1,B=2' }))).toEqual([
      { Action: 'Originate', CallerID: 'مهور <101>', Variable: 'A=1,B=2' },
    ]);
  });
});

describe('amiTimestamp', () => {
  it('reads Asterisk timestamps and ignores junk', () => {
    expect(amiTimestamp({ Timestamp: '1717000000.500000' })?.getTime()).toBe(1717000000500);
    expect(amiTimestamp({ Timestamp: 'soon' })).toBeNull();
    expect(amiTimestamp({})).toBeNull();
  });
});
