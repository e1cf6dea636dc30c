/**
 * English nouns that agree with their number ("1 ticket", "3 tickets") for server-written English text. Persian needs
 * none: a noun after a number stays singular there. (The web app picks its forms through i18next's _one/_other keys.)
 */
const EN = new Intl.PluralRules('en');

/** The form of the noun for `n`: `one` for exactly 1, `other` for 0, 2, 1.5 … */
export const plural = (n: number, one: string, other: string): string => (EN.select(n) === 'one' ? one : other);

/** The number and its noun: countOf(1, 'ticket', 'tickets') → "1 ticket". */
export const countOf = (n: number, one: string, other: string): string => `${n} ${plural(n, one, other)}`;
