/** Web-to-lead forms: the builder's input and views, the embed snippet, and the submission answer. */
import { z } from 'zod';
import { isoDateTime, uuid } from './api.schemas.ts';

/** Customer fields a lead form may fill; `custom:<key>` fills a custom field. */
export const LEAD_TARGETS = ['firstName', 'lastName', 'orgName', 'phone', 'email', 'city', 'province', 'nationalId', 'birthday', 'note'] as const;
export const LEAD_FIELD_TYPES = ['text', 'tel', 'email', 'textarea', 'date', 'number'] as const;

const bi = (max: number) => z.object({ fa: z.string().trim().min(1).max(max), en: z.string().trim().max(max).default('') }).strict();
const target = z.union([z.enum(LEAD_TARGETS), z.string().regex(/^custom:[a-z][a-z0-9_]{0,59}$/, 'a customer field or custom:<key>')]);

export const leadField = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and _'),
  target,
  label: bi(100),
  required: z.boolean().default(false),
  type: z.enum(LEAD_FIELD_TYPES).default('text'),
}).strict();
export type LeadField = z.infer<typeof leadField>;

export const leadConsent = z.object({ channel: z.enum(['sms', 'email']), text: bi(500) }).strict();
export type LeadConsent = z.infer<typeof leadConsent>;

const httpUrl = z.string().trim().max(2000).refine((v) => {
  try { const u = new URL(v); return u.protocol === 'http:' || u.protocol === 'https:'; } catch { return false; }
}, 'an http or https address');

export const leadThankYou = z.union([
  z.object({ kind: z.literal('message'), text: bi(1000) }).strict(),
  z.object({ kind: z.literal('redirect'), url: httpUrl }).strict(),
]);

export const ownerRule = z.union([
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('round_robin'), userIds: z.array(z.uuid()).min(1).max(50) }).strict(),
  z.object({ kind: z.literal('field'), field: z.string().max(40), map: z.record(z.string().max(200), z.uuid()), fallbackUserId: z.uuid().nullable().default(null) }).strict(),
]);
export type OwnerRule = z.infer<typeof ownerRule>;

const formFields = {
  name: z.string().trim().min(1).max(200),
  title: bi(200),
  fields: z.array(leadField).min(1).max(30),
  consents: z.array(leadConsent).max(2).default([]),
  thankYou: leadThankYou,
  language: z.enum(['fa', 'en']).default('fa'),
  ownerRule: ownerRule.default({ kind: 'none' }),
  createDeal: z.boolean().default(false),
  stageId: z.uuid().nullable().default(null),
  proofOfWork: z.number().int().min(0).max(22).default(0),
  active: z.boolean().default(true),
};
export const leadFormCreate = z.object(formFields).strict();
export type LeadFormCreate = z.infer<typeof leadFormCreate>;
export const leadFormUpdate = z.object(formFields).partial().strict();
export type LeadFormUpdate = z.infer<typeof leadFormUpdate>;

export const leadFormView = z.object({
  id: uuid, name: z.string(), token: z.string(), title: z.object({ fa: z.string(), en: z.string() }),
  fields: z.array(leadField), consents: z.array(leadConsent), thankYou: leadThankYou, language: z.enum(['fa', 'en']),
  ownerRule, createDeal: z.boolean(), stageId: uuid.nullable(), proofOfWork: z.number().int(), active: z.boolean(),
  submissions: z.number().int(), pageUrl: z.string(), scriptUrl: z.string(), createdAt: isoDateTime, updatedAt: isoDateTime,
});
export type LeadFormView = z.infer<typeof leadFormView>;
export const leadFormList = z.object({ items: z.array(leadFormView) });

export const leadSubmissionView = z.object({
  id: uuid, customerId: uuid.nullable(), dealId: uuid.nullable(), outcome: z.enum(['created', 'updated', 'erased']),
  consents: z.array(z.object({ channel: z.enum(['sms', 'email']), text: z.string(), at: isoDateTime })),
  payload: z.record(z.string(), z.string()), at: isoDateTime,
});
export const leadSubmissionPage = z.object({ items: z.array(leadSubmissionView), total: z.number().int() });

/** What a script or fetch receives after a submission (a plain form post with a redirect gets a 303 instead). */
export const leadAnswer = z.object({ ok: z.literal(true), message: z.string().nullable(), redirect: z.string().nullable() });
export const leadChallenge = z.object({ challenge: z.string(), difficulty: z.number().int() });
