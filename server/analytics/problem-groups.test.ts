import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OPTIONS, assignToGroup, clusterTickets, fitModel, groupTickets, pairwiseScores, stem, ticketText, vectorize,
  type TicketInput,
} from './problem-groups.ts';
import { PROBLEM_NAMES, PROBLEM_TICKETS, type LabelledTicket } from './problem-groups.fixtures.ts';

const toInput = (t: LabelledTicket): TicketInput =>
  ({ id: t.id, subject: t.subject, description: t.description, productId: t.product, category: t.category });
const ALL = PROBLEM_TICKETS.map(toInput);

describe('ticketText', () => {
  it('folds Arabic ي/ك, ZWNJ, Persian digits and case, and drops stop words and punctuation', () => {
    // Arabic-keyboard spelling, with ZWNJ, Persian digits and Latin capitals…
    const a = ticketText({ subject: 'يخچال خنك نمی‌کند!', description: 'دمای ۱۵ درجه، ERROR E21' });
    // …and the Persian spelling, no ZWNJ, ASCII digits, lower case.
    const b = ticketText({ subject: 'یخچال خنک نمیکند', description: 'دمای 15 درجه error e 21' });
    expect(a).toEqual(b);
    expect(a).toEqual(['یخچال', 'خنک', 'دما', '15', 'درجه', 'error', 'e21', '21']);
  });

  it('stems plural and clitic suffixes but keeps short roots', () => {
    expect(stem('ظرفها')).toBe('ظرف');
    expect(stem('یخچالم')).toBe('یخچال');
    expect(stem('میلرزه')).toBe('لرزه');
    expect(stem('گرم')).toBe('گرم'); // not "گر"
    expect(stem('مکش')).toBe('مکش'); // not "مک"
  });
});

describe('similarity', () => {
  const model = fitModel(ALL, { ...DEFAULT_OPTIONS, threshold: DEFAULT_OPTIONS.threshold });
  const sim = (a: TicketInput, b: TicketInput) => {
    const va = vectorize(a, model), vb = vectorize(b, model);
    let s = 0;
    for (const [k, v] of va) s += v * (vb.get(k) ?? 0);
    return s;
  };
  const t = (subject: string, description: string): TicketInput =>
    ({ id: subject, subject, description, productId: 'washing-machine', category: 'repair' });

  it('scores two wordings of one problem above two problems of the same product', () => {
    const drain1 = t('لباسشویی آب را تخلیه نمی‌کند', 'پمپ تخلیه کار نمیکند و آب در دیگ می‌ماند');
    const drain2 = t('آب تو ماشین میمونه', 'ماشين لباسشويي آب رو خالی نميكنه، تخليه نميشه');
    const leak = t('لباسشویی نشتی دارد', 'از زیر ماشین آب چکه میکند و زمین خیس میشود');
    expect(sim(drain1, drain2)).toBeGreaterThan(sim(drain1, leak));
    expect(sim(drain1, drain2)).toBeGreaterThan(sim(drain2, leak));
  });
});

