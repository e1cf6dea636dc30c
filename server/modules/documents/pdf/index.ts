/** PDFs of quotes, invoices and credit notes, in Persian (right to left, Jalali dates) or English. */
export type { DocumentKind, DocumentPdfInput, PartyLegal, PdfLine, PdfTemplate } from './pdf.types.ts';
export { DEFAULT_PDF_TEMPLATE } from './pdf.types.ts';
export { renderDocumentPdf } from './render.ts';
