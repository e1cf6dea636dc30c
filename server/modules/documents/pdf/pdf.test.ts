import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../errors.ts';
import { DEFAULT_PDF_TEMPLATE, renderDocumentPdf, type DocumentPdfInput } from './index.ts';
import { pdfPageCount } from './render.ts';
import { inspectPdf, withoutMarks, type PdfSummary } from './pdf-inspect.ts';
import { sampleInvoiceFa, sampleLogo, sampleQuoteEn, sampleQuoteFa } from './samples.ts';
import { identifier, pdfText, quantityText } from './text.ts';

const segmenter = new Intl.Segmenter('fa', { granularity: 'grapheme' });
/**
 * How a right-to-left phrase (no digits or Latin) is drawn: its graphemes right to left, except that lam + alef is
 * one ligature glyph, whose text stays «لا». Marks and joiners dropped.
 */
function drawn(logical: string): string {
  const units: string[] = [];
  // ZWNJ first: the segmenter would glue it to the letter before it, but it is drawn as a glyph of its own
  for (const { segment } of segmenter.segment(logical.replace(/\u200C/g, ' '))) {
    if (/^[\u0627\u0622\u0623\u0625]/.test(segment) && units.at(-1) === '\u0644') units[units.length - 1] += segment;
    else units.push(segment);
  }
  return withoutMarks(units.reverse().join(''));
}
const textOf = (s: PdfSummary) => withoutMarks(s.pages.join('\n'));

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected the render to fail');
}

