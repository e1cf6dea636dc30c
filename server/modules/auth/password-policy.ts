/**
 * Whether a new password may be set (docs/decisions.md, "Passwords"): 12 to 256 characters, and not guessable —
 * zxcvbn-ts with its common-password dictionaries and a Persian word list must estimate at least 10^8 guesses (its
 * score 3), and once the user's own name and email, the product's name or a mobile number are taken out, what is left
 * must be strong on its own.
 * A password typed in Persian is also read as the Latin keys pressed, and Persian digits as ASCII ones.
 */
import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { AppError } from '../../errors.ts';
import { fixArabicLetters, toLatinDigits } from '../../../common/fa-normalize.ts';
import { PASSWORD_MAX, PASSWORD_MIN, PASSWORD_PROBLEMS, type PasswordProblem } from '../../../common/password-policy.ts';
import { PERSIAN_WEAK_WORDS, PRODUCT_WORDS, persianKeysToLatin } from './password-words.ts';

/** zxcvbn's score 3: "safely unguessable", ≥ 10^8 guesses. */
const MIN_SCORE = 3;
/**
 * What is left of a password once the known words are taken out must reach score 4 (≥ 10^10) on its own: the known
 * part hands the attacker the password's shape ("sara-pass-123" for Sara), so a margin is asked for it.
 */
const MIN_REST_SCORE = 4;

let factory: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  // Built on first use (~50 ms): the dictionaries are large and most processes never set a password.
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, persian: PERSIAN_WEAK_WORDS },
    graphs: common.adjacencyGraphs,
    // Off: matching every near-miss of 50,000 words costs 100–300 ms a check, on the thread serving everyone.
    useLevenshteinDistance: false,
  });
  return factory;
}

/** The words a password must not be built from: the email's parts and the name's. */
function personalWords(who: { email?: string; name?: string }): string[] {
  const out = new Set<string>();
  const add = (w: string) => {
    const v = w.trim().toLowerCase();
    if (v.length >= 3) { out.add(v); out.add(persianKeysToLatin(v)); }
  };
  if (who.email) {
    const [local, domain = ''] = who.email.toLowerCase().split('@');
    add(local);
    for (const part of local.split(/[._+-]+/)) add(part);
    // The organization's domain (acme in acme.co.ir) but not the endings every address has.
    for (const label of domain.split('.').slice(0, -1)) if (!['co', 'com', 'ac', 'org', 'net', 'gov'].includes(label)) add(label);
  }
  for (const part of fixArabicLetters(who.name ?? '').split(/[\s\u200c]+/)) add(part);
  return [...out];
}

const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Iranian mobile numbers in any common spelling: 0912…, 912…, 98912…, +98912… */
const MOBILE = /(?:\+?98|0)?9\d{9}/;

/** The forms of a password an attacker would try: as typed, with Persian digits as ASCII, and as the keys pressed. */
function variants(password: string): string[] {
  const typed = toLatinDigits(fixArabicLetters(password.normalize('NFKC')));
  return [...new Set([password, typed, persianKeysToLatin(typed)])];
}

function weakest(passwords: string[], inputs: string[]): ZxcvbnResult {
  let worst: ZxcvbnResult | undefined;
  for (const p of passwords) {
    const r = zxcvbn().check(p, inputs);
    if (!worst || r.guesses < worst.guesses) worst = r;
  }
  return worst!;
}

/** What is wrong with a new password, or null when it may be set. */
export function passwordProblem(password: string, who: { email?: string; name?: string } = {}): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'tooShort';
  if (length > PASSWORD_MAX) return 'tooLong';
  const personal = personalWords(who);
  const inputs = [...personal, ...PRODUCT_WORDS];
  const forms = variants(password);
  // What an attacker knows or tries first — the product's name, the user's name or email, a mobile number — in any
  // form of the password.
  const known = new RegExp([...PRODUCT_WORDS, ...personal].sort((a, b) => b.length - a.length).map(escape).join('|') + '|' + MOBILE.source, 'giu');
  const found = forms.flatMap((f) => f.toLowerCase().match(known) ?? []);
  const because = (): PasswordProblem | null =>
    found.some((w) => PRODUCT_WORDS.includes(w)) ? 'product' : found.some((w) => personal.includes(w)) ? 'personal' : found.length ? 'phone' : null;

  const whole = weakest(forms, inputs);
  if (whole.score < MIN_SCORE) {
    // zxcvbn's own matches also see known words in l33t spelling ("s4r4").
    const words = whole.sequence.filter((m) => m.pattern === 'dictionary') as { dictionaryName: string; matchedWord: string }[];
    const mine = words.filter((m) => m.dictionaryName === 'userInputs').map((m) => m.matchedWord);
    found.push(...mine);
    return because() ?? (words.some((m) => m.dictionaryName === 'passwords-common' || m.dictionaryName === 'persian') ? 'common' : 'weak');
  }
  // zxcvbn still credits the characters around known material, so what is left without it must be strong on its own.
  for (const form of forms) {
    const rest = form.toLowerCase().replace(known, '');
    if (rest !== form.toLowerCase() && !(rest && weakest([rest], inputs).score >= MIN_REST_SCORE)) return because();
  }
  return null;
}

/** Throws a 400 naming `field` and the problem (the web app shows it in the user's language). */
export function assertAcceptablePassword(password: string, who: { email?: string; name?: string }, field = 'password'): void {
  const problem = passwordProblem(password, who);
  if (problem) throw new AppError('VALIDATION_FAILED', `Password refused: ${PASSWORD_PROBLEMS[problem]}`, { [field]: PASSWORD_PROBLEMS[problem] });
}
