/**
 * Text normalization for recurring-problem grouping (server/analytics/problem-groups.ts): Persian as customers type it
 * (colloquial verb endings, half-spaces written as spaces or left out, Arabic-keyboard letters) and English mixed in.
 * Everything here is general Persian/English morphology, written from knowledge of the language, not from the
 * labelled tickets; docs/decisions.md ("Recurring problems") lists what it does and does not cover.
 *
 * Pipeline of `contentWords`: `faNorm` (ی/ک, digits, case, ZWNJ → space); a verb prefix or a plural/pronoun suffix
 * set apart by a half-space or a space is glued back (می‌کنه, می کنه → میکنه; ظرف‌ها, ظرف ها → ظرفها); verbs with the
 * می/نمی prefix are reduced to their present stem with the colloquial stems mapped to the written ones (میمونه,
 * می‌ماند, میمانند → مان; میاد, می‌آید → آ); nouns and adjectives lose one plural, one pronoun clitic and one ی;
 * English words lose -s/-ing/-ed; function words and light verbs (کن, شو, دار, ده…) are dropped.
 */
import { faNorm } from '../../common/fa-normalize.ts';

/** Function words, Persian and English, after normalization (prefixes glued, so "نمی‌کند" is "نمیکند"). */
const STOP_WORDS = new Set([
  // Persian: prepositions, conjunctions, pronouns, determiners, adverbs of no topic, greetings and politeness
  'و', 'در', 'به', 'از', 'که', 'این', 'ان', 'اون', 'را', 'رو', 'با', 'برای', 'بر', 'یک', 'یه', 'تو', 'توی', 'هم',
  'من', 'ما', 'شما', 'او', 'ایشان', 'انها', 'اونها', 'اونا', 'اینها', 'اینا', 'ها', 'های', 'هایی', 'ای', 'ام', 'خود',
  'خودم', 'خودش', 'ولی', 'اما', 'اگر', 'اگه', 'تا', 'هر', 'چی', 'چه', 'همه', 'خیلی', 'اصلا', 'دیگه', 'دیگر', 'چون',
  'اینکه', 'همون', 'همین', 'همان', 'ایا', 'الان', 'فقط', 'حتی', 'انگار', 'شاید', 'مثل', 'مثلا', 'چند', 'بار', 'روز',
  'نه', 'یا', 'پیش', 'چیکار', 'چطوری', 'چطور', 'چرا', 'کجا', 'کی', 'وقتی', 'وقت', 'هنوز', 'هیچ', 'بعد',
  'قبل', 'بین', 'می', 'نمی', 'مگه', 'مگر', 'پس', 'بله', 'اره', 'نیز', 'یعنی', 'البته', 'ضمنا', 'واقعا', 'حدود',
  'سلام', 'لطفا', 'ممنون', 'مرسی', 'تشکر', 'متشکرم', 'بخیر', 'خسته', 'نباشید', 'باتشکر', 'درود', 'عزیز', 'جان',
  // Persian: forms of the light verbs, copulas and auxiliaries that stay whole (past tense, participles)
  'است', 'هست', 'هستش', 'هستم', 'هستیم', 'هستند', 'نیست', 'نیستش', 'بود', 'بودم', 'بودیم', 'بودند', 'باشد', 'باشه',
  'شد', 'شده', 'شدم', 'شدیم', 'شدند', 'نشد', 'نشده', 'شود', 'شوند', 'بشه', 'بشود', 'کرد', 'کرده', 'کردم', 'کردیم',
  'کردن', 'کردند', 'کردید', 'نکرد', 'نکرده', 'کنم', 'کنه', 'کنن', 'کنید', 'کنیم', 'کند', 'کنند', 'بکنم', 'بکنید',
  'دارد', 'دارم', 'داریم', 'دارند', 'داره', 'دارن', 'ندارد', 'نداره', 'ندارم', 'داشت', 'داشتم', 'دهد', 'داد', 'دادم',
  'دادن', 'داده', 'بدهید', 'بدید', 'بده', 'گردد', 'گردید', 'نمود', 'نموده', 'خواهد', 'بتوانم',
  // English
  'the', 'a', 'an', 'is', 'are', 'was', 'were', 'be', 'been', 'am', 'not', 'no', 'my', 'me', 'i', 'we', 'our', 'you',
  'your', 'on', 'in', 'at', 'to', 'of', 'and', 'or', 'but', 'from', 'hi', 'hello', 'it', 'its', 'this', 'that', 'up',
  'does', 'doe', 'do', 'did', 'doesn', 'didn', 'don', 'isn', 'can', 'cannot', 'won', 't', 's', 'with', 'for', 'please',
  'thanks', 'problem', 'issue', 'still', 'any', 'again', 'very', 'has', 'have', 'had', 'get', 'got',
]);