describe('renderDocumentPdf', () => {
  let quoteFaPdf: Buffer;
  let quoteFa: PdfSummary;
  let invoiceFa: PdfSummary;
  let quoteEn: PdfSummary;

  beforeAll(async () => {
    quoteFaPdf = await renderDocumentPdf(sampleQuoteFa());
    quoteFa = inspectPdf(quoteFaPdf);
    invoiceFa = inspectPdf(await renderDocumentPdf(sampleInvoiceFa(60)));
    quoteEn = inspectPdf(await renderDocumentPdf(sampleQuoteEn()));
  }, 60_000);

  it('produces a PDF with Vazirmatn (regular and bold) embedded', () => {
    expect(quoteFaPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(quoteFaPdf.subarray(-8).toString('latin1')).toContain('%%EOF');
    expect(quoteFaPdf.includes('/FontFile2')).toBe(true);
    expect(quoteFa.fonts.some((f) => f.endsWith('+Vazirmatn-Regular'))).toBe(true);
    expect(quoteFa.fonts.some((f) => f.endsWith('+Vazirmatn-Bold'))).toBe(true);
    // no fallback font: every glyph came from Vazirmatn
    expect(quoteFa.fonts.every((f) => f.includes('Vazirmatn'))).toBe(true);
  });

  it('fits the 3-line quote on one page and breaks the 60-line invoice across pages, repeating the table header', () => {
    expect(quoteFa.pageCount).toBe(1);
    expect(quoteEn.pageCount).toBe(1);
    expect(invoiceFa.pageCount).toBeGreaterThanOrEqual(2);
    const n = invoiceFa.pageCount;
    invoiceFa.pages.forEach((page, i) => {
      const text = withoutMarks(page);
      expect(text, `page ${i + 1}`).toContain(drawn('شرح کالا یا خدمات'));
      // «صفحهٔ ۲ از ۳», drawn right to left with the numbers in place
      expect(text, `page ${i + 1}`).toContain(`${'۰۱۲۳۴۵۶۷۸۹'[n]} ${drawn('از')} ${'۰۱۲۳۴۵۶۷۸۹'[i + 1]} ${drawn('صفحهٔ')}`);
    });
    // every line is on some page, once: row numbers ۱ … ۶۰ appear, the totals only on the last page
    expect(textOf(invoiceFa)).toContain('۶۰');
    expect(withoutMarks(invoiceFa.pages[n - 1])).toContain(drawn('مبلغ قابل پرداخت'));
    expect(withoutMarks(invoiceFa.pages[0])).not.toContain(drawn('مبلغ قابل پرداخت'));
    expect(withoutMarks(quoteEn.pages[0])).toContain('Page 1 of 1');
  });

  it('numbers the pages of a short document that does not fit on one page', async () => {
    const input = sampleQuoteEn();
    const terms = Array.from({ length: 70 }, (_, i) => `${i + 1}. The buyer accepts the terms of delivery, payment and warranty.`).join('\n');
    const pdf = await renderDocumentPdf({ ...input, terms });
    const summary = inspectPdf(pdf);
    expect(summary.pageCount).toBe(2);
    expect(pdfPageCount(pdf)).toBe(2);
    expect(summary.pages[0]).toContain('Page 1 of 2');
    expect(summary.pages[1]).toContain('Page 2 of 2');
    expect(summary.pages.join('')).not.toContain('of 1');
  });

  it('contains the document number, the title and the buyer name', () => {
    // the fa PDF writes the number's digits in Persian, the prefix as it is, left to right as one piece
    expect(textOf(quoteFa)).toContain('Q-۱۴۰۳-۰۰۴۲');
    expect(textOf(quoteFa)).not.toContain('Q-1403-0042');
    expect(textOf(quoteFa)).toContain(drawn('شرکت بازرگانی نمونه'));
    expect(textOf(quoteFa)).toContain(drawn('پیش‌فاکتور'));
    expect(textOf(invoiceFa)).toContain('INV-۱۴۰۳-۰۰۱۲');
    expect(textOf(invoiceFa)).toContain(drawn('فاکتور فروش'));
    expect(textOf(quoteEn)).toContain('Q-1403-0042');
    expect(textOf(quoteEn)).toContain('Acme Trading Co.');
    expect(textOf(quoteEn)).toContain('Quote');
  });

  it('draws Persian right to left with numbers, codes and Latin words left to right', () => {
    const fa = textOf(quoteFa);
    // label and colon: the colon ends the Persian phrase, so it is drawn on its left
    expect(fa).toContain(drawn('کد اقتصادی:'));
    // a mixed economic code reads as typed, and follows its label in reading order (drawn to its left)
    expect(fa).toContain(`4111-22 ABC ${drawn('کد اقتصادی:')}`);
    expect(fa).toContain(`۱۹۶۶۷۳۳۱۱۱ ${drawn('کد پستی:')}`);
    // a phone number keeps its groups in order (Persian digits in fa)
    expect(fa).toContain('+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷');
    expect(fa).toContain('۰۲۱-۸۸۷۷۶۶۵۵');
    // Jalali dates: 2024-08-02 is 12 Mordad 1403
    expect(fa).toContain('۱۴۰۳/۰۵/۱۲');
    // words of a sentence in right-to-left order, and a ZWNJ word kept whole
    expect(fa).toContain(drawn('تهران، خیابان ولیعصر'));
    expect(fa).toContain(drawn('نصب و راه‌اندازی در محل مشتری'));
    expect(fa).toContain(drawn('انجام می‌شود'));
    // a Latin run inside Persian stays in reading order
    expect(fa).toContain('HP LaserJet Pro');
    expect(fa).toContain(drawn('چاپگر لیزری'));
    // money in Persian digits with the Persian thousands separator
    expect(fa).toContain('۱۸٬۵۰۰٬۰۰۰');
    // and the English quote is plain left-to-right text
    expect(textOf(quoteEn)).toContain('Unit 9, 3rd floor, No. 12');
    expect(textOf(quoteEn)).toContain('18,500,000');
  });

  it('spells the total in words and marks a draft', () => {
    expect(textOf(quoteFa)).toContain(drawn('مبلغ به حروف:'));
    expect(textOf(quoteFa)).toContain(drawn('چهل و پنج میلیون'));
    expect(textOf(quoteFa)).toContain(drawn('پیش‌نویس'));
    expect(textOf(quoteEn)).toContain('forty-five million four hundred seven thousand five hundred toman');
    expect(textOf(quoteEn)).not.toContain('DRAFT');
  });

  it('leaves out what the template hides', async () => {
    const input = sampleQuoteFa();
    const hidden: DocumentPdfInput = {
      ...input,
      template: {
        ...input.template,
        show: {
          economicCode: false, nationalId: false, registrationNumber: false, postalCode: false, address: false,
          phone: false, amountInWords: false, lineCodes: false, signature: false,
        },
      },
    };
    const shown = textOf(quoteFa);
    const text = textOf(inspectPdf(await renderDocumentPdf(hidden)));
    const checks: Array<[string, string]> = [
      ['economic code', drawn('کد اقتصادی:')], ['economic code value', '4111-22 ABC'],
      ['national id', drawn('شناسهٔ ملی:')], ['national id value', '۱۰۱۰۳۴۵۶۷۸۹'],
      ['registration', drawn('شمارهٔ ثبت:')], ['postal code', drawn('کد پستی:')], ['phone', '۰۲۱-۸۸۷۷۶۶۵۵'],
      ['address', drawn('نشانی:')], ['address value', drawn('تهران، خیابان ولیعصر')],
      ['amount in words', drawn('مبلغ به حروف:')], ['line code', 'PRN-4020'], ['code column', drawn('کد کالا')],
      ['signature', drawn('مهر و امضای فروشنده')],
    ];
    for (const [what, s] of checks) {
      expect(shown, `${what} is shown by default`).toContain(s);
      expect(text, `${what} is hidden`).not.toContain(s);
    }
    // what is never hidden
    expect(text).toContain(drawn('شرکت بازرگانی نمونه'));
    expect(text).toContain('Q-۱۴۰۳-۰۰۴۲');
  });

  it('embeds the logo, and works without one', async () => {
    expect(quoteFa.imageCount).toBe(1);
    const input = sampleQuoteEn();
    const plain = inspectPdf(await renderDocumentPdf({ ...input, template: DEFAULT_PDF_TEMPLATE }));
    expect(plain.imageCount).toBe(0);
    expect(textOf(plain)).toContain('Acme Trading Co.');
  });

  it('rejects a bad logo with a clear validation error', async () => {
    const input = sampleQuoteEn();
    const withLogo = (data: Buffer, mime: 'image/png' | 'image/jpeg') => renderDocumentPdf({ ...input, template: { ...input.template, logo: { data, mime } } });
    const good = sampleLogo();
    const cases: Array<[Buffer, 'image/png' | 'image/jpeg']> = [
      [Buffer.from('this is not an image, just some text'), 'image/png'],
      [good, 'image/jpeg'], // a PNG sent as JPEG
      [Buffer.concat([good.subarray(0, 33), Buffer.from('corrupt image data follows the header ....')]), 'image/png'],
      [Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...new Array(40).fill(0)]), 'image/jpeg'],
      [Buffer.alloc(0), 'image/png'],
    ];
    for (const [data, mime] of cases) {
      const err = await rejection(withLogo(data, mime));
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.message).toMatch(/logo/i);
    }
  });

  it('rejects colours, dates and quantities it cannot draw', async () => {
    const input = sampleQuoteEn();
    expect((await rejection(renderDocumentPdf({ ...input, template: { ...input.template, primaryColor: 'blue' } }))).message).toMatch(/primaryColor/);
    expect((await rejection(renderDocumentPdf({ ...input, issueDate: '2024-02-30' }))).message).toMatch(/issueDate/);
    expect((await rejection(renderDocumentPdf({ ...input, dueDate: '1403/05/12' }))).message).toMatch(/dueDate/);
    const lines = input.lines.map((l, i) => (i === 1 ? { ...l, quantity: '1,5' } : l));
    expect((await rejection(renderDocumentPdf({ ...input, lines }))).message).toMatch(/Line 2/);
  });

  it('renders a cancelled English credit note with negative amounts', async () => {
    const input = sampleQuoteEn();
    const neg = (v: bigint) => -v;
    const credit: DocumentPdfInput = {
      ...input, kind: 'credit_note', status: 'cancelled', number: 'CN-0007',
      lines: input.lines.map((l) => ({ ...l, quantity: `-${l.quantity}`, total: neg(l.total), tax: neg(l.tax), discount: neg(l.discount) })),
      totals: { ...input.totals, subtotal: neg(input.totals.subtotal), grandTotal: -1_234_560n, taxes: [], fees: [] },
    };
    const text = textOf(inspectPdf(await renderDocumentPdf(credit)));
    expect(text).toContain('Credit note');
    expect(text).toContain('CANCELLED');
    expect(text).toContain('\u2212123,456 Toman');
    expect(text).toContain('\u22122');
    expect(text).toContain('minus one hundred twenty-three thousand four hundred fifty-six toman');
  });

  it('titles a Persian credit note and shows a paid invoice', async () => {
    const input = sampleQuoteFa();
    const credit = textOf(inspectPdf(await renderDocumentPdf({ ...input, kind: 'credit_note', status: undefined })));
    expect(credit).toContain(drawn('اعلامیهٔ بستانکاری'));
    expect(credit).not.toContain(drawn('پیش‌نویس'));
    const paid = textOf(inspectPdf(await renderDocumentPdf({ ...input, kind: 'invoice', status: 'paid' })));
    expect(paid).toContain(drawn('پرداخت‌شده'));
  });
});

