/** PDFs of quotes, invoices and credit notes, in Persian (right to left, Jalali dates) or English. */
export type { DocumentKind, DocumentPdfInput, PartyLegal, PdfLine, PdfTemplate } from './pdf.types.ts';
export { DEFAULT_PDF_TEMPLATE } from './pdf.types.ts';
export { renderDocumentPdf } from './render.ts';
export { ensurePdfFonts, PDF_FONT_FAMILY } from './fonts.ts';
export { pdfText } from './text.ts';
