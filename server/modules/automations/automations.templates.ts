/** Ready rules an admin switches on (the builder opens them filled in; saving with "enabled" turns them on). */
import type { AutomationInput } from '../../../common/automations.schemas.ts';

type Template = { key: string; name: { fa: string; en: string }; description: { fa: string; en: string }; definition: AutomationInput };

const base = { description: '', conditions: null, enabled: true } as const;

export const AUTOMATION_TEMPLATES: Template[] = [
  {
    key: 'quote-sms',
    name: { fa: 'پیامک هنگام ارسال پیش‌فاکتور', en: 'SMS when a quote is sent' },
    description: {
      fa: 'همان لحظه که پیش‌فاکتور فرستاده می‌شود، پیامکی با شماره و پیوند آن. وقتی روشن است، جای پیامک پیش‌فرضِ ارسال را می‌گیرد (هرگز هر دو فرستاده نمی‌شوند).',
      en: 'The moment a quote is sent, an SMS with its number and link. While it is on, it replaces the built-in SMS notice of the send (never both).',
    },
    definition: { ...base, name: 'پیامک پیش‌فاکتور', template: 'quote-sms', trigger: { kind: 'event', event: 'quote.sent' },
      actions: [{ kind: 'sms', body: '{greeting}، پیش‌فاکتور {شماره} برای شما فرستاده شد: {لینک}', advertising: false }] },
  },
  {
    key: 'invoice-sms',
    name: { fa: 'پیامک هنگام صدور فاکتور', en: 'SMS when an invoice is sent' },
    description: {
      fa: 'همان لحظه که فاکتور فرستاده می‌شود، پیامکی با شماره و پیوند آن؛ جای پیامک پیش‌فرضِ ارسال را می‌گیرد.',
      en: 'The moment an invoice is sent, an SMS with its number and link; it replaces the built-in SMS notice of the send.',
    },
    definition: { ...base, name: 'پیامک فاکتور', template: 'invoice-sms', trigger: { kind: 'event', event: 'invoice.sent' },
      actions: [{ kind: 'sms', body: '{greeting}، فاکتور {شماره} برای شما صادر شد: {لینک}', advertising: false }] },
  },
  {
    key: 'birthday',
    name: { fa: 'سورپرایز تولد', en: 'Birthday surprise' },
    description: { fa: 'سه روز پیش از تولد (تقویم جلالی)، ساعت ۱۰ صبح، پیامک تبریک با پیشنهاد ویژه.', en: 'Three days before the (Jalali) birthday, at 10:00, a greeting SMS with an offer.' },
    definition: { ...base, name: 'سورپرایز تولد', template: 'birthday', trigger: { kind: 'schedule', hour: 10, rule: { type: 'birthday', daysBefore: 3 } },
      actions: [{ kind: 'sms', body: '{greeting}، تولدتان پیشاپیش مبارک! هدیهٔ ما: ۲۰٪ تخفیف تا یک هفته.', advertising: true }] },
  },
  {
    key: 'win-back',
    name: { fa: 'بازگرداندن مشتری', en: 'Win-back' },
    description: { fa: 'مشتری‌ای که ۹۰ روز خرید نکرده: پیامک پیشنهاد و کاری برای مسئولش تا دو روز بعد.', en: 'No purchase for 90 days: an SMS offer, and a task for the owner due two days later.' },
    definition: { ...base, name: 'بازگرداندن مشتری', template: 'win-back', trigger: { kind: 'schedule', hour: 11, rule: { type: 'noPurchase', days: 90 } },
      actions: [
        { kind: 'sms', body: '{greeting}، دلمان برایتان تنگ شده! با این پیامک ۱۵٪ تخفیف خرید بعدی‌تان را بگیرید.', advertising: true },
        { kind: 'task', title: 'تماس با {نام_کامل}: ۹۰ روز بی‌خرید', dueIn: 2, unit: 'days' },
      ] },
  },
  {
    key: 'win-back-churn',
    name: { fa: 'بازگرداندن مشتری پرریسک', en: 'Win-back when churn risk turns high' },
    description: {
      fa: 'وقتی ریسک ریزش مشتری به «بالا» (۷۰ یا بیشتر) می‌رسد: پیشنهاد ویژه از راه دلخواه مشتری (پیامک یا ایمیل) و کاری برای مسئولش تا فردا.',
      en: 'When a customer\'s churn risk turns high (70 or more): an offer on their preferred channel (SMS or email) and a task for the owner due the next day.',
    },
    definition: { ...base, name: 'بازگرداندن مشتری پرریسک', template: 'win-back-churn', trigger: { kind: 'event', event: 'customer.churn_risk_high' },
      actions: [
        { kind: 'preferredChannel', advertising: true, sms: '{greeting}، جای شما خالی است! با این پیام ۱۵٪ تخفیف خرید بعدی‌تان را بگیرید.',
          subject: '{greeting}، هدیه‌ای برای بازگشت شما', email: '{greeting} گرامی،\nمدتی است از شما بی‌خبریم. برای خرید بعدی‌تان ۱۵٪ تخفیف کنار گذاشته‌ایم.' },
        { kind: 'task', title: 'تماس با {نام_کامل}: ریسک ریزش بالا', dueIn: 1, unit: 'days' },
      ] },
  },
  {
    key: 'welcome',
    name: { fa: 'خوشامد به مشتری تازه', en: 'Welcome series for new customers' },
    description: {
      fa: 'مشتری تازه ثبت‌شده: همان روز پیامک خوشامد (در ساعت‌های مجاز ۹ تا ۲۱)، سه روز بعد ایمیلی با معرفی خدمات.',
      en: 'A new customer: a welcome SMS the same day (within 09:00–21:00), and three days later an email introducing the services.',
    },
    definition: { ...base, name: 'خوشامد مشتری تازه', template: 'welcome', trigger: { kind: 'event', event: 'customer.created' },
      actions: [
        { kind: 'sms', body: '{greeting}، به جمع مشتریان ما خوش آمدید! هر پرسشی داشتید همین‌جا پاسخ دهید.', advertising: true },
        { kind: 'wait', amount: 3, unit: 'days' },
        { kind: 'email', subject: '{greeting}، خوش آمدید', body: '{greeting} گرامی،\nاز آشنایی با شما خوشحالیم. برای دیدن خدمات و پیشنهادهای ویژه با ما در تماس باشید.' },
      ] },
  },
  {
    key: 'invoice-paid-thanks',
    name: { fa: 'تشکر پس از پرداخت فاکتور', en: 'Thank-you after a paid invoice' },
    description: {
      fa: 'وقتی فاکتوری کامل پرداخت شد، پیامک تشکر با شمارهٔ فاکتور.',
      en: 'When an invoice is paid in full, a thank-you SMS with its number.',
    },
    definition: { ...base, name: 'تشکر پس از پرداخت', template: 'invoice-paid-thanks', trigger: { kind: 'event', event: 'invoice.paid' },
      actions: [{ kind: 'sms', body: '{greeting}، پرداخت فاکتور {شماره} دریافت شد. از خرید شما سپاسگزاریم.', advertising: false }] },
  },
  {
    key: 'new-lead',
    name: { fa: 'سرنخ تازه ← کار برای مسئول', en: 'New lead → task for the owner' },
    description: { fa: 'هر فرم سرنخ که پر شود، کاری برای مسئول مشتری تا یک ساعت بعد.', en: 'Every web-form lead gets a task for the customer\'s owner, due within an hour.' },
    definition: { ...base, name: 'پیگیری سرنخ تازه', template: 'new-lead', trigger: { kind: 'event', event: 'lead.submitted' },
      actions: [{ kind: 'task', title: 'تماس با سرنخ تازه: {نام_کامل}', dueIn: 1, unit: 'hours' }] },
  },
];