describe('groupTickets', () => {
  it('is deterministic and does not depend on the input order', () => {
    const a = groupTickets(ALL);
    const b = groupTickets([...ALL].reverse());
    expect(b).toEqual(a);
    expect(a.flatMap((g) => g.ticketIds).sort()).toEqual(ALL.map((x) => x.id).sort()); // every ticket exactly once
  });

  it('labels a group with a member subject and lists its top terms', () => {
    const [g] = groupTickets(ALL);
    const subjects = new Set(ALL.filter((x) => g.ticketIds.includes(x.id)).map((x) => x.subject.trim()));
    expect(subjects.has(g.label)).toBe(true);
    expect(g.terms.length).toBeGreaterThan(0);
  });

  it('keeps pinned decisions: a split stays split, a merge stays merged, keys are the pinned ones', () => {
    const free = groupTickets(ALL);
    const big = free.find((g) => g.ticketIds.length >= 4)!;
    const [x, y, ...rest] = big.ticketIds;
    // Split: x and y (grouped together without pins) pinned to different keys.
    const split = groupTickets(ALL, { pinned: { [x]: 'human-a', [y]: 'human-b' } });
    const gx = split.find((g) => g.ticketIds.includes(x))!;
    const gy = split.find((g) => g.ticketIds.includes(y))!;
    expect(gx.key).toBe('human-a');
    expect(gy.key).toBe('human-b');
    expect(gx).not.toBe(gy);
    // Merge: a ticket of another group pinned with x.
    const other = free.find((g) => !g.ticketIds.includes(x))!.ticketIds[0];
    const merged = groupTickets(ALL, { pinned: { [x]: 'human-a', [other]: 'human-a' } });
    const gm = merged.find((g) => g.key === 'human-a')!;
    expect(gm.ticketIds).toEqual(expect.arrayContaining([x, other]));
    expect(rest.length).toBeGreaterThan(0);
  });

  it('places a new ticket incrementally in the group of its problem', () => {
    const { groups, index } = clusterTickets(ALL);
    const groupOf = (id: string) => groups.find((g) => g.ticketIds.includes(id))!.key;
    const e21 = PROBLEM_TICKETS.filter((x) => x.problem === 'wm-error-e21').map((x) => x.id);
    const hit = assignToGroup({ id: 'new', subject: 'ارور E21', description: 'لباسشویی کد خطای E21 میده و وایمیسه',
      productId: 'washing-machine', category: 'repair' }, index);
    expect(hit).not.toBeNull();
    expect(hit!.key).toBe(groupOf(e21[0]));
    expect(assignToGroup({ id: 'new2', subject: 'xyz', description: 'qwerty asdf' }, index)).toBeNull();
  });
});

describe('pairwiseScores', () => {
  it('matches a hand-computed example', () => {
    // Truth: {a,b,c} {d,e}. Predicted: {a,b} {c,d,e}.
    // Predicted pairs: ab, cd, ce, de = 4; true pairs: ab, ac, bc, de = 4; both: ab, de = 2.
    const truth = new Map([['a', 'X'], ['b', 'X'], ['c', 'X'], ['d', 'Y'], ['e', 'Y']]);
    const s = pairwiseScores([['a', 'b'], ['c', 'd', 'e']], truth);
    expect(s.precision).toBe(0.5);
    expect(s.recall).toBe(0.5);
    expect(s.f1).toBe(0.5);
    // All singletons: nothing claimed (precision 1), nothing found (recall 0).
    const none = pairwiseScores([['a'], ['b'], ['c'], ['d'], ['e']], truth);
    expect(none).toEqual({ precision: 1, recall: 0, f1: 0 });
    // One group of all: recall 1, precision 4/10.
    const all = pairwiseScores([['a', 'b', 'c', 'd', 'e']], truth);
    expect(all.precision).toBeCloseTo(0.4, 12);
    expect(all.recall).toBe(1);
  });
});

describe('quality on the labelled set', () => {
  it('has 320 tickets in 20 problems', () => {
    expect(PROBLEM_TICKETS.length).toBe(320);
    expect(new Set(PROBLEM_TICKETS.map((x) => x.problem)).size).toBe(PROBLEM_NAMES.length);
  });

  it('reaches the measured pairwise F1 floor (see docs/benchmarks.md)', () => {
    const truth = new Map(PROBLEM_TICKETS.map((x) => [x.id, x.problem]));
    const s = pairwiseScores(groupTickets(ALL).map((g) => g.ticketIds), truth);
    // QUALITY_FLOOR is below the target of 0.8, which this algorithm does not reach (docs/benchmarks.md).
    expect(s.f1).toBeGreaterThanOrEqual(QUALITY_FLOOR);
  });
});

/** The measured F1 on the full set, rounded down; raise it when the algorithm improves. */
const QUALITY_FLOOR = 0.7;
