/**
 * The demo shop's catalog: appliances and services of «لوازم خانگی محور» with codes, categories and list prices in
 * Rials (late-1404 market prices, rounded). `interest` ties a product to the interests on customer records (names.ts),
 * so what people buy matches what they asked about; `season` makes coolers sell in summer and heaters in winter.
 */
import type { products } from '../modules/sales/index.ts';
import { productSearchDoc } from '../modules/sales/index.ts';
import type { Rng } from './prng.ts';

export type CatalogItem = {
  code: string; nameFa: string; nameEn: string; category: string; unit: string; price: bigint;
  kind: 'product' | 'service'; taxClass: 'standard' | 'exempt';
  /** The customer interest (names.ts PRODUCTS) this answers, if any. */
  interest?: string;
  /** Sells more in warm (months 1–6) or cold (months 7–12) Jalali months. */
  season?: 'warm' | 'cold';
  /** A service added to the sale of this product (installation), by code. */
  install?: string;
};

const M = 1_000_000n;
const p = (code: string, nameFa: string, nameEn: string, category: string, millionRials: number, more: Partial<CatalogItem> = {}): CatalogItem => ({
  code, nameFa, nameEn, category, unit: 'دستگاه', price: BigInt(millionRials) * M, kind: 'product', taxClass: 'standard', ...more,
});
const s = (code: string, nameFa: string, nameEn: string, category: string, millionRials: number, more: Partial<CatalogItem> = {}): CatalogItem => ({
  code, nameFa, nameEn, category, unit: 'خدمت', price: BigInt(millionRials) * M, kind: 'service', taxClass: 'standard', ...more,
});