/**
 * Present stems of verbs that carry no problem of their own ("does", "becomes", "has", "gives", "is", "can", "will"):
 * کردن, شدن, داشتن, دادن, بودن, گشتن (formal "becomes"), توانستن, خواستن.
 */
const LIGHT_VERB_STEMS = new Set(['کن', 'شو', 'دار', 'ده', 'باش', 'گرد', 'توان', 'خواه']);

/**
 * Colloquial present stems → written ones: the spoken shortenings of the most common verbs (میشه ← می‌شود, میده ←
 * می‌دهد, میره ← می‌رود, میگه ← می‌گوید, میاد ← می‌آید, میاره ← می‌آورد, میذاره ← می‌گذارد) and the spoken ā → u
 * before n (میمونه ← می‌ماند, میتونه ← می‌تواند, میدونه ← می‌داند, میخونه ← می‌خواند, میرسونه ← می‌رساند).
 */
const COLLOQUIAL_STEMS = new Map([
  ['ش', 'شو'], ['د', 'ده'], ['ر', 'رو'], ['گ', 'گو'], ['ا', 'ا'], ['ای', 'ا'], ['ار', 'اور'], ['ذار', 'گذار'],
  ['مون', 'مان'], ['تون', 'توان'], ['دون', 'دان'], ['خون', 'خوان'], ['رسون', 'رسان'], ['گذرون', 'گذران'],
  ['شور', 'شوی'], ['خوا', 'خواه'],
]);

/** Person endings of the present tense, written and spoken (ه for د, ن for ند, ین for ید), longest first. */
const PERSON_ENDINGS = ['ند', 'ید', 'یم', 'ین', 'ن', 'ه', 'د', 'م', 'ی'];

/**
 * The present stem of a verb written with the durative prefix می/نمی (glued by `normalizedWords`), or null if
 * the word does not look like one. Negation is dropped: "doesn't drain" and "drains" are the same topic.
 */
export function verbStem(word: string): string | null {
  let rest: string;
  if (word.startsWith('نمی')) rest = word.slice(3);
  else if (word.startsWith('می')) rest = word.slice(2);
  else return null;
  if (rest.length < 2 && !COLLOQUIAL_STEMS.has(rest)) return null; // میز, میخ: nouns
  if (rest === 'شوید') return 'شوی'; // "washes", far more common in a ticket than "you become"
  for (const e of PERSON_ENDINGS) {
    if (!rest.endsWith(e)) continue;
    const s = rest.slice(0, -e.length);
    // ماند, تواند, خواند: ن belongs to the stem (3rd person د), not to the plural ند.
    if (e === 'ند' && /[ای]$/.test(s)) continue;
    if (s.length >= 2 || COLLOQUIAL_STEMS.has(s)) return COLLOQUIAL_STEMS.get(s) ?? s;
  }
  return COLLOQUIAL_STEMS.get(rest) ?? rest;
}

