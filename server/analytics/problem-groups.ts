/**
 * Recurring problems: groups support tickets that describe the same problem in different words. Pure code (no
 * database, no I/O), so the same function serves the app, the tests and bench/problems.ts.
 *
 * Pipeline: `ticketText` normalizes (faNorm, punctuation, stop words, a light stemmer) → each ticket becomes one unit
 * TF-IDF vector made of word unigrams and character 3-grams within words (the n-grams absorb typos, spelling variants
 * and suffixes the stemmer leaves) → leader clustering against group centroids in id order, refined by reassigning
 * every ticket to its best centroid until nothing moves, then merging groups whose centroids are close.
 * Product and category are not text: a ticket scores a bonus with a group in proportion to the share of the group on
 * its product, and a penalty in proportion to the share on another category.
 * Cost is O(n · groups · features per ticket) per pass; see docs/decisions.md ("Recurring problems").
 */
import { faNorm } from '../../common/fa-normalize.ts';

// ---------------------------------------------------------------------------------------------------------------
// Text

/** Function words and the light verbs that carry no problem ("doesn't", "does", "is"), Persian and English. */
const STOP_WORDS = new Set([
  // Persian (after faNorm: ی/ک folded, ZWNJ → space, so "نمی‌کند" arrives as "نمی" + "کند")
  'و', 'در', 'به', 'از', 'که', 'این', 'ان', 'اون', 'را', 'رو', 'با', 'است', 'هست', 'هستش', 'برای', 'بر', 'یک', 'یه',
  'من', 'ما', 'شما', 'ها', 'های', 'می', 'نمی', 'شده', 'شد', 'نشد', 'نشده', 'شود', 'نمیشود', 'میشود', 'میشه', 'نمیشه',
  'کنم', 'کرد', 'کردم', 'کردیم', 'کردن', 'کنید', 'کند', 'کنه', 'کنن', 'میکنه', 'نمیکنه', 'میکند', 'نمیکند', 'داره',
  'دارد', 'دارم', 'داریم', 'ندارد', 'نداره', 'میده', 'نمیده', 'دهد', 'میدهد', 'بود', 'بودم', 'باشد', 'باشه', 'نیست',
  'لطفا', 'سلام', 'ممنون', 'مرسی', 'تشکر', 'وقت', 'بخیر', 'تو', 'توی', 'هم', 'ولی', 'اما', 'اگر', 'اگه', 'تا', 'هر',
  'چی', 'چه', 'همه', 'خیلی', 'اصلا', 'دیگه', 'دیگر', 'چون', 'ای', 'اینکه', 'همون', 'همین', 'ایا', 'ام', 'خود',
  'خودم', 'الان', 'فقط', 'حتی', 'انگار', 'شاید', 'مثل', 'چند', 'بار', 'روز', 'نه', 'یا', 'پیش', 'چیکار', 'چطوری',
  // English
  'the', 'a', 'an', 'is', 'are', 'not', 'no', 'my', 'on', 'in', 'to', 'of', 'and', 'from', 'hi', 'it', 'up', 'and',
  'does', 'doesn', 'didn', 't', 's', 'with', 'for', 'please', 'problem',
]);

/** Suffixes, longest first within each class; a suffix comes off only if `min` letters remain. */
const PLURAL_SUFFIXES: ReadonlyArray<readonly [string, number]> = [['هایی', 2], ['های', 2], ['ها', 2], ['ترین', 3]];
const CLITIC_SUFFIXES: ReadonlyArray<readonly [string, number]> = [
  ['مان', 3], ['تان', 3], ['شان', 3], ['اش', 3], ['ام', 3], ['م', 3], ['ش', 3],
];

/**
 * A deliberately light Persian stemmer: the verb prefix نمی/می, then one plural (ها/های), one pronoun clitic
 * (م/ش/ام/اش/مان…) and one ی. Each strip keeps at least 3 letters (2 for ها), so short roots such as گرم, مکش, سرد
 * survive. It over-stems some words (نمایش → نمای); that is fine as long as it does so the same way every time, and
 * the character n-grams carry what it gets wrong.
 */
