/** `npm run cli -- clv-fit`: the JSON line's shape, the fallback on a small log, and CDNOW through the command. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANCHORS, reportAnchorsAbsent } from '../test/anchors.ts';
import { clvFitCommand, ClvUsageError } from './clv-fit.command.ts';

reportAnchorsAbsent('clv-fit on CDNOW');

function run(args: string[]) {
  const lines: string[] = [];
  const code = clvFitCommand(args, (l) => lines.push(l));
  return { code, result: lines.length ? JSON.parse(lines[lines.length - 1]) : null };
}

describe('clv-fit', () => {
  it('on a small log: rule-based fallback with the warning, holdout by frequency, same-day purchases merged', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clv-fit-'));
    const file = path.join(dir, 'tx.csv');
    fs.writeFileSync(file, [
      'customer,day,total',
      'a,2024-01-01,10', 'a,2024-01-01,5', 'a,20240115,20', 'a,2024-02-10,8',
      'b,2024-01-08,3', 'b,2024-02-20,4',
    ].join('\n'));
    const { code, result } = run(['--transactions', file, '--calibration-end', '2024-01-31', '--holdout-end', '2024-02-28',
      '--id', 'customer', '--date', 'day', '--amount', 'total']);
    expect(code).toBe(0);
    expect(result.model).toBe('rules');
    expect(result.customers).toBe(2);
    expect(result.logLikelihood).toBeNull();
    expect(result.spend).toBeNull();
    expect(result.warnings[0]).toBe('too-few-repeat-buyers: 1 < 200; rule-based fallback');
    expect(result.holdout.byFrequency.map((b: { bin: string }) => b.bin)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    // a: 1 repeat (Jan 15; the two Jan 1 rows are one purchase), 1 in the holdout; b: 0 repeats, 1 in the holdout.
    expect(result.holdout.byFrequency[0]).toMatchObject({ n: 1, actual: 1 });
    expect(result.holdout.byFrequency[1]).toMatchObject({ n: 1, actual: 1 });
    expect(result.holdout.total.actual).toBe(2);
    fs.rmSync(dir, { recursive: true });
  });

  it('refuses a missing argument or an unknown model', () => {
    expect(() => clvFitCommand(['--transactions', 'x.csv'])).toThrow(ClvUsageError);
    expect(() => clvFitCommand(['--transactions', 'x.csv', '--calibration-end', '2024-01-01', '--model', 'magic'])).toThrow(ClvUsageError);
  });

  // it.runIf is used ONLY for the presence of the anchors folder (data kept outside the repository).
  it.runIf(ANCHORS !== null)('on the raw CDNOW log reproduces the published BG/NBD and Gamma-Gamma fits', () => {
    const { code, result } = run(['--transactions', path.join(ANCHORS!, 'cdnow/btyd_cdnowElog.csv'), '--calibration-end', '1997-09-30',
      '--holdout-end', '1998-06-30', '--model', 'bgnbd', '--id', 'sampleid', '--date', 'date', '--amount', 'sales']);
    expect(code).toBe(0);
    expect(result.model).toBe('bgnbd');
    expect(result.customers).toBe(2357);
    expect(Object.keys(result.params)).toEqual(['r', 'alpha', 'a', 'b']);
    expect(result.params.r).toBeCloseTo(0.2426, 4);
    expect(result.logLikelihood).toBeCloseTo(-9582.43, 2);
    expect(result.spend.params.p).toBeCloseTo(6.25, 2);
    expect(result.spend.logLikelihood).toBeCloseTo(-4055.92, 2);
    expect(result.holdout.total.actual).toBe(1882);
    expect(result.warnings).toEqual([]);
  });
});
