/** Sample documents for the tests, the benchmark and the screenshots, plus a tiny PNG encoder for a sample logo. */
import { deflateSync } from 'node:zlib';
import { DEFAULT_PDF_TEMPLATE, type DocumentPdfInput, type PdfLine, type PdfTemplate } from './pdf.types.ts';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An RGBA PNG drawn by a per-pixel function. */
export function makePng(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A round blue badge with a white ring: stands in for a company logo. */
export function sampleLogo(): Buffer {
  const size = 96;
  const c = size / 2;
  return makePng(size, size, (x, y) => {
    const d = Math.hypot(x - c + 0.5, y - c + 0.5);
    if (d > c - 1) return [0, 0, 0, 0];
    if (d > c - 10 && d < c - 6) return [255, 255, 255, 255];
    if (Math.abs(x - c) < 5 && d < c - 16) return [255, 255, 255, 255];
    return [31, 78, 121, 255];
  });
}

export function sampleTemplate(overrides: Partial<PdfTemplate> = {}): PdfTemplate {
  return {
    ...DEFAULT_PDF_TEMPLATE,
    logo: { data: sampleLogo(), mime: 'image/png' },
    headerText: 'فروش و پشتیبانی تجهیزات اداری — نمایندگی رسمی',
    footerText: 'این سند به‌صورت خودکار تهیه شده است و بدون مهر و امضا نیز معتبر است. تلفن پشتیبانی: 021-88776655',
    ...overrides,
  };
}

const FA_ITEMS: Array<[string, string, string, bigint]> = [
  ['PRN-4020', 'چاپگر لیزری HP LaserJet Pro M404dn با کارتریج اضافه که به‌زودی ارسال می‌شود', 'دستگاه', 185_000_000n],
  ['SRV-01', 'نصب و راه‌اندازی در محل مشتری (تهران)', 'ساعت', 12_500_000n],
  ['PAP-A4', 'کاغذ A4 هشتاد گرمی', 'بسته', 3_450_000n],
  ['TNR-26A', 'کارتریج تونر مشکی', 'عدد', 24_800_000n],
  ['CBL-USB', 'کابل USB 2.0 به طول ۳ متر', 'عدد', 1_250_000n],
  ['SUP-12', 'قرارداد پشتیبانی سالانه (۱۲ ماه)', 'قرارداد', 96_000_000n],
];

const EN_ITEMS: Array<[string, string, string, bigint]> = [
  ['PRN-4020', 'HP LaserJet Pro M404dn laser printer with a spare cartridge', 'pcs', 185_000_000n],
  ['SRV-01', 'On-site installation and setup (Tehran)', 'hour', 12_500_000n],
  ['PAP-A4', 'A4 paper, 80 g/m²', 'pack', 3_450_000n],
];

function line(item: [string, string, string, bigint], quantity: string, tenths: bigint, discount: bigint): PdfLine {
  const gross = (item[3] * tenths) / 10n;
  const tax = ((gross - discount) * 10n) / 100n;
  return { code: item[0], description: item[1], unit: item[2], quantity, unitPrice: item[3], discount, tax, total: gross - discount + tax };
}

function totalsOf(lines: PdfLine[], documentDiscount: bigint): DocumentPdfInput['totals'] {
  const subtotal = lines.reduce((s, l) => s + l.total - l.tax + l.discount, 0n);
  const lineDiscounts = lines.reduce((s, l) => s + l.discount, 0n);
  const tax = lines.reduce((s, l) => s + l.tax, 0n);
  const fee = 4_500_000n;
  return {
    subtotal, lineDiscounts, documentDiscount,
    taxes: [{ label: 'مالیات بر ارزش افزوده (۱۰٪)', amount: tax }],
    fees: [{ label: 'هزینهٔ حمل', amount: fee }],
    grandTotal: subtotal - lineDiscounts - documentDiscount + tax + fee,
  };
}

const SELLER_FA = {
  name: 'شرکت فناوران محور پارس',
  economicCode: '4111-22 ABC',
  nationalId: '10103456789',
  registrationNumber: '458912',
  postalCode: '1966733111',
  phone: '021-88776655',
  address: 'تهران، خیابان ولیعصر، بالاتر از میدان ونک، کوچهٔ نیلوفر، پلاک ۱۲، طبقهٔ سوم، واحد ۹',
};

const BUYER_FA = {
  name: 'شرکت بازرگانی نمونه',
  economicCode: '411133557799',
  nationalId: '14009876543',
  postalCode: '7134853111',
  phone: '+98 912 123 4567',
  address: 'شیراز، بلوار زند، نبش کوچهٔ ۲۴، ساختمان پارسیان، طبقهٔ دوم — تحویل کالا فقط در ساعات اداری انجام می‌شود و هماهنگی قبلی با واحد انبار الزامی است',
};

/** The 3-line Persian quote (ZWNJ words, a mixed economic code, a long address). */
export function sampleQuoteFa(): DocumentPdfInput {
  const lines = [line(FA_ITEMS[0], '2', 20n, 10_000_000n), line(FA_ITEMS[1], '1.5', 15n, 0n), line(FA_ITEMS[2], '10', 100n, 0n)];
  return {
    locale: 'fa', unit: 'toman', kind: 'quote', number: 'Q-1403-0042', issueDate: '2024-08-02', validUntil: '2024-08-16', status: 'draft',
    seller: SELLER_FA, buyer: BUYER_FA, lines, totals: totalsOf(lines, 5_000_000n),
    terms: 'اعتبار این پیش‌فاکتور ۱۴ روز است.\nتحویل کالا ۳ روز کاری پس از پرداخت انجام می‌شود؛ گارانتی ۱۸ ماهه شامل قطعات و خدمات است.',
    notes: 'لطفاً شمارهٔ پیش‌فاکتور Q-1403-0042 را در شرح واریز بنویسید.',
    template: sampleTemplate(),
  };
}

/** A Persian invoice with `count` lines (60 by default: spans pages). */
export function sampleInvoiceFa(count = 60): DocumentPdfInput {
  const lines = Array.from({ length: count }, (_, i) => line(FA_ITEMS[i % FA_ITEMS.length], String((i % 4) + 1), BigInt(((i % 4) + 1) * 10), i % 5 === 0 ? 1_000_000n : 0n));
  const totals = totalsOf(lines, 0n);
  return {
    locale: 'fa', unit: 'rial', kind: 'invoice', number: 'INV-1403-0012', issueDate: '2024-09-21', dueDate: '2024-10-21',
    seller: SELLER_FA, buyer: BUYER_FA, lines, totals: { ...totals, paid: 500_000_000n, balance: totals.grandTotal - 500_000_000n },
    terms: 'مبلغ فاکتور تا تاریخ سررسید به حساب شبای IR820540102680020817909002 واریز شود.',
    template: sampleTemplate(),
  };
}

/** The 3-line English quote. */
export function sampleQuoteEn(): DocumentPdfInput {
  const lines = [line(EN_ITEMS[0], '2', 20n, 10_000_000n), line(EN_ITEMS[1], '1.5', 15n, 0n), line(EN_ITEMS[2], '10', 100n, 0n)];
  const totals = totalsOf(lines, 5_000_000n);
  return {
    locale: 'en', unit: 'toman', kind: 'quote', number: 'Q-1403-0042', issueDate: '2024-08-02', validUntil: '2024-08-16',
    seller: { ...SELLER_FA, name: 'Mehvar Pars Technologies Ltd.', address: 'Unit 9, 3rd floor, No. 12, Niloufar Alley, above Vanak Square, Valiasr Street, Tehran' },
    buyer: { ...BUYER_FA, name: 'Acme Trading Co.', address: '2nd floor, Parsian Building, corner of Alley 24, Zand Boulevard, Shiraz — deliveries during office hours only' },
    lines,
    totals: { ...totals, taxes: [{ label: 'VAT (10%)', amount: totals.taxes[0].amount }], fees: [{ label: 'Shipping', amount: totals.fees[0].amount }] },
    terms: 'This quote is valid for 14 days. Delivery within 3 working days of payment; 18-month warranty on parts and service.',
    template: sampleTemplate({ headerText: 'Office equipment sales and support — authorised dealer', footerText: 'Generated by Mehvar. Support: +98 21 8877 6655' }),
  };
}