export function stem(word: string): string {
  let w = word;
  for (const p of ['نمی', 'می']) {
    if (w.startsWith(p) && w.length - p.length >= 3) { w = w.slice(p.length); break; }
  }
  for (const list of [PLURAL_SUFFIXES, CLITIC_SUFFIXES]) {
    for (const [s, min] of list) {
      if (w.endsWith(s) && w.length - s.length >= min) { w = w.slice(0, -s.length); break; }
    }
  }
  if (w.endsWith('ی') && w.length >= 4) w = w.slice(0, -1);
  return w;
}

/** Normalized words of a ticket (before stop words and stemming): faNorm, then letters and digits only. */
function rawWords(text: string): string[] {
  const t = faNorm(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    // Persian letters glued to digits ("ای21") are two words; a Latin letter + digits is an error code: "e 21" → "e21".
    .replace(/(\p{Script=Arabic})(\d)/gu, '$1 $2').replace(/(\d)(\p{Script=Arabic})/gu, '$1 $2')
    .replace(/\b([a-z]) ?(\d{1,3})\b/g, '$1$2');
  return t.split(' ').filter((w) => w.length > 0);
}

/** Content words of a ticket: normalized, stop words and long numbers (order numbers, amounts) dropped, stemmed. */
export function ticketText(t: { subject: string; description?: string | null }): string[] {
  return contentWords(`${t.subject} ${t.description ?? ''}`);
}

function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const w of rawWords(text)) {
    if (STOP_WORDS.has(w) || /^\d{5,}$/.test(w)) continue;
    const s = stem(w);
    if (s.length < 2 || STOP_WORDS.has(s)) continue;
    out.push(s);
    // "E21" is also written "ارور ۲۱": the number alone is a second feature.
    const code = /^[a-z](\d{1,3})$/.exec(s);
    if (code) out.push(code[1]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Vectors

export interface TicketInput {
  id: string;
  subject: string;
  description?: string | null;
  productId?: string | null;
  category?: string | null;
}

export interface GroupingOptions {
  /** Two groups merge while their average-link score (mean pairwise similarity) reaches this. */
  threshold?: number;
  /** Share of the word part in the similarity; the rest is character 3-grams. */
  wordWeight?: number;
  /** Times the subject's words count relative to the description's (subjects are short and to the point). */
  subjectWeight?: number;
  /** Added to the score in proportion to the group's share of tickets on the same product. */
  productBonus?: number;
  /** Subtracted in proportion to the group's share of tickets in another category. */
  categoryPenalty?: number;
  /** Weight kept by terms that name a product (see fitModel). */
  productTermWeight?: number;
  /** Human decisions: ticket id → group key. Pinned tickets never move; different keys never merge. */
  pinned?: Readonly<Record<string, string>>;
}

/** Chosen by bench/problems.ts on half of the labelled tickets; docs/benchmarks.md has the numbers. */
export const DEFAULT_OPTIONS: Required<Omit<GroupingOptions, 'pinned'>> = {
  threshold: 0.12,
  wordWeight: 0.7,
  subjectWeight: 1,
  productBonus: 0.1,
  categoryPenalty: 0.1,
  productTermWeight: 0.25,
};

type Opts = Required<Omit<GroupingOptions, 'pinned'>> & { pinned: Readonly<Record<string, string>> };

function resolve(opts: GroupingOptions = {}): Opts {
  const o = { ...DEFAULT_OPTIONS, ...stripUndefined(opts) };
  return { ...o, pinned: opts.pinned ?? {} };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Term counts of one ticket: words as "w:…", character 3-grams within words (with edge marks) as "c:…". */
function termCounts(t: TicketInput, subjectWeight: number): { words: Map<string, number>; chars: Map<string, number> } {
  const words = new Map<string, number>();
  const chars = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const w of contentWords(text)) {
      words.set(`w:${w}`, (words.get(`w:${w}`) ?? 0) + weight);
      const padded = `<${w}>`;
      for (let i = 0; i + 3 <= padded.length; i++) {
        const g = `c:${padded.slice(i, i + 3)}`;
        chars.set(g, (chars.get(g) ?? 0) + weight);
      }
    }
  };
  add(t.subject, subjectWeight);
  add(t.description ?? '', 1);
  return { words, chars };
}

/** A fitted vocabulary: the IDF of every term seen, and the number of tickets it was fitted on. */
export interface ProblemModel {
  idf: Record<string, number>;
  docCount: number;
  options: Omit<Opts, 'pinned'>;
}

type Sparse = Map<string, number>;

/** Unit vector = √α·(word TF-IDF)/‖·‖ ⊕ √(1−α)·(char TF-IDF)/‖·‖, so a dot product is α·cos_words + (1−α)·cos_chars. */
export function vectorize(t: TicketInput, model: ProblemModel): Sparse {
  const { words, chars } = termCounts(t, model.options.subjectWeight);
  const unseen = Math.log(1 + model.docCount) + 1; // idf of a term no fitted ticket had
  const out: Sparse = new Map();
  for (const [part, weight] of [[words, model.options.wordWeight], [chars, 1 - model.options.wordWeight]] as const) {
    let norm = 0;
    const tmp: Array<[string, number]> = [];
    for (const [term, tf] of part) {
      const v = (1 + Math.log(tf)) * (model.idf[term] ?? unseen); // sublinear tf: one word repeated is not a topic
      tmp.push([term, v]);
      norm += v * v;
    }
    if (norm === 0) continue;
    const k = Math.sqrt(weight) / Math.sqrt(norm);
    for (const [term, v] of tmp) out.set(term, v * k);
  }
  return out;
}

export function fitModel(tickets: readonly TicketInput[], options: Omit<Opts, 'pinned'>): ProblemModel {
  const df = new Map<string, number>();
  // df per product, to find the words that name a product rather than a problem
  const dfByProduct = new Map<string, Map<string, number>>();
  const perProduct = new Map<string, number>();
  for (const t of tickets) {
    const { words, chars } = termCounts(t, options.subjectWeight);
    const p = t.productId ?? null;
    let pdf: Map<string, number> | undefined;
    if (p !== null) {
      perProduct.set(p, (perProduct.get(p) ?? 0) + 1);
      pdf = dfByProduct.get(p) ?? new Map<string, number>();
      dfByProduct.set(p, pdf);
    }
    for (const term of [...words.keys(), ...chars.keys()]) {
      df.set(term, (df.get(term) ?? 0) + 1);
      if (pdf) pdf.set(term, (pdf.get(term) ?? 0) + 1);
    }
  }
  const n = tickets.length;
  const idf: Record<string, number> = {};
  for (const [term, d] of df) idf[term] = Math.log((1 + n) / (1 + d)) + 1; // smoothed, as scikit-learn does
  // A term in a large share of one product's tickets, and found mostly on that product, is the product's name
  // ("یخچال", "لباسشویی"): it says which product, which the product bonus already counts, not which problem, and left
  // at full weight it pulls every problem of one product into one group. Such terms keep `productTermWeight` of it.
  for (const [p, pdf] of dfByProduct) {
    const np = perProduct.get(p) ?? 0;
    if (np < PRODUCT_TERM_MIN_TICKETS) continue;
    for (const [term, d] of pdf) {
      if (d / np >= PRODUCT_TERM_COVERAGE && d / (df.get(term) ?? d) >= PRODUCT_TERM_SHARE) {
        idf[term] *= options.productTermWeight;
      }
    }
  }
  return { idf, docCount: n, options };
}

/** A product needs this many tickets before its name words can be told apart. */
const PRODUCT_TERM_MIN_TICKETS = 8;
/** …a term in at least this share of the product's tickets… */
const PRODUCT_TERM_COVERAGE = 0.3;
/** …with at least this share of its tickets on that product is taken for the product's name. */
const PRODUCT_TERM_SHARE = 0.6;

// ---------------------------------------------------------------------------------------------------------------
// Groups

/** What a group knows about its members, enough to score a new ticket against it (serializable). */
export interface GroupProfile {
  key: string;
  /** Sum of the members' unit vectors. */
  sum: Record<string, number>;
  size: number;
  products: Record<string, number>;
  categories: Record<string, number>;
}

export interface ProblemGroup {
  key: string;
  ticketIds: string[];
  /** The subject of the ticket closest to the group's centroid. */
  label: string;
  /** Top words of the centroid (stemmed). */
  terms: string[];
}

/**
 * Working state of one group. Every score is an average over pairs of members (average link), and each part of it
 * follows from sums: with unit vectors, mean(u·v) = S_a·S_b / (|a|·|b|); same-product pairs = Σ_p n_a(p)·n_b(p); pairs in
 * different (known) categories = k_a·k_b − Σ_c n_a(c)·n_b(c). So a group never needs its members' pairwise matrix.
 */
class Cluster {
  members: number[] = [];
  products = new Map<string, number>();
  categories = new Map<string, number>();
  /** Members with a known category. */
  withCategory = 0;
  constructor(public sum: Float64Array, public pinKey: string | null) {}
}

/** A ticket vector with integer feature ids (sorted), for fast dot products against dense group sums. */
interface Vec { idx: Int32Array; val: Float64Array }

function dotDense(v: Vec, dense: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.idx.length; i++) s += v.val[i] * dense[v.idx[i]];
  return s;
}

