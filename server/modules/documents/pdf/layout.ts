/** Direction-aware layout helpers: one set of components draws both the right-to-left and the left-to-right page. */
import type { Style } from '@react-pdf/types';
import type { Locale } from './text.ts';

export type Dir = {
  locale: Locale;
  rtl: boolean;
  /** flexDirection of a row whose first child sits at the reading start (right in fa). */
  row: 'row' | 'row-reverse';
  start: 'left' | 'right';
  end: 'left' | 'right';
  direction: 'ltr' | 'rtl';
};

export function dirOf(locale: Locale): Dir {
  const rtl = locale === 'fa';
  return {
    locale,
    rtl,
    row: rtl ? 'row-reverse' : 'row',
    start: rtl ? 'right' : 'left',
    end: rtl ? 'left' : 'right',
    direction: rtl ? 'rtl' : 'ltr',
  };
}

/**
 * Every Text gets an explicit direction and alignment: react-pdf 4 places an rtl Text that has no textAlign at the
 * far end of its row container (seen in rendering), so alignment is never left to the default.
 */
export function textStyle(dir: Dir, align: 'start' | 'end' | 'center'): Style {
  return { direction: dir.direction, textAlign: align === 'center' ? 'center' : dir[align] };
}

/** Mixes a hex colour with white: tint("#1f4e79", 0.9) is a pale version for backgrounds. */
export function tint(hex: string, amount: number): string {
  const [r, g, b] = hexToRgb(hex);
  const mix = (c: number) => Math.round(c + (255 - c) * amount).toString(16).padStart(2, '0');
  return `#${mix(r)}${mix(g)}${mix(b)}`;
}

export function hexToRgb(hex: string): [number, number, number] {
  let h = hex.trim().replace(/^#/, '');
  if (h.length === 3) h = h.split('').map((c) => c + c).join('');
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

export const HEX_COLOR = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