/** Suffixes, longest first within each class; a suffix comes off only if `min` letters remain. */
const PLURAL_SUFFIXES: ReadonlyArray<readonly [string, number]> = [['هایی', 2], ['های', 2], ['ها', 2], ['ترین', 3]];
const CLITIC_SUFFIXES: ReadonlyArray<readonly [string, number]> = [
  ['مان', 3], ['تان', 3], ['شان', 3], ['اش', 3], ['ام', 3], ['م', 3], ['ش', 3],
];

/**
 * A light Persian stemmer: a verb with می/نمی becomes its present stem (`verbStem`); any other word loses one plural
 * (ها/های), one pronoun clitic (م/ش/ام/اش/مان…) and one ی. Each strip keeps at least 3 letters (2 for ها), so short
 * roots such as گرم, مکش, سرد survive. It over-stems some words (نمایش → نمای); that is fine as long as it does so the
 * same way every time, and the character n-grams carry what it gets wrong. English words lose -s, -ing and -ed.
 */
export function stem(word: string): string {
  if (/^[a-z]+$/.test(word)) return stemEnglish(word);
  const v = verbStem(word);
  if (v !== null) return v;
  let w = word;
  for (const list of [PLURAL_SUFFIXES, CLITIC_SUFFIXES]) {
    for (const [s, min] of list) {
      if (w.endsWith(s) && w.length - s.length >= min) { w = w.slice(0, -s.length); break; }
    }
  }
  if (w.endsWith('ی') && w.length >= 4) w = w.slice(0, -1);
  return w;
}

function stemEnglish(w: string): string {
  let s = w;
  if (s.length > 4 && s.endsWith('ies')) s = `${s.slice(0, -3)}y`;
  else if (s.length > 4 && /(sh|ch|x|ss)es$/.test(s)) s = s.slice(0, -2);
  else if (s.length > 3 && s.endsWith('s') && !/(ss|us|is)$/.test(s)) s = s.slice(0, -1);
  for (const suffix of ['ing', 'ed']) {
    if (s.length - suffix.length >= 3 && s.endsWith(suffix)) {
      s = s.slice(0, -suffix.length);
      if (/([b-df-hj-np-tv-z])\1$/.test(s) && !/(ll|ss)$/.test(s)) s = s.slice(0, -1); // dripping → drip
      break;
    }
  }
  return s;
}

/** Words typed apart that belong to the previous word: plural and pronoun suffixes after a half-space typed as space. */
const GLUE_TO_PREVIOUS = new Set(['ها', 'های', 'هایی', 'هاش', 'هام', 'هامون', 'اش', 'ام', 'تر', 'ترین']);
/** …and the verb prefixes that belong to the next word. */
const GLUE_TO_NEXT = new Set(['می', 'نمی']);

const PERSIAN_WORD = /^\p{Script=Arabic}+$/u;

/**
 * Normalized words of a text, before stop words and stemming: `faNorm`, letters and digits only, split
 * prefixes and suffixes glued back, and the spoken forms of "came" (اومد, نیومد) written as آمد, نیامد.
 */
export function normalizedWords(text: string): string[] {
  const t = faNorm(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    // Persian letters glued to digits ("ای21") are two words; a Latin letter + digits is an error code: "e 21" → "e21".
    .replace(/(\p{Script=Arabic})(\d)/gu, '$1 $2').replace(/(\d)(\p{Script=Arabic})/gu, '$1 $2')
    .replace(/\b([a-z]) ?(\d{1,3})\b/g, '$1$2');
  const out: string[] = [];
  for (const w of t.split(' ')) {
    if (w.length === 0) continue;
    const prev = out.length > 0 ? out[out.length - 1] : null;
    if (prev !== null && GLUE_TO_PREVIOUS.has(w) && PERSIAN_WORD.test(prev) && !GLUE_TO_NEXT.has(prev)) {
      out[out.length - 1] = prev + w;
    } else if (prev !== null && GLUE_TO_NEXT.has(prev) && PERSIAN_WORD.test(w)) {
      out[out.length - 1] = prev + w;
    } else out.push(w);
  }
  return out.map((w) => w.replace(/^اومد/, 'امد').replace(/^نیومد/, 'نیامد'));
}

/**
 * The words a set of texts uses (after `normalizedWords`): the evidence for `contentWords` to undo a spelling only
 * when the result is a word someone else wrote.
 */
export function attestedWords(texts: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const t of texts) for (const w of normalizedWords(t)) words.add(w);
  return words;
}

