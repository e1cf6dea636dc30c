/** The fixed words of the document in both languages. */
import type { DocumentKind } from './pdf.types.ts';

export type PdfLabels = {
  title: Record<DocumentKind, string>;
  number: string;
  issueDate: string;
  validUntil: string;
  dueDate: string;
  seller: string;
  buyer: string;
  name: string;
  economicCode: string;
  nationalId: string;
  registrationNumber: string;
  postalCode: string;
  address: string;
  phone: string;
  columns: { row: string; code: string; description: string; quantity: string; unit: string; unitPrice: string; discount: string; tax: string; total: string };
  amountsIn: (unit: string) => string;
  subtotal: string;
  lineDiscounts: string;
  documentDiscount: string;
  grandTotal: string;
  paid: string;
  balance: string;
  amountInWords: string;
  terms: string;
  notes: string;
  sellerSignature: string;
  buyerSignature: string;
  page: (n: string, of: string) => string;
  status: { draft: string; cancelled: string; paid: string };
  unitName: { rial: string; toman: string };
};

export const LABELS: Record<'fa' | 'en', PdfLabels> = {
  fa: {
    title: { quote: 'پیش‌فاکتور', invoice: 'فاکتور فروش', credit_note: 'اعلامیهٔ بستانکاری (برگشت از فروش)' },
    number: 'شماره',
    issueDate: 'تاریخ',
    validUntil: 'اعتبار تا',
    dueDate: 'سررسید پرداخت',
    seller: 'مشخصات فروشنده',
    buyer: 'مشخصات خریدار',
    name: 'نام',
    economicCode: 'کد اقتصادی',
    nationalId: 'شناسهٔ ملی',
    registrationNumber: 'شمارهٔ ثبت',
    postalCode: 'کد پستی',
    address: 'نشانی',
    phone: 'تلفن',
    columns: {
      row: 'ردیف', code: 'کد کالا', description: 'شرح کالا یا خدمات', quantity: 'مقدار', unit: 'واحد',
      unitPrice: 'مبلغ واحد', discount: 'تخفیف', tax: 'مالیات و عوارض', total: 'مبلغ کل',
    },
    amountsIn: (unit) => `مبالغ به ${unit}`,
    subtotal: 'جمع کل',
    lineDiscounts: 'تخفیف ردیف‌ها',
    documentDiscount: 'تخفیف فاکتور',
    grandTotal: 'مبلغ قابل پرداخت',
    paid: 'پرداخت‌شده',
    balance: 'مانده',
    amountInWords: 'مبلغ به حروف',
    terms: 'شرایط و توضیحات',
    notes: 'یادداشت',
    sellerSignature: 'مهر و امضای فروشنده',
    buyerSignature: 'مهر و امضای خریدار',
    page: (n, of) => `صفحهٔ ${n} از ${of}`,
    status: { draft: 'پیش‌نویس', cancelled: 'باطل‌شده', paid: 'پرداخت‌شده' },
    unitName: { rial: 'ریال', toman: 'تومان' },
  },
  en: {
    title: { quote: 'Quote', invoice: 'Invoice', credit_note: 'Credit note' },
    number: 'No.',
    issueDate: 'Date',
    validUntil: 'Valid until',
    dueDate: 'Due date',
    seller: 'Seller',
    buyer: 'Buyer',
    name: 'Name',
    economicCode: 'Economic code',
    nationalId: 'National ID',
    registrationNumber: 'Registration no.',
    postalCode: 'Postal code',
    address: 'Address',
    phone: 'Phone',
    columns: {
      row: '#', code: 'Code', description: 'Description', quantity: 'Qty', unit: 'Unit',
      unitPrice: 'Unit price', discount: 'Discount', tax: 'Tax', total: 'Total',
    },
    amountsIn: (unit) => `Amounts in ${unit}`,
    subtotal: 'Subtotal',
    lineDiscounts: 'Line discounts',
    documentDiscount: 'Discount',
    grandTotal: 'Total due',
    paid: 'Paid',
    balance: 'Balance',
    amountInWords: 'Amount in words',
    terms: 'Terms',
    notes: 'Notes',
    sellerSignature: 'Seller signature and stamp',
    buyerSignature: 'Buyer signature',
    page: (n, of) => `Page ${n} of ${of}`,
    status: { draft: 'DRAFT', cancelled: 'CANCELLED', paid: 'PAID' },
    unitName: { rial: 'Rial', toman: 'Toman' },
  },
};