function sparseDot(a: Sparse, b: Sparse): number {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [k, v] of small) { const w = big.get(k); if (w !== undefined) s += v * w; }
  return s;
}

function bump(m: Map<string, number>, k: string | null | undefined, by: number): void {
  if (k == null) return;
  m.set(k, (m.get(k) ?? 0) + by);
}

function addTo(c: Cluster, i: number, v: Vec, t: TicketInput): void {
  for (let j = 0; j < v.idx.length; j++) c.sum[v.idx[j]] += v.val[j];
  c.members.push(i);
  bump(c.products, t.productId, 1);
  bump(c.categories, t.category, 1);
  if (t.category != null) c.withCategory++;
}

/** Sum over member pairs (one from each side) of product bonus − category penalty. */
function metaPairs(
  o: Omit<Opts, 'pinned'>, pa: Map<string, number>, ca: Map<string, number>, ka: number,
  pb: Map<string, number>, cb: Map<string, number>, kb: number,
): number {
  let same = 0;
  for (const [p, n] of pa) same += n * (pb.get(p) ?? 0);
  let sameCat = 0;
  for (const [c, n] of ca) sameCat += n * (cb.get(c) ?? 0);
  return o.productBonus * same - o.categoryPenalty * (ka * kb - sameCat);
}

/** Average-link score of a ticket with a group it is not in. */
function ticketScore(v: Vec, t: TicketInput, c: Cluster, o: Omit<Opts, 'pinned'>): number {
  const meta = metaPairs(o, t.productId != null ? new Map([[t.productId, 1]]) : new Map(),
    t.category != null ? new Map([[t.category, 1]]) : new Map(), t.category != null ? 1 : 0,
    c.products, c.categories, c.withCategory);
  return (dotDense(v, c.sum) + meta) / c.members.length;
}

