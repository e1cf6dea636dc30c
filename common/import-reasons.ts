/**
 * Why an import row was refused, in Persian or English. Reasons are stored as English text made of `field: message`
 * parts joined by "; " (the command line prints them as they are); the wizard and the rejected-rows CSV show them in
 * the reader's language through this table. A message it does not know stays as it was (English) rather than vanish.
 */
export type ReasonLang = 'fa' | 'en';

const FIELD_FA: Record<string, string> = {
  row: 'ردیف', customer: 'مشتری', fullName: 'نام کامل', firstName: 'نام', lastName: 'نام خانوادگی', orgName: 'نام سازمان', kind: 'نوع',
  mobile: 'موبایل', phone: 'تلفن', phones: 'تلفن', email: 'ایمیل', emails: 'ایمیل', nationalId: 'کد ملی', companyNationalId: 'شناسه ملی',
  city: 'شهر', province: 'استان', address: 'نشانی', addresses: 'نشانی', postalCode: 'کد پستی', birthday: 'تاریخ تولد', gender: 'جنسیت',
  tags: 'برچسب‌ها', notes: 'یادداشت', externalId: 'کد مشتری', title: 'سمت', latinName: 'نام لاتین', custom: 'فیلد سفارشی',
  customerCode: 'کد مشتری', customerPhone: 'تلفن مشتری', customerEmail: 'ایمیل مشتری', customerNationalId: 'کد ملی مشتری', customerName: 'نام مشتری',
  name: 'نام', nameFa: 'نام', nameEn: 'نام انگلیسی', code: 'کد', price: 'قیمت', unit: 'واحد', category: 'دسته‌بندی', tax: 'مالیات',
  description: 'شرح', productKind: 'نوع کالا', invoiceNumber: 'شماره فاکتور', date: 'تاریخ', productCode: 'کد کالا', productName: 'نام کالا',
  quantity: 'تعداد', unitPrice: 'قیمت واحد', discount: 'تخفیف', amount: 'مبلغ', paid: 'پرداخت', interactionKind: 'نوع تعامل',
  summary: 'خلاصه', body: 'متن', userEmail: 'ایمیل کاربر', direction: 'جهت', subject: 'موضوع', status: 'وضعیت', priority: 'اولویت',
  ticketNumber: 'شماره تیکت', channel: 'کانال', occurredAt: 'زمان', ownerId: 'مسئول', lines: 'سطرها',
  'invoice number': 'شماره فاکتور', 'ticket number': 'شماره تیکت', 'same customer, kind, time and summary': 'همان مشتری، نوع، زمان و خلاصه',
  'national ID': 'کد ملی',
};

const fieldFa = (f: string) => FIELD_FA[f] ?? FIELD_FA[f.split('.')[0]] ?? f;
const listFa = (s: string) => s.split(', ').map((x) => {
  const m = /^(code|phone|email|national ID) (.+)$/.exec(x);
  return m ? `${fieldFa(m[1])} ${m[2]}` : fieldFa(x);
}).join('، ');