export const CATALOG: CatalogItem[] = [
  p('RF-SBS-680', 'یخچال ساید بای ساید ال‌جی ۶۸۰ لیتری', 'LG side-by-side fridge 680 L', 'یخچال و فریزر', 2_850, { interest: 'یخچال ساید بای ساید' }),
  p('RF-SBS-620', 'یخچال ساید بای ساید سامسونگ ۶۲۰ لیتری', 'Samsung side-by-side fridge 620 L', 'یخچال و فریزر', 2_450, { interest: 'یخچال ساید بای ساید' }),
  p('RF-TF-24', 'یخچال فریزر بالا اسنوا ۲۴ فوت', 'Snowa top-freezer fridge 24 ft', 'یخچال و فریزر', 980, { interest: 'یخچال' }),
  p('RF-BM-20', 'یخچال فریزر پایین امرسان ۲۰ فوت', 'Emersun bottom-freezer fridge 20 ft', 'یخچال و فریزر', 760, { interest: 'یخچال' }),
  p('FZ-UP-14', 'فریزر ایستاده هیمالیا ۱۴ فوت', 'Himalia upright freezer 14 ft', 'یخچال و فریزر', 640, { interest: 'فریزر' }),
  p('WM-FL-9', 'ماشین لباسشویی ال‌جی ۹ کیلویی', 'LG front-load washer 9 kg', 'ماشین لباسشویی', 1_150, { interest: 'ماشین لباسشویی', install: 'SV-INST-WM' }),
  p('WM-FL-8', 'ماشین لباسشویی سامسونگ ۸ کیلویی', 'Samsung front-load washer 8 kg', 'ماشین لباسشویی', 890, { interest: 'ماشین لباسشویی', install: 'SV-INST-WM' }),
  p('WM-TL-7', 'ماشین لباسشویی پاکشوما ۷ کیلویی درب از بالا', 'Pakshoma top-load washer 7 kg', 'ماشین لباسشویی', 520, { interest: 'ماشین لباسشویی' }),
  p('DW-14', 'ماشین ظرفشویی بوش ۱۴ نفره', 'Bosch dishwasher 14 settings', 'ماشین ظرفشویی', 1_480, { interest: 'ماشین ظرفشویی', install: 'SV-INST-DW' }),
  p('DW-12', 'ماشین ظرفشویی جی‌پلاس ۱۲ نفره', 'G-Plus dishwasher 12 settings', 'ماشین ظرفشویی', 690, { interest: 'ماشین ظرفشویی', install: 'SV-INST-DW' }),
  p('TV-OLED-65', 'تلویزیون اولد ال‌جی ۶۵ اینچ', 'LG OLED TV 65"', 'تلویزیون', 3_200, { interest: 'تلویزیون', install: 'SV-WALL-TV' }),
  p('TV-QLED-55', 'تلویزیون کیولد سامسونگ ۵۵ اینچ', 'Samsung QLED TV 55"', 'تلویزیون', 1_350, { interest: 'تلویزیون', install: 'SV-WALL-TV' }),
  p('TV-LED-50', 'تلویزیون ال‌ای‌دی جی‌پلاس ۵۰ اینچ', 'G-Plus LED TV 50"', 'تلویزیون', 520, { interest: 'تلویزیون' }),
  p('TV-LED-43', 'تلویزیون ال‌ای‌دی دوو ۴۳ اینچ', 'Daewoo LED TV 43"', 'تلویزیون', 360, { interest: 'تلویزیون' }),
  p('AC-SPL-24', 'کولر گازی اسپلیت ۲۴۰۰۰ گری', 'Gree split air conditioner 24,000 BTU', 'کولر و تهویه', 1_250, { interest: 'کولر گازی', season: 'warm', install: 'SV-INST-AC' }),
  p('AC-SPL-18', 'کولر گازی اسپلیت ۱۸۰۰۰ ال‌جی', 'LG split air conditioner 18,000 BTU', 'کولر و تهویه', 980, { interest: 'کولر گازی', season: 'warm', install: 'SV-INST-AC' }),
  p('AC-SPL-12', 'کولر گازی اسپلیت ۱۲۰۰۰ تی‌سی‌ال', 'TCL split air conditioner 12,000 BTU', 'کولر و تهویه', 690, { interest: 'کولر گازی', season: 'warm', install: 'SV-INST-AC' }),
  p('EC-7000', 'کولر آبی انرژی ۷۰۰۰', 'Energy evaporative cooler 7000', 'کولر و تهویه', 260, { interest: 'کولر آبی', season: 'warm' }),
  p('FAN-ST', 'پنکه ایستاده پارس خزر', 'Pars Khazar standing fan', 'کولر و تهویه', 38, { interest: 'پنکه', season: 'warm' }),
  p('HT-GAS', 'بخاری گازی ایران شرق', 'Iran Shargh gas heater', 'گرمایش', 95, { interest: 'بخاری', season: 'cold' }),
  p('WH-GAS-60', 'آبگرمکن گازی بوتان ۶۰ گالن', 'Butane gas water heater 60 gal', 'گرمایش', 310, { interest: 'آبگرمکن', season: 'cold' }),
  p('PK-24', 'پکیج دیواری ایران رادیاتور ۲۴۰۰۰', 'Iran Radiator wall boiler 24,000', 'گرمایش', 820, { interest: 'پکیج', season: 'cold', install: 'SV-INST-PK' }),
  p('GS-5', 'اجاق گاز صفحه‌ای ۵ شعله تکنوگاز', 'Technogas 5-burner hob', 'اجاق گاز و فر', 240, { interest: 'اجاق گاز' }),
  p('OV-BI', 'فر توکار بست', 'Bost built-in oven', 'اجاق گاز و فر', 410, { interest: 'اجاق گاز' }),
  p('HD-90', 'هود مورب ۹۰ سانتی', 'Angled cooker hood 90 cm', 'اجاق گاز و فر', 190, { interest: 'هود', install: 'SV-INST-HD' }),
  p('MW-32', 'مایکروفر سامسونگ ۳۲ لیتری', 'Samsung microwave 32 L', 'لوازم کوچک آشپزخانه', 165, { interest: 'مایکروفر' }),
  p('AF-5', 'سرخ‌کن بدون روغن فیلیپس', 'Philips air fryer', 'لوازم کوچک آشپزخانه', 78, { interest: 'سرخ\u200Cکن' }),
  p('TM-20', 'چای‌ساز بوش', 'Bosch tea maker', 'لوازم کوچک آشپزخانه', 42, { interest: 'چای\u200Cساز' }),
  p('CM-ES', 'قهوه‌ساز اسپرسو دلونگی', 'De\'Longhi espresso machine', 'لوازم کوچک آشپزخانه', 120, { interest: 'قهوه\u200Cساز' }),
  p('IR-ST', 'اتو بخار فیلیپس', 'Philips steam iron', 'لوازم کوچک خانگی', 34, { interest: 'اتو' }),
  p('VC-2400', 'جاروبرقی بوش ۲۴۰۰ وات', 'Bosch vacuum cleaner 2400 W', 'جاروبرقی', 98, { interest: 'جاروبرقی' }),
  p('VC-ROBOT', 'جارو رباتیک شیائومی', 'Xiaomi robot vacuum', 'جاروبرقی', 185, { interest: 'جاروبرقی' }),
  s('SV-INST-AC', 'نصب کولر گازی (با لوله‌کشی تا ۳ متر)', 'Air conditioner installation', 'خدمات نصب', 18),
  s('SV-INST-WM', 'نصب و راه‌اندازی ماشین لباسشویی', 'Washer installation', 'خدمات نصب', 4),
  s('SV-INST-DW', 'نصب ماشین ظرفشویی', 'Dishwasher installation', 'خدمات نصب', 5),
  s('SV-INST-PK', 'نصب پکیج و راه‌اندازی', 'Boiler installation', 'خدمات نصب', 22),
  s('SV-INST-HD', 'نصب هود', 'Hood installation', 'خدمات نصب', 6),
  s('SV-WALL-TV', 'نصب دیواری تلویزیون', 'TV wall mounting', 'خدمات نصب', 7),
  s('SV-REPAIR', 'تعمیر در محل', 'On-site repair', 'خدمات پس از فروش', 9, { taxClass: 'exempt' }),
  s('SV-WARR-2', 'گارانتی تمدیدی ۲ ساله', 'Extended warranty, 2 years', 'خدمات پس از فروش', 45, { taxClass: 'exempt' }),
  s('SV-DELIVERY', 'ارسال با خاور (داخل شهر)', 'Truck delivery (in town)', 'ارسال', 3, { unit: 'سفر' }),
];

export type ProductInsert = typeof products.$inferInsert & { id: string };

/** The catalog as rows, created a little over a year before `now` by the manager. */
export function catalogRows(rng: Rng, now: Date, createdBy: string): ProductInsert[] {
  const at = new Date(now.getTime() - 400 * 86_400_000);
  return CATALOG.map((c) => ({
    id: rng.uuid(), code: c.code, kind: c.kind, nameFa: c.nameFa, nameEn: c.nameEn, category: c.category, unit: c.unit, price: c.price,
    taxClass: c.taxClass, active: true, searchDoc: productSearchDoc(c), createdBy, createdAt: at, updatedAt: at,
  }));
}
