/**
 * The default journey seeded by the migration (and recreated if missing): seven stages from awareness to advocacy, with
 * touchpoints over the events Mehvar already records. The migration's hand-written INSERT holds the same JSON
 * (journeys.default.test.ts keeps them equal).
 */
import type { StageDef, TouchpointDef } from './journeys.tables.ts';

export const DEFAULT_JOURNEY_NAME = 'سفر مشتری';

export const DEFAULT_STAGES: StageDef[] = [
  { key: 'awareness', name: 'آشنایی', nameEn: 'Awareness' },
  { key: 'consideration', name: 'بررسی', nameEn: 'Consideration' },
  { key: 'purchase', name: 'خرید', nameEn: 'Purchase' },
  { key: 'delivery', name: 'تحویل و راه‌اندازی', nameEn: 'Delivery & onboarding' },
  { key: 'use', name: 'استفاده', nameEn: 'Use' },
  { key: 'support', name: 'پشتیبانی', nameEn: 'Support' },
  { key: 'loyalty', name: 'وفاداری و معرفی', nameEn: 'Loyalty & advocacy' },
];

const CONVERSATION = ['call', 'meeting', 'visit', 'chat', 'whatsapp', 'instagram', 'telegram', 'email', 'sms'];

export const DEFAULT_TOUCHPOINTS: TouchpointDef[] = [
  { key: 'campaign_message', name: 'پیام کمپین', nameEn: 'Campaign message', stageKey: 'awareness', rule: { source: 'campaign' } },
  { key: 'web_form', name: 'فرم وب‌سایت', nameEn: 'Web form lead', stageKey: 'awareness', rule: { source: 'lead' } },
  { key: 'call_answered', name: 'تماس پاسخ‌داده', nameEn: 'Call answered', stageKey: 'consideration', rule: { source: 'call', events: ['answered'] } },
  { key: 'call_missed', name: 'تماس بی‌پاسخ', nameEn: 'Missed call', stageKey: 'consideration', rule: { source: 'call', events: ['missed'] } },
  { key: 'conversation', name: 'گفت‌وگو پیش از خرید', nameEn: 'Conversation before buying', stageKey: 'consideration', rule: { source: 'interaction', events: CONVERSATION, phase: 'before_purchase' } },
  { key: 'quote_sent', name: 'ارسال پیش‌فاکتور', nameEn: 'Quote sent', stageKey: 'consideration', rule: { source: 'quote', events: ['sent'] } },
  { key: 'quote_viewed', name: 'مشاهدهٔ پیش‌فاکتور', nameEn: 'Quote viewed', stageKey: 'consideration', rule: { source: 'quote', events: ['viewed'] } },
  { key: 'quote_expired', name: 'پیش‌فاکتور منقضی', nameEn: 'Quote expired', stageKey: 'consideration', rule: { source: 'quote', events: ['expired'] } },
  { key: 'quote_accepted', name: 'پذیرش پیش‌فاکتور', nameEn: 'Quote accepted', stageKey: 'purchase', rule: { source: 'quote', events: ['accepted'] } },
  { key: 'first_purchase', name: 'نخستین خرید', nameEn: 'First purchase', stageKey: 'purchase', rule: { source: 'invoice', events: ['paid'], phase: 'first' } },
  { key: 'delivery_csat', name: 'رضایت از تحویل', nameEn: 'Delivery satisfaction', stageKey: 'delivery', rule: { source: 'survey', metric: 'csat', triggers: ['invoice_paid'], measures: 'first_purchase' } },
  { key: 'service_contract', name: 'قرارداد خدمات', nameEn: 'Service contract', stageKey: 'use', rule: { source: 'contract', events: ['started'] } },
  { key: 'conversation_after', name: 'گفت‌وگو پس از خرید', nameEn: 'Conversation after buying', stageKey: 'use', rule: { source: 'interaction', events: CONVERSATION, phase: 'after_purchase' } },
  { key: 'ticket_opened', name: 'ثبت تیکت', nameEn: 'Ticket opened', stageKey: 'support', rule: { source: 'ticket', events: ['opened'] } },
  { key: 'first_response', name: 'نخستین پاسخ', nameEn: 'First response', stageKey: 'support', rule: { source: 'ticket', events: ['first_response'] } },
  { key: 'handover', name: 'ارجاع بین همکاران', nameEn: 'Hand-over', stageKey: 'support', rule: { source: 'handover' } },
  { key: 'ticket_resolved', name: 'حل تیکت', nameEn: 'Ticket resolved', stageKey: 'support', rule: { source: 'ticket', events: ['resolved'] } },
  { key: 'ticket_reopened', name: 'بازگشایی تیکت', nameEn: 'Ticket reopened', stageKey: 'support', rule: { source: 'ticket', events: ['reopened'] } },
  { key: 'support_survey', name: 'رضایت از پشتیبانی', nameEn: 'Support satisfaction', stageKey: 'support', rule: { source: 'survey', triggers: ['ticket_resolved'], measures: 'ticket_resolved' } },
  { key: 'repeat_purchase', name: 'خرید دوباره', nameEn: 'Repeat purchase', stageKey: 'loyalty', rule: { source: 'invoice', events: ['paid'], phase: 'repeat' } },
  { key: 'nps_answer', name: 'پاسخ NPS', nameEn: 'NPS answer', stageKey: 'loyalty', rule: { source: 'survey', metric: 'nps', triggers: ['periodic', 'manual'] } },
];