type Rule = [RegExp, (m: RegExpExecArray) => string];
const RULES: Rule[] = [
  [/^"(.*)" is not a date \(use .*\)$/s, (m) => `«${m[1]}» تاریخ نیست (مثل ۱۳۷۰/۰۵/۱۲ یا 1991-08-03)`],
  [/^"(.*)" is not a Jalali date$/s, (m) => `«${m[1]}» تاریخ شمسی نیست`],
  [/^"(.*)" is not a Gregorian date$/s, (m) => `«${m[1]}» تاریخ میلادی نیست`],
  [/^"(.*)" is not a valid Jalali date$/s, (m) => `«${m[1]}» تاریخ شمسی درستی نیست`],
  [/^"(.*)" is not a valid date$/s, (m) => `«${m[1]}» تاریخ درستی نیست`],
  [/^"(.*)" is not a valid phone number$/s, (m) => `«${m[1]}» شماره تلفن درستی نیست`],
  [/^"(.*)" is not a phone number$/s, (m) => `«${m[1]}» شماره تلفن نیست`],
  [/^"(.*)" is not an amount$/s, (m) => `«${m[1]}» مبلغ نیست`],
  [/^"(.*)" is not a number$/s, (m) => `«${m[1]}» عدد نیست`],
  [/^"(.*)" is not a quantity above zero$/s, (m) => `«${m[1]}» تعدادی بیشتر از صفر نیست`],
  [/^"(.*)" is neither a person nor an organization$/s, (m) => `«${m[1]}» نه حقیقی است نه حقوقی`],
  [/^"(.*)" is not known \(.*\)$/s, (m) => `«${m[1]}» شناخته نیست (مرد/زن)`],
  [/^"(.*)" is neither yes\/no nor an amount$/s, (m) => `«${m[1]}» نه بله/خیر است نه مبلغ`],
  [/^"(.*)" is not a kind of interaction .*$/s, (m) => `«${m[1]}» نوع تعامل شناخته‌شده‌ای نیست (تماس، جلسه، ایمیل، پیامک، بازدید، یادداشت …)`],
  [/^"(.*)" is neither in nor out$/s, (m) => `«${m[1]}» نه ورودی است نه خروجی`],
  [/^"(.*)" is not a ticket status .*$/s, (m) => `«${m[1]}» وضعیت تیکت نیست (باز، حل شده، بسته …)`],
  [/^"(.*)" is not a priority .*$/s, (m) => `«${m[1]}» اولویت نیست (کم، عادی، زیاد، فوری)`],
  [/^"(.*)" is not a channel .*$/s, (m) => `«${m[1]}» کانال نیست (تلفن، ایمیل، پیامک، وب، حضوری، شبکه اجتماعی)`],
  [/^no such custom field$/, () => 'چنین فیلد سفارشی‌ای تعریف نشده است'],
  [/^a postal code needs an address column$/, () => 'کد پستی بدون ستون نشانی پذیرفته نیست'],
  [/^required$/, () => 'لازم است'],
  [/^duplicate \((.*)\)$/, (m) => `تکراری (${listFa(m[1])})`],
  [/^duplicate of a record you cannot see \((.*)\)$/, (m) => `تکراریِ رکوردی که به آن دسترسی ندارید (${listFa(m[1])})`],
  [/^the row names no customer .*$/, () => 'ردیف مشتری را مشخص نکرده است (کد مشتری، تلفن، ایمیل یا کد ملی)'],
  [/^no customer matches \((.*)\)$/, (m) => `مشتری‌ای با این مشخصات پیدا نشد (${listFa(m[1])})`],
  [/^no user with the email (.*)$/, (m) => `کاربری با ایمیل ${m[1]} نیست`],
  [/^a line needs a unit price or an amount$/, () => 'هر سطر قیمت واحد یا مبلغ لازم دارد'],
  [/^more than the line amount$/, () => 'بیشتر از مبلغ سطر است'],
  [/^more than quantity × unit price$/, () => 'بیشتر از تعداد × قیمت واحد است'],
  [/^not a valid phone number$/, () => 'شماره تلفن درستی نیست'],
  [/^phone number contains letters$/, () => 'شماره تلفن حرف دارد'],
  [/^not a valid email address$|^Invalid email address$/, () => 'ایمیل درستی نیست'],
  [/^not a valid national ID.*$/, () => 'کد ملی درستی نیست'],
  [/^not a valid company national ID.*$/, () => 'شناسه ملی درستی نیست'],
  [/^postal code must be 10 digits$/, () => 'کد پستی باید ۱۰ رقم باشد'],
  [/^not a valid date .*$/, () => 'تاریخ درستی نیست'],
  [/^an organization needs a name$|^An organization needs a name.*$/, () => 'سازمان نام لازم دارد'],
  [/^a person needs a first or last name$|^A person needs a first or last name.*$/, () => 'شخص نام یا نام خانوادگی لازم دارد'],
  [/^Too small: expected string to have >=(\d+) characters?$/, (m) => `دست‌کم ${m[1]} نویسه لازم است`],
  [/^Too big: expected string to have <=(\d+) characters?$/, (m) => `بیش از ${m[1]} نویسه است`],
  [/^Invalid option.*$/s, () => 'گزینه‌ی پذیرفته‌ای نیست'],
  [/^Invalid input.*$/s, () => 'مقدار پذیرفته‌ای نیست'],
  [/^An interaction cannot happen in the future.*$/, () => 'تعامل نمی‌تواند در آینده باشد'],
  [/^A product with code "(.*)" exists.*$/, (m) => `کالایی با کد «${m[1]}» هست`],
  [/^The owner must be an active user.*$/, () => 'مسئول باید کاربر فعال باشد'],
];

function messageFa(msg: string): string {
  for (const [re, fa] of RULES) {
    const m = re.exec(msg);
    if (m) return fa(m);
  }
  return msg;
}

/** One stored reason in a language: each `field: message` part translated, unknown ones left as they are. */
export function reasonText(reason: string, lang: ReasonLang): string {
  if (lang === 'en' || !reason) return reason;
  return reason.split('; ').map((part) => {
    const m = /^([A-Za-z][\w.]*(?: [A-Za-z][\w.]*)?): (.*)$/s.exec(part);
    return m ? `${fieldFa(m[1])}: ${messageFa(m[2])}` : messageFa(part);
  }).join('؛ ');
}