export interface GroupingResult {
  groups: ProblemGroup[];
  /** Enough to place a new ticket with `assignToGroup` without regrouping. */
  index: { model: ProblemModel; profiles: GroupProfile[] };
}

/** Groups tickets into recurring problems; deterministic and independent of the input order. */
export function groupTickets(tickets: readonly TicketInput[], opts?: GroupingOptions): ProblemGroup[] {
  return clusterTickets(tickets, opts).groups;
}

/** Micro-groups are formed at this average similarity before average-link clustering; see clusterTickets. */
const MICRO_MARGIN = 0.25;

export function clusterTickets(input: readonly TicketInput[], opts?: GroupingOptions): GroupingResult {
  const { pinned, ...o } = resolve(opts);
  const tickets = [...input].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const model = fitModel(tickets, o);
  const sparse = tickets.map((t) => vectorize(t, model));
  const featureIds = new Map<string, number>();
  const vecs: Vec[] = sparse.map((m) => {
    const pairs = [...m].map(([k, v]): [number, number] => {
      let id = featureIds.get(k);
      if (id === undefined) { id = featureIds.size; featureIds.set(k, id); }
      return [id, v];
    }).sort((a, b) => a[0] - b[0]);
    return { idx: Int32Array.from(pairs, (p) => p[0]), val: Float64Array.from(pairs, (p) => p[1]) };
  });
  const dim = featureIds.size;

  // 1. Micro-groups: pinned tickets seed theirs; every other ticket, in id order, joins the micro-group it is most
  //    similar to on average if that reaches threshold + MICRO_MARGIN, else starts one. Near-duplicates collapse
  //    here, which keeps step 2 (quadratic in the number of groups) fast; the high bar keeps the order effect small.
  const micro: Cluster[] = [];
  const byPin = new Map<string, Cluster>();
  tickets.forEach((t, i) => {
    const key = pinned[t.id];
    if (key === undefined) return;
    let c = byPin.get(key);
    if (!c) { c = new Cluster(new Float64Array(dim), key); byPin.set(key, c); micro.push(c); }
    addTo(c, i, vecs[i], t);
  });
  const microBar = o.threshold + MICRO_MARGIN;
  tickets.forEach((t, i) => {
    if (pinned[t.id] !== undefined) return;
    let best: Cluster | null = null, bestScore = microBar;
    for (const c of micro) {
      if (c.pinKey !== null) continue; // a human decided those; only step 2 may add to them, by average link
      const s = ticketScore(vecs[i], t, c, o);
      if (s >= bestScore) { best = c; bestScore = s; }
    }
    if (!best) { best = new Cluster(new Float64Array(dim), null); micro.push(best); }
    addTo(best, i, vecs[i], t);
  });

  // 2. Average-link agglomeration of the micro-groups down to `threshold`.
  const final = refine(averageLink(micro, vecs, o), tickets, vecs, pinned, o);
  const groups = final.map((c) => describe(c, tickets, vecs, featureIds));
  const order = groups.map((_, i) => i).sort((a, b) => groups[b].ticketIds.length - groups[a].ticketIds.length
    || (groups[a].key < groups[b].key ? -1 : 1));
  const names = [...featureIds.keys()];
  return {
    groups: order.map((i) => groups[i]),
    index: { model, profiles: order.map((i) => profile(final[i], groups[i].key, names)) },
  };
}

