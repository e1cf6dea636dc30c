/** The words of the data-export summary PDF, in Persian and English. */
export type Lang = 'fa' | 'en';

export const SUMMARY_LABELS = {
  fa: {
    title: 'خلاصهٔ داده‌های نگهداری‌شده دربارهٔ مشتری',
    exportedAt: 'تاریخ تهیه',
    profile: 'مشخصات',
    name: 'نام', phones: 'تلفن‌ها', emails: 'ایمیل‌ها', nationalId: 'کد ملی', city: 'شهر', birthday: 'تاریخ تولد', address: 'نشانی',
    customFields: 'فیلدهای سفارشی',
    consents: 'رضایت‌ها', sms: 'پیامک', email: 'ایمیل', given: 'داده شده', notGiven: 'داده نشده',
    records: 'سوابق مرتبط', kind: 'نوع', count: 'تعداد',
    full: 'فهرست کامل همهٔ این سوابق در فایل JSON همین خروجی آمده است.',
    none: '—',
  },
  en: {
    title: 'Summary of the data held about a customer',
    exportedAt: 'Prepared on',
    profile: 'Profile',
    name: 'Name', phones: 'Phones', emails: 'Emails', nationalId: 'National ID', city: 'City', birthday: 'Birthday', address: 'Address',
    customFields: 'Custom fields',
    consents: 'Consents', sms: 'SMS', email: 'Email', given: 'given', notGiven: 'not given',
    records: 'Linked records', kind: 'Kind', count: 'Count',
    full: 'The full list of all these records is in the JSON file of this export.',
    none: '—',
  },
} as const;

/** Names of the kinds of rows the sections return; an unknown kind is shown by its key. */
export const KIND_LABELS: Record<string, Record<Lang, string>> = {
  interactions: { fa: 'تعامل‌ها', en: 'Interactions' },
  tasks: { fa: 'کارها و قول‌ها', en: 'Tasks and promises' },
  messages: { fa: 'پیامک‌ها و ایمیل‌ها', en: 'SMS and emails' },
  calls: { fa: 'تماس‌ها', en: 'Calls' },
  surveyInvitations: { fa: 'دعوت‌های نظرسنجی', en: 'Survey invitations' },
  surveyResponses: { fa: 'پاسخ‌های نظرسنجی', en: 'Survey responses' },
  feedback: { fa: 'بازخوردها', en: 'Feedback' },
  tickets: { fa: 'تیکت‌ها', en: 'Tickets' },
  contracts: { fa: 'قراردادها', en: 'Contracts' },
  documents: { fa: 'پیش‌فاکتورها و فاکتورها', en: 'Quotes and invoices' },
  documentEvents: { fa: 'رویدادهای اسناد', en: 'Document events' },
  deals: { fa: 'فرصت‌های فروش', en: 'Deals' },
  dealStageEvents: { fa: 'تغییر مراحل فرصت‌ها', en: 'Deal stage changes' },
  relations: { fa: 'ارتباط با سازمان‌ها', en: 'Organization links' },
  merges: { fa: 'ادغام‌های پرونده', en: 'Record merges' },
  importRows: { fa: 'ردیف‌های ورود از فایل', en: 'Rows of file imports' },
  leadSubmissions: { fa: 'فرم‌های ارسال‌شده از وب‌سایت', en: 'Website form submissions' },
  segments: { fa: 'بخش‌های ثابت مشتریان', en: 'Static customer segments' },
  campaignRecipients: { fa: 'کمپین‌های پیامکی', en: 'SMS campaigns' },
  automationRuns: { fa: 'اجراهای خودکارسازی', en: 'Automation runs' },
  customerScores: { fa: 'امتیازها و پیش‌بینی‌ها', en: 'Scores and predictions' },
  loyaltyMember: { fa: 'عضویت باشگاه مشتریان', en: 'Customer club membership' },
  loyaltyLedger: { fa: 'گردش امتیاز باشگاه', en: 'Club points ledger' },
  loyaltyTierChanges: { fa: 'تغییرهای سطح باشگاه', en: 'Club tier changes' },
  loyaltyLoginCodes: { fa: 'کدهای ورود به صفحهٔ باشگاه', en: 'Club page sign-in codes' },
  loyaltyMemberSessions: { fa: 'نشست‌های صفحهٔ باشگاه', en: 'Club page sessions' },
  customerScoreHistory: { fa: 'تاریخچهٔ امتیازها', en: 'Score history' },
  audit: { fa: 'سوابق تغییرات (ممیزی)', en: 'Change history (audit)' },
};