describe('rendering many documents in one process', () => {
  // fontkit caches glyphs with the code points of their first use; without the fix in fonts.ts, documents rendered
  // after others broke lines inside words and carried a wrong text layer (this title was the first casualty).
  it('gives the same text the tenth time as the first', async () => {
    const credit = { ...sampleQuoteFa(), kind: 'credit_note' as const, status: undefined };
    const first = inspectPdf(await renderDocumentPdf(credit)).runs;
    for (const input of [sampleInvoiceFa(12), sampleQuoteEn(), sampleQuoteFa(), { ...sampleQuoteEn(), locale: 'fa' as const }]) {
      await renderDocumentPdf(input);
    }
    const again = inspectPdf(await renderDocumentPdf(credit)).runs;
    expect(again).toEqual(first);
    expect(withoutMarks(again[0].join(''))).toContain(drawn('اعلامیهٔ بستانکاری'));
    expect(withoutMarks(again[0].join(''))).toContain(drawn('فروش'));
  });
});

describe('pdf text preparation', () => {
  it('maps isolates, which the font cannot draw, to embeddings it can, and drops control characters', () => {
    expect(pdfText('a\u2066b\u2069c\u2067d\u2069\u2068e')).toBe('a\u202Ab\u202Cc\u202Bd\u202Ce');
    expect(pdfText('x\u061Cy\u0007z\tw')).toBe('x\u200Fyz w');
    expect(pdfText(undefined)).toBe('');
  });

  it('keeps digit groups joined by separators reading left to right', () => {
    expect(pdfText('تلفن: 021-88776655.')).toBe('تلفن: \u200E021-88776655\u200E.');
    expect(pdfText('شماره ۰۹۱۲ ۱۲۳ ۴۵۶۷')).toBe('شماره \u200E۰۹۱۲ ۱۲۳ ۴۵۶۷\u200E');
    expect(pdfText('۱۲ عدد')).toBe('۱۲ عدد');
  });

  it('gives numeric identifiers Persian digits in fa and leaves codes with letters as typed', () => {
    expect(identifier('0012345678', 'fa')).toBe('\u200E۰۰۱۲۳۴۵۶۷۸\u200E');
    expect(identifier('4111-22 ABC', 'fa')).toBe('\u200E4111-22 ABC\u200E');
    expect(identifier('0012345678', 'en')).toBe('0012345678');
  });

  it('writes quantities without floats', () => {
    expect(quantityText('1.5', 'fa')).toBe('۱٫۵');
    expect(quantityText('0.1', 'en')).toBe('0.1');
    expect(quantityText('-2', 'fa')).toBe('\u200E\u2212۲');
    expect(() => quantityText('1e3', 'en')).toThrow();
  });
});