/**
 * Average-link (UPGMA) clustering with the nearest-neighbour chain algorithm: O(k²) time and memory for k groups,
 * and exact, because average link is reducible. Scores are updated by Lance–Williams (the average of the parts,
 * weighted by size), so only the first k² scores need vectors. Groups pinned to different keys score −∞.
 */
function averageLink(start: Cluster[], vecs: readonly Vec[], o: Omit<Opts, 'pinned'>): Cluster[] {
  const k = start.length;
  const clusters: Array<Cluster | null> = [...start];
  const sim = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    const ca = start[a];
    for (let b = a + 1; b < k; b++) {
      const cb = start[b];
      let s: number;
      if (ca.pinKey !== null && cb.pinKey !== null && ca.pinKey !== cb.pinKey) s = -Infinity;
      else {
        let d = 0;
        const [small, big] = ca.members.length <= cb.members.length ? [ca, cb] : [cb, ca];
        for (const i of small.members) d += dotDense(vecs[i], big.sum);
        s = (d + metaPairs(o, ca.products, ca.categories, ca.withCategory, cb.products, cb.categories, cb.withCategory))
          / (ca.members.length * cb.members.length);
      }
      sim[a * k + b] = s;
      sim[b * k + a] = s;
    }
  }
  const active = new Uint8Array(k).fill(1);
  const done: Cluster[] = [];
  const chain: number[] = [];
  let remaining = k;
  while (remaining > 0) {
    if (chain.length === 0) chain.push(active.indexOf(1));
    const a = chain[chain.length - 1];
    const prev = chain.length >= 2 ? chain[chain.length - 2] : -1;
    // Nearest active neighbour; on a tie the chain's previous element wins (needed for the chain to terminate).
    let b = -1, best = -Infinity;
    for (let c = 0; c < k; c++) {
      if (!active[c] || c === a) continue;
      const s = sim[a * k + c];
      if (s > best || (s === best && c === prev)) { best = s; b = c; }
    }
    if (b === -1 || best < o.threshold) {
      // Scores grow along the chain, so no element of it can reach the threshold with anyone: all are final.
      for (const c of chain) { active[c] = 0; remaining--; done.push(clusters[c]!); }
      chain.length = 0;
      continue;
    }
    if (b !== prev) { chain.push(b); continue; }
    chain.length -= 2;
    const [keep, gone] = a < b ? [a, b] : [b, a];
    const ck = clusters[keep]!, cg = clusters[gone]!;
    const nk = ck.members.length, ng = cg.members.length;
    for (let c = 0; c < k; c++) {
      if (!active[c] || c === keep || c === gone) continue;
      const s = (nk * sim[keep * k + c] + ng * sim[gone * k + c]) / (nk + ng);
      sim[keep * k + c] = s;
      sim[c * k + keep] = s;
    }
    for (let f = 0; f < ck.sum.length; f++) ck.sum[f] += cg.sum[f];
    ck.members.push(...cg.members);
    for (const [p, n] of cg.products) bump(ck.products, p, n);
    for (const [c, n] of cg.categories) bump(ck.categories, c, n);
    ck.withCategory += cg.withCategory;
    ck.pinKey = ck.pinKey ?? cg.pinKey;
    clusters[gone] = null;
    active[gone] = 0;
    remaining--;
  }
  return done;
}

