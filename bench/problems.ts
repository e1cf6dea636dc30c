/**
 * Recurring-problem grouping quality and speed on the labelled set (server/analytics/problem-groups.fixtures.ts).
 *
 *   npx tsx bench/problems.ts [--runs 7] [--no-tune]
 *
 * 1. Tuning: a grid over the options is scored on the tuning half (tickets with an odd id number; ids are a fixed
 *    shuffle, so each half holds ~8 tickets of every group) and the best pairwise F1 wins.
 * 2. The chosen options (and the code defaults, DEFAULT_OPTIONS) are scored on the held-out half (even ids) and the
 *    full set: precision, recall, F1, groups found vs 20, and which true groups were split or merged.
 * 3. Timing: median of --runs on the full set and on 5,000 tickets (the set repeated with small perturbations).
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { PROBLEM_TICKETS, PROBLEM_NAMES, type LabelledTicket } from '../server/analytics/problem-groups.fixtures.ts';
import {
  DEFAULT_OPTIONS, groupTickets, pairwiseScores, type GroupingOptions, type TicketInput,
} from '../server/analytics/problem-groups.ts';

const { values: args } = parseArgs({ options: {
  runs: { type: 'string', default: '7' }, 'no-tune': { type: 'boolean', default: false },
} });
const RUNS = Number(args.runs);

const toInput = (t: LabelledTicket): TicketInput =>
  ({ id: t.id, subject: t.subject, description: t.description, productId: t.product, category: t.category });
const idNumber = (t: LabelledTicket) => Number(t.id.slice(3));
const tuneSet = PROBLEM_TICKETS.filter((t) => idNumber(t) % 2 === 1);
const heldOut = PROBLEM_TICKETS.filter((t) => idNumber(t) % 2 === 0);

function evaluate(set: readonly LabelledTicket[], opts: GroupingOptions) {
  const groups = groupTickets(set.map(toInput), opts);
  const truth = new Map(set.map((t) => [t.id, t.problem]));
  return { groups, truth, ...pairwiseScores(groups.map((g) => g.ticketIds), truth) };
}

const f = (x: number) => x.toFixed(3);
const fmtOpts = (o: GroupingOptions) => Object.entries(o).map(([k, v]) => `${k}=${v}`).join(' ');

// 1. Tuning
let chosen: GroupingOptions = { ...DEFAULT_OPTIONS };
if (!args['no-tune']) {
  let best = { f1: -1, opts: chosen };
  for (const threshold of [0.08, 0.1, 0.12, 0.14, 0.16, 0.18]) {
    for (const wordWeight of [0.5, 0.7]) {
      for (const productTermWeight of [0.25, 0.5, 1]) {
        for (const productBonus of [0.1, 0.2, 0.3]) {
          for (const categoryPenalty of [0.05, 0.1, 0.2]) {
            for (const subjectWeight of [1, 1.5, 2]) {
              const opts = { threshold, wordWeight, productTermWeight, productBonus, categoryPenalty, subjectWeight };
              const r = evaluate(tuneSet, opts);
              if (r.f1 > best.f1 + 1e-9) best = { f1: r.f1, opts };
            }
          }
        }
      }
    }
  }
  chosen = best.opts;
  console.log(`tuned on ${tuneSet.length} tickets (odd ids): F1 ${f(best.f1)} with ${fmtOpts(chosen)}`);
}
console.log(`code defaults: ${fmtOpts(DEFAULT_OPTIONS)}\n`);

// 2. Quality
for (const [name, opts] of [['chosen', chosen], ['defaults', DEFAULT_OPTIONS]] as const) {
  for (const [setName, set] of [['tuning half', tuneSet], ['held-out half', heldOut], ['full set', PROBLEM_TICKETS]] as const) {
    const r = evaluate(set, opts);
    const multi = r.groups.filter((g) => g.ticketIds.length > 1).length;
    console.log(`${name.padEnd(8)} ${setName.padEnd(13)} n=${String(set.length).padEnd(3)} precision ${f(r.precision)}`
      + ` recall ${f(r.recall)} F1 ${f(r.f1)} groups ${r.groups.length} (${multi} with 2+ tickets) vs ${PROBLEM_NAMES.length}`);
  }
}

// Confusion on the full set with the defaults: where each true group went, and what each found group mixes.
const full = evaluate(PROBLEM_TICKETS, DEFAULT_OPTIONS);
const where = new Map<string, number>(full.groups.flatMap((g, gi) => g.ticketIds.map((id) => [id, gi] as [string, number])));
console.log('\ntrue groups split (defaults, full set): group → sizes of the found groups holding it');
for (const p of PROBLEM_NAMES) {
  const counts = new Map<number, number>();
  for (const t of PROBLEM_TICKETS) if (t.problem === p) counts.set(where.get(t.id)!, (counts.get(where.get(t.id)!) ?? 0) + 1);
  if (counts.size > 1) console.log(`  ${p}: ${[...counts.values()].sort((a, b) => b - a).join(' + ')}`);
}
console.log('found groups mixing true groups:');
for (const g of full.groups) {
  const mix = new Map<string, number>();
  for (const id of g.ticketIds) mix.set(full.truth.get(id)!, (mix.get(full.truth.get(id)!) ?? 0) + 1);
  if (mix.size > 1) {
    console.log(`  «${g.label}» [${g.terms.join(', ')}]: ${[...mix].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
}

// 3. Timing
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function time(tickets: readonly TicketInput[]): number {
  groupTickets(tickets, DEFAULT_OPTIONS); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    groupTickets(tickets, DEFAULT_OPTIONS);
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** 5,000 tickets: copies of the set, each copy with a different small perturbation (dropped word, typo, suffix). */
function perturbed(n: number): TicketInput[] {
  const out: TicketInput[] = [];
  let seed = 7;
  const rnd = () => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed / 2 ** 32; };
  for (let i = 0; out.length < n; i++) {
    const t = PROBLEM_TICKETS[i % PROBLEM_TICKETS.length];
    const words = t.description.split(' ');
    const r = rnd();
    if (r < 0.3 && words.length > 3) words.splice(Math.floor(rnd() * words.length), 1); // a word dropped
    else if (r < 0.6) { // a letter doubled: a typo
      const w = Math.floor(rnd() * words.length);
      const at = Math.floor(rnd() * words[w].length);
      words[w] = words[w].slice(0, at + 1) + words[w].slice(at);
    } else if (r < 0.8) words.push(['لطفا', 'فوری', 'ممنون', 'مرسی', 'سریع'][Math.floor(rnd() * 5)]);
    out.push({ ...toInput(t), id: `p-${String(i).padStart(5, '0')}`, description: words.join(' ') });
  }
  return out;
}

const big = perturbed(5000);
console.log(`\ntiming, median of ${RUNS} runs (defaults): ${PROBLEM_TICKETS.length} tickets ${time(PROBLEM_TICKETS.map(toInput)).toFixed(0)} ms;`
  + ` 5,000 perturbed tickets ${time(big).toFixed(0)} ms (${groupTickets(big, DEFAULT_OPTIONS).length} groups)`);
