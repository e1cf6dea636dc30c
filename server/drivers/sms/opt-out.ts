/**
 * Opt-out and opt-in replies. Iranian operators require «لغو۱۱» in promotional SMS and treat a reply of «۱۱» or «لغو»
 * as unsubscribe; Twilio's standard keywords are STOP, UNSUBSCRIBE, CANCEL, END, QUIT (and START to come back).
 * The whole reply must be the keyword — «لغو سفارش» is a request about an order, not an opt-out — after normalizing
 * digits and Arabic/Persian letters, case, spaces, ZWNJ and punctuation.
 */
import { faNorm } from '../../../common/fa-normalize.ts';

const OPT_OUT = new Set([
  'لغو', 'لغو11', '11', 'انصراف', 'لغوعضویت', 'عضویتلغو', 'توقف',
  'stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'optout', 'revoke',
]);

const OPT_IN = new Set(['شروع', 'عضویت', 'start', 'unstop', 'subscribe']);

/** The reply reduced to its letters and digits: «لغو ۱۱!» → «لغو11», « Stop. » → «stop». */
function keyOf(text: string): string {
  return faNorm(text).replace(/[\s\p{P}\p{S}]/gu, '');
}

export function isOptOut(text: string): boolean {
  return OPT_OUT.has(keyOf(text));
}

export function isOptIn(text: string): boolean {
  return OPT_IN.has(keyOf(text));
}