/**
 * A ticket merged early (as part of a micro-group, or before its own group formed) can end up with a group it fits
 * less well than another. Each pass moves every free ticket whose average score with another group beats its
 * leave-one-out score with its own (and reaches the threshold); moves are decided on one snapshot, then applied.
 */
function refine(
  groups: Cluster[], tickets: readonly TicketInput[], vecs: readonly Vec[], pinned: Readonly<Record<string, string>>,
  o: Omit<Opts, 'pinned'>, passes = 5,
): Cluster[] {
  let live = groups;
  for (let pass = 0; pass < passes; pass++) {
    const moves: Array<[number, number, number]> = []; // ticket, from, to
    live.forEach((own, g) => {
      for (const i of own.members) {
        const t = tickets[i];
        if (pinned[t.id] !== undefined) continue;
        let stay = -Infinity;
        if (own.members.length > 1) {
          const self = vecs[i].val.reduce((x, v) => x + v * v, 0) + (t.productId != null ? o.productBonus : 0);
          stay = (ticketScore(vecs[i], t, own, o) * own.members.length - self) / (own.members.length - 1);
        }
        let to = -1, best = Math.max(stay, o.threshold);
        live.forEach((c, h) => {
          if (h === g) return;
          const s = ticketScore(vecs[i], t, c, o);
          if (s > best) { best = s; to = h; }
        });
        if (to !== -1) moves.push([i, g, to]);
      }
    });
    if (moves.length === 0) break;
    for (const [i, from, to] of moves) {
      const v = vecs[i], t = tickets[i], c = live[from];
      for (let j = 0; j < v.idx.length; j++) c.sum[v.idx[j]] -= v.val[j];
      c.members.splice(c.members.indexOf(i), 1);
      bump(c.products, t.productId, -1);
      bump(c.categories, t.category, -1);
      if (t.category != null) c.withCategory--;
      addTo(live[to], i, v, t);
    }
    live = live.filter((c) => c.members.length > 0);
  }
  return live;
}

