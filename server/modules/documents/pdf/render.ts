/** renderDocumentPdf: checks the input, then lays out and renders the PDF with react-pdf. */
import { createElement, type ReactElement } from 'react';
import resolveImage from '@react-pdf/image';
import { renderToBuffer, type DocumentProps } from '@react-pdf/renderer';
import { invalid } from '../../../errors.ts';
import { DocumentPdf } from './document-pdf.tsx';
import { ensurePdfFonts } from './fonts.ts';
import { HEX_COLOR } from './layout.ts';
import type { DocumentPdfInput } from './pdf.types.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isValidIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(s + 'T00:00:00Z');
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * A logo must be what its mime type says and must decode. react-pdf itself only logs an image it cannot decode and
 * leaves it out, so the logo is decoded here first, with the same decoder, to give the caller a clear error instead.
 */
export async function checkLogo(logo: NonNullable<DocumentPdfInput['template']['logo']>): Promise<void> {
  const { data, mime } = logo;
  if (!Buffer.isBuffer(data) || data.length < 24) throw invalid('The logo image is empty or truncated', { field: 'template.logo' });
  if (mime === 'image/png') {
    if (!data.subarray(0, 8).equals(PNG_SIGNATURE) || data.toString('latin1', 12, 16) !== 'IHDR') {
      throw invalid('The logo is not a valid PNG image', { field: 'template.logo' });
    }
    if (data.readUInt32BE(16) === 0 || data.readUInt32BE(20) === 0) throw invalid('The logo PNG has no pixels', { field: 'template.logo' });
  } else if (mime === 'image/jpeg') {
    if (data[0] !== 0xff || data[1] !== 0xd8 || data[2] !== 0xff) throw invalid('The logo is not a valid JPEG image', { field: 'template.logo' });
  } else {
    throw invalid('The logo must be a PNG or JPEG image', { field: 'template.logo' });
  }
  try {
    await resolveImage({ data, format: mime === 'image/png' ? 'png' : 'jpg' });
  } catch (err) {
    throw invalid(`The logo image could not be read (${(err as Error).message})`, { field: 'template.logo' });
  }
}

export async function checkPdfInput(input: DocumentPdfInput): Promise<void> {
  const { template } = input;
  for (const key of ['primaryColor', 'accentColor'] as const) {
    if (!HEX_COLOR.test(template[key])) throw invalid(`template.${key} must be a hex colour like #1f4e79`, { field: `template.${key}` });
  }
  for (const key of ['issueDate', 'validUntil', 'dueDate'] as const) {
    const v = input[key];
    if ((key === 'issueDate' || v !== undefined) && !isValidIsoDate(v ?? '')) throw invalid(`${key} must be a date as YYYY-MM-DD`, { field: key });
  }
  input.lines.forEach((line, i) => {
    if (!/^-?\d+(\.\d+)?$/.test(line.quantity.trim())) throw invalid(`Line ${i + 1}: quantity must be a decimal number`, { field: `lines.${i}.quantity` });
  });
  if (template.logo) await checkLogo(template.logo);
}

/** Documents with at most this many lines are first drawn as one page (see renderDocumentPdf). */
const LIKELY_ONE_PAGE_LINES = 8;

function render(input: DocumentPdfInput, singlePage: boolean): Promise<Buffer> {
  return renderToBuffer(createElement(DocumentPdf, { input, singlePage }) as unknown as ReactElement<DocumentProps>);
}

/** The /Count of the PDF's page tree. */
export function pdfPageCount(pdf: Buffer): number {
  const m = pdf.toString('latin1').match(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/);
  if (!m) throw new Error('PDF without a page tree');
  return Number(m[1]);
}

/**
 * The PDF of a quote, invoice or credit note. Throws AppError VALIDATION_FAILED for input it cannot draw.
 * «Page n of N» needs react-pdf's render-prop text, which makes it lay every page out again (a quarter of the time
 * of a short quote). A short document is therefore first drawn with a fixed «page 1 of 1», kept only if it did fit
 * on one page; otherwise it is drawn again with real page numbers.
 */
export async function renderDocumentPdf(input: DocumentPdfInput): Promise<Buffer> {
  await checkPdfInput(input);
  await ensurePdfFonts();
  if (input.lines.length <= LIKELY_ONE_PAGE_LINES) {
    const pdf = await render(input, true);
    if (pdfPageCount(pdf) === 1) return pdf;
  }
  return render(input, false);
}
