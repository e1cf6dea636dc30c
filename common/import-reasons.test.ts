import { describe, it, expect } from 'vitest';
import { reasonText } from './import-reasons.ts';

describe('import reasons in Persian and English', () => {
  it('translates each field: message part; English stays as stored', () => {
    const r = 'phone: "abc" is not a valid phone number; birthday: "1370/13/01" is not a valid Jalali date';
    expect(reasonText(r, 'en')).toBe(r);
    expect(reasonText(r, 'fa')).toBe('تلفن: «abc» شماره تلفن درستی نیست؛ تاریخ تولد: «1370/13/01» تاریخ شمسی درستی نیست');
  });
  it('knows the kinds\' reasons and the duplicate ones', () => {
    expect(reasonText('customer: no customer matches (code K9, phone +989121234567)', 'fa')).toBe('مشتری: مشتری‌ای با این مشخصات پیدا نشد (کد K9، تلفن +989121234567)');
    expect(reasonText('duplicate (phone, email)', 'fa')).toBe('تکراری (تلفن، ایمیل)');
    expect(reasonText('duplicate (invoice number)', 'fa')).toBe('تکراری (شماره فاکتور)');
    expect(reasonText('amount: a line needs a unit price or an amount', 'fa')).toBe('مبلغ: هر سطر قیمت واحد یا مبلغ لازم دارد');
    expect(reasonText('userEmail: no user with the email x@y.z', 'fa')).toBe('ایمیل کاربر: کاربری با ایمیل x@y.z نیست');
  });
  it('leaves a message it does not know as it is', () => {
    expect(reasonText('code: something new', 'fa')).toBe('کد: something new');
    expect(reasonText('', 'fa')).toBe('');
  });
});
