/** The input of a quote / invoice / credit-note PDF: everything already computed, amounts in integer Rials. */

export type PartyLegal = {
  name: string;
  economicCode?: string;
  nationalId?: string;
  registrationNumber?: string;
  postalCode?: string;
  address?: string;
  phone?: string;
};

export type PdfLine = {
  code?: string;
  description: string;
  /** A decimal string, e.g. "2" or "1.5" (quantities are not money, but must not become floats either). */
  quantity: string;
  unit?: string;
  unitPrice: bigint;
  discount: bigint;
  tax: bigint;
  total: bigint;
};

export type PdfTemplate = {
  logo?: { data: Buffer; mime: 'image/png' | 'image/jpeg' };
  /** CSS hex colour, "#rgb" or "#rrggbb". */
  primaryColor: string;
  accentColor: string;
  headerText?: string;
  footerText?: string;
  show: {
    economicCode: boolean;
    nationalId: boolean;
    registrationNumber: boolean;
    postalCode: boolean;
    address: boolean;
    phone: boolean;
    amountInWords: boolean;
    lineCodes: boolean;
    signature: boolean;
  };
};

export type DocumentKind = 'quote' | 'invoice' | 'credit_note';

export type DocumentPdfInput = {
  locale: 'fa' | 'en';
  unit: 'rial' | 'toman';
  kind: DocumentKind;
  number: string;
  /** YYYY-MM-DD (Gregorian); shown in the Jalali calendar for fa. */
  issueDate: string;
  validUntil?: string;
  dueDate?: string;
  /** draft and cancelled get a large label across every page. */
  status?: 'draft' | 'cancelled' | 'paid';
  seller: PartyLegal;
  buyer: PartyLegal;
  lines: PdfLine[];
  totals: {
    subtotal: bigint;
    lineDiscounts: bigint;
    documentDiscount: bigint;
    taxes: Array<{ label: string; amount: bigint }>;
    fees: Array<{ label: string; amount: bigint }>;
    grandTotal: bigint;
    paid?: bigint;
    balance?: bigint;
  };
  terms?: string;
  notes?: string;
  template: PdfTemplate;
};

export const DEFAULT_PDF_TEMPLATE: PdfTemplate = {
  primaryColor: '#1f4e79',
  accentColor: '#e8eef5',
  show: {
    economicCode: true,
    nationalId: true,
    registrationNumber: true,
    postalCode: true,
    address: true,
    phone: true,
    amountInWords: true,
    lineCodes: true,
    signature: true,
  },
};
