/** The pure rules of campaign texts: channel by preference, text by language and variant, points in Persian digits, the co-purchase pick. */
import { describe, it, expect } from 'vitest';
import { pickChannel, textFor } from './campaigns.texts.ts';
import { formatPoints, personalKeysIn, renderCampaignText } from './template.ts';
import { bestOffer } from './campaigns.personal.ts';

const base = { channel: 'preferred' as const, name: 'n', subject: 'موضوع', body: 'پیامک', bodyB: null, subjectB: null, emailBody: 'ایمیل', bodyEn: 'sms', subjectEn: 'Subject', emailBodyEn: null };

describe('campaign texts', () => {
  it('picks the preferred channel when possible, else the other, else none; no email preference means SMS first', () => {
    expect(pickChannel('email', true, true)).toBe('email');
    expect(pickChannel('email', true, false)).toBe('sms');
    expect(pickChannel('sms', false, true)).toBe('email');
    expect(pickChannel(null, true, true)).toBe('sms');
    expect(pickChannel('whatsapp', false, true)).toBe('email');
    expect(pickChannel('email', false, false)).toBeNull();
  });

  it('chooses the text by channel, language and variant; a missing English text falls back to the Persian pair', () => {
    expect(textFor(base, 'sms', 'en')).toEqual({ subject: null, body: 'sms', language: 'en' });
    expect(textFor(base, 'email', 'en')).toEqual({ subject: 'موضوع', body: 'ایمیل', language: 'fa' });
    expect(textFor(base, 'email', 'fa')).toEqual({ subject: 'موضوع', body: 'ایمیل', language: 'fa' });
    expect(textFor({ ...base, channel: 'email', body: 'متن', bodyEn: 'text' }, 'email', 'en')).toEqual({ subject: 'Subject', body: 'text', language: 'en' });
    expect(textFor({ ...base, channel: 'sms', bodyB: 'ب', bodyEn: null }, 'sms', 'fa', 'b')).toEqual({ subject: null, body: 'ب', language: 'fa' });
  });

  it('writes points with Persian digits and the Persian thousands separator in Persian, plain in English', () => {
    expect(formatPoints(1250, 'fa')).toBe('۱٬۲۵۰');
    expect(formatPoints(1234567, 'en')).toBe('1,234,567');
    expect(formatPoints(0, 'fa')).toBe('۰');
  });

  it('finds the look-up placeholders by either name and renders them', () => {
    expect([...personalKeysIn(['{آخرین_خرید} و {points}', null, 'x {offer}'])].sort()).toEqual(['lastProduct', 'offer', 'points']);
    const r = { display_name: 'سارا رضایی', first_name: 'سارا', last_name: 'رضایی', gender: 'female' };
    const p = { lastProduct: 'چای', points: 40, tier: 'طلایی', offer: 'قوری' };
    expect(renderCampaignText('{پیشنهاد}، {سطح}، {امتیاز}، {lastProduct}', r, undefined, p)).toBe('قوری، طلایی، ۴۰، چای');
    expect(renderCampaignText('Dear {greeting}, {points}', r, undefined, p, 'en')).toBe('Dear Ms رضایی, 40');
    expect(renderCampaignText('{points}', r)).toBe('{points}');
  });

  it('co-purchase: sums over the owned products, never offers what is owned, ties by product code', () => {
    const products = new Map([['tea', { fa: 'چای', en: 'Tea', code: 'T' }], ['cup', { fa: 'فنجان', en: 'Cup', code: 'C' }], ['pot', { fa: 'قوری', en: 'Pot', code: 'P' }], ['sugar', { fa: 'قند', en: 'Sugar', code: 'S' }]]);
    const neighbours = new Map([
      ['tea', [{ p: 'cup', n: 3 }, { p: 'pot', n: 2 }]],
      ['sugar', [{ p: 'pot', n: 2 }, { p: 'tea', n: 1 }]],
    ]);
    const table = { neighbours, products };
    expect(bestOffer(['tea'], table)).toBe('cup'); // 3 > 2
    expect(bestOffer(['tea', 'sugar'], table)).toBe('pot'); // pot 2 + 2 = 4 > cup 3; tea owned
    expect(bestOffer(['tea', 'cup'], table)).toBe('pot');
    expect(bestOffer([], table)).toBeNull();
    const tie = { neighbours: new Map([['tea', [{ p: 'pot', n: 2 }, { p: 'cup', n: 2 }]]]), products };
    expect(bestOffer(['tea'], tie)).toBe('cup'); // code C before P
  });
});