function describe(c: Cluster, tickets: readonly TicketInput[], vecs: readonly Vec[], featureIds: Map<string, number>): ProblemGroup {
  const ids = c.members.map((i) => tickets[i].id).sort();
  // The most central member (highest mean similarity to the others) names the group; ties go to the smaller index.
  let central = c.members[0], bestDot = -Infinity;
  for (const i of [...c.members].sort((a, b) => a - b)) {
    const d = dotDense(vecs[i], c.sum);
    if (d > bestDot + 1e-12) { bestDot = d; central = i; }
  }
  const terms = [...featureIds].filter(([k]) => k.startsWith('w:') && c.sum[featureIds.get(k)!] > 0)
    .map(([k, id]): [string, number] => [k.slice(2), c.sum[id]])
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5).map(([k]) => k);
  return { key: c.pinKey ?? `pg-${ids[0]}`, ticketIds: ids, label: tickets[central].subject.trim(), terms };
}

function profile(c: Cluster, key: string, names: readonly string[]): GroupProfile {
  const sum: Record<string, number> = {};
  c.sum.forEach((v, f) => { if (v !== 0) sum[names[f]] = v; });
  return {
    key, sum, size: c.members.length,
    products: Object.fromEntries(c.products), categories: Object.fromEntries(c.categories),
  };
}

/**
 * Places a new ticket in the existing group with the best average-link score (the app calls this when a ticket is
 * created), or returns null when none reaches the threshold; the next full regrouping may then start a new group.
 */
export function assignToGroup(
  ticket: TicketInput, index: GroupingResult['index'], threshold = index.model.options.threshold,
): { key: string; score: number } | null {
  const o = index.model.options;
  const vec = vectorize(ticket, index.model);
  const prod = ticket.productId != null ? new Map([[ticket.productId, 1]]) : new Map<string, number>();
  const cat = ticket.category != null ? new Map([[ticket.category, 1]]) : new Map<string, number>();
  let best: { key: string; score: number } | null = null;
  for (const p of index.profiles) {
    const cats = new Map(Object.entries(p.categories));
    const withCategory = [...cats.values()].reduce((x, y) => x + y, 0);
    const meta = metaPairs(o, prod, cat, cat.size, new Map(Object.entries(p.products)), cats, withCategory);
    const s = (sparseDot(vec, new Map(Object.entries(p.sum))) + meta) / p.size;
    if (s >= threshold && (best === null || s > best.score)) best = { key: p.key, score: s };
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------------
// Quality

/**
 * Pairwise precision/recall: over all pairs of tickets, a pair is predicted together when both are in one predicted
 * group and truly together when they have the same label. Tickets missing from `predicted` count as alone.
 * With no predicted (or no true) pairs the corresponding measure is 1 (nothing claimed, nothing wrong).
 */
export function pairwiseScores(
  predicted: readonly (readonly string[])[], truth: ReadonlyMap<string, string>,
): { precision: number; recall: number; f1: number } {
  const pairs = (n: number) => (n * (n - 1)) / 2;
  let predPairs = 0, tp = 0;
  for (const group of predicted) {
    predPairs += pairs(group.length);
    const perLabel = new Map<string, number>();
    for (const id of group) {
      const l = truth.get(id);
      if (l !== undefined) perLabel.set(l, (perLabel.get(l) ?? 0) + 1);
    }
    for (const n of perLabel.values()) tp += pairs(n);
  }
  const perTruth = new Map<string, number>();
  for (const l of truth.values()) perTruth.set(l, (perTruth.get(l) ?? 0) + 1);
  let truePairs = 0;
  for (const n of perTruth.values()) truePairs += pairs(n);
  const precision = predPairs === 0 ? 1 : tp / predPairs;
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