/**
 * Endings a spoken or sloppy spelling adds to a word, each removed only if what remains is itself an attested word
 * of at least `min` letters: the spoken copula (خرابه = خراب است, کمه), the spoken plural ا (لباسا, ظرفا), the spoken
 * pronoun clitics (یخچالمون, پولش), the indefinite/adjective ی (برقی), and the written plural and clitics.
 */
const ATTESTED_SUFFIXES: ReadonlyArray<readonly [string, number]> = [
  ['هایی', 2], ['های', 2], ['ها', 2], ['مون', 3], ['تون', 3], ['شون', 3], ['مان', 3], ['تان', 3], ['شان', 3],
  ['اش', 3], ['ام', 3], ['ه', 3], ['ا', 3], ['م', 3], ['ش', 3], ['ی', 3],
];

/**
 * A word brought to an attested base: the negative prefix ن of a verb (نرسیده → رسیده) and up to two endings of
 * ATTESTED_SUFFIXES come off when the remainder is in `words`. Without evidence a word is left as it is, so a rule
 * never invents a conflation the texts do not support (نصاب stays, because nobody wrote صاب).
 */
export function attestedBase(word: string, words: ReadonlySet<string>): string {
  if (!PERSIAN_WORD.test(word)) return word;
  let w = word;
  if (w.startsWith('ن') && w.length - 1 >= 4 && words.has(w.slice(1))) w = w.slice(1);
  for (let round = 0; round < 2; round++) {
    let next: string | null = null;
    for (const [suffix, min] of ATTESTED_SUFFIXES) {
      if (w.endsWith(suffix) && w.length - suffix.length >= min && words.has(w.slice(0, -suffix.length))) {
        next = w.slice(0, -suffix.length);
        break;
      }
    }
    if (next === null) break;
    w = next;
  }
  return w;
}

/**
 * Words of one compound typed with and without a space or half-space (لباس شویی / لباسشویی, جارو برقی / جاروبرقی):
 * two neighbours are joined when the joined form is attested.
 */
function joinAttested(tokens: string[], words: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const a = tokens[i], b = tokens[i + 1];
    if (b !== undefined && PERSIAN_WORD.test(a) && PERSIAN_WORD.test(b) && words.has(a + b)) { out.push(a + b); i++; }
    else out.push(a);
  }
  return out;
}

/**
 * Content words of a text: normalized, stop words, light verbs and long numbers (order numbers) dropped, stemmed.
 * With `words` (the attested words of the tickets being grouped, see `attestedWords`), compounds are joined and
 * spoken endings removed where the texts attest the result.
 */
export function contentWords(text: string, words?: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const tokens = words ? joinAttested(normalizedWords(text), words) : normalizedWords(text);
  for (const raw of tokens) {
    if (STOP_WORDS.has(raw) || /^\d{5,}$/.test(raw)) continue;
    const v = verbStem(raw);
    if (v !== null && LIGHT_VERB_STEMS.has(v)) continue;
    const w = words && v === null ? attestedBase(raw, words) : raw;
    if (STOP_WORDS.has(w)) continue;
    const s = stem(w);
    if (s.length < 2 || STOP_WORDS.has(s)) continue;
    out.push(s);
    // "E21" is also written "ارور ۲۱": the number alone is a second feature.
    const code = /^[a-z](\d{1,3})$/.exec(s);
    if (code) out.push(code[1]);
  }
  return out;
}
