/**
 * How many SMS parts a text costs. A text that fits the GSM 03.38 alphabet is sent as GSM-7 (160 septets in one part,
 * 153 per part when concatenated, the rest is the UDH); anything else — every Persian text — goes as UCS-2
 * (70 UTF-16 code units in one part, 67 per part). Gateways bill per part, so the composer shows this count.
 */

/** The GSM 03.38 default alphabet (one septet each). ESC (0x1B) is left out: it only introduces the extension table. */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** The extension table: ESC + the character, two septets each. */
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsParts {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2): the unit the per-part limit is counted in. */
  chars: number;
  /** Parts the text is billed as; 0 for an empty text. */
  parts: number;
  /** The capacity of one part at this length: 160/70 for a single part, 153/67 once concatenated. */
  perPart: number;
}

const LIMITS: Record<SmsEncoding, { single: number; multi: number }> = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
};

export function isGsm7(text: string): boolean {
  for (const ch of text) {
    if (!GSM_BASIC.has(ch) && !GSM_EXTENDED.has(ch)) return false;
  }
  return true;
}

/**
 * Parts for a text. A two-unit symbol (an escaped GSM character, a UTF-16 surrogate pair such as an emoji) is never
 * split across two parts, as phones and gateways do, so a long text can need one part more than chars / perPart.
 */
export function smsParts(text: string): SmsParts {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  // The width of each symbol in the unit of its encoding.
  const widths: number[] = [];
  for (const ch of text) {
    if (encoding === 'GSM-7') widths.push(GSM_EXTENDED.has(ch) ? 2 : 1);
    else widths.push(ch.length); // 1, or 2 for a character outside the BMP
  }
  const chars = widths.reduce((a, b) => a + b, 0);
  const { single, multi } = LIMITS[encoding];
  if (chars === 0) return { encoding, chars, parts: 0, perPart: single };
  if (chars <= single) return { encoding, chars, parts: 1, perPart: single };
  let parts = 1;
  let used = 0;
  for (const w of widths) {
    if (used + w > multi) {
      parts += 1;
      used = 0;
    }
    used += w;
  }
  return { encoding, chars, parts, perPart: multi };
}
