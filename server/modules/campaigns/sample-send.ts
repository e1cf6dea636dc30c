/**
 * A campaign's test send: ONE message to a staff member's mobile or email, rendered for a sample customer (the given
 * one, in the sender's scope, or the first the preview shows) exactly as that customer would get it — channel of the
 * address, the customer's language, personal values — and queued through the outbox. It is marked as a test
 * (subject type `campaign_test`, no customer on the message log, since the address is not the customer's) and is no
 * recipient: results and progress never count it. Its tracked link leads straight to the campaign's link (nothing to
 * record); its unsubscribe link belongs to no recipient.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { loadVisibleCustomer } from '../customers/index.ts';
import { savedSegmentWhere } from '../segments/index.ts';
import { queueMessage } from '../messaging/index.ts';
import { normalizePhone } from '../../../common/phone.ts';
import type { SendChannel } from '../../../common/campaigns.schemas.ts';
import { eligible, loadCampaign, type CampaignRecipientRow } from './campaigns.service.ts';
import { campaignMessage } from './campaigns.sending.ts';
import { loadPersonal } from './campaigns.personal.ts';
import { allTexts, languageOf, textFor } from './campaigns.texts.ts';
import { personalKeysIn } from './template.ts';
import type { LinkContext } from './links.ts';

export const TEST_SUBJECT_TYPE = 'campaign_test';
type Sample = CampaignRecipientRow & { preferred_language: string | null };

/** The address as the channel it belongs to, or a 400 naming what is wrong. */
function addressOf(to: string, campaignChannel: string): { channel: SendChannel; address: string } {
  const isEmail = to.includes('@');
  const want: SendChannel | null = campaignChannel === 'preferred' ? null : (campaignChannel as SendChannel);
  if (isEmail) {
    if (!z.email().safeParse(to).success) throw new AppError('VALIDATION_FAILED', 'Not an email address', { to: 'not a valid email address' });
    if (want === 'sms') throw new AppError('VALIDATION_FAILED', 'An SMS campaign is tested on a mobile number', { to: 'give a mobile number' });
    return { channel: 'email', address: to.toLowerCase() };
  }
  const p = normalizePhone(to);
  if (!p.ok || (p.type !== 'MOBILE' && p.type !== 'FIXED_LINE_OR_MOBILE')) throw new AppError('VALIDATION_FAILED', 'Not a mobile number', { to: 'not a valid mobile number or email address' });
  if (want === 'email') throw new AppError('VALIDATION_FAILED', 'An email campaign is tested on an email address', { to: 'give an email address' });
  return { channel: 'sms', address: p.e164 };
}

export async function testSendCampaign(tx: Db, actor: Actor, clock: Clock, links: LinkContext, id: string, input: { to: string; customerId?: string }) {
  assertCan(actor, 'customers', 'update');
  const c = await loadCampaign(tx, actor, id);
  const { channel, address } = addressOf(input.to, c.channel);
  let sample: Sample | undefined;
  if (input.customerId) {
    const cu = await loadVisibleCustomer(tx, actor, input.customerId);
    sample = { id: cu.id, customer_id: cu.id, display_name: cu.displayName, first_name: cu.firstName, last_name: cu.lastName, gender: cu.gender, preferred_language: cu.preferredLanguage };
  } else {
    // The preview's first sample (eligible, newest first), else anyone in the segment.
    const where = await savedSegmentWhere(tx, actor, clock, c.segmentId);
    [sample] = (await tx.execute(sql`
      SELECT c.id, c.id AS customer_id, c.display_name, c.first_name, c.last_name, c.gender, c.preferred_language FROM customers c
      WHERE ${where} ORDER BY ${eligible(c.channel)} DESC, c.updated_at DESC LIMIT 1`)).rows as Sample[];
  }
  if (!sample) throw new AppError('CONFLICT', 'The segment has no customer to render the test for: give a customerId', { customerId: 'required: the segment is empty' });
  const lang = languageOf(sample.preferred_language);
  const personal = await loadPersonal(tx, [sample.customer_id], personalKeysIn(allTexts(c)), { fa: c.offerText, en: c.offerTextEn });
  const language = textFor(c, channel, lang).language;
  // The message as the customer would get it, with links that belong to no recipient; the click goes straight to the link.
  const m = campaignMessage(links, c, { ...sample, id: randomUUID(), variant: null }, address, channel, lang, personal(sample.customer_id, language));
  const direct = (s: string | undefined) => (s && c.linkUrl ? s.replace(/https?:\/\/[^\s"<]*\/c\/[A-Za-z0-9_-]{34}/g, c.linkUrl) : s);
  const queued = await queueMessage(tx, {
    ...m, body: direct(m.body)!, html: direct(m.html), customerId: null, subjectType: TEST_SUBJECT_TYPE, subjectId: c.id,
    dedupeKey: `campaign-test:${c.id}:${randomUUID()}`, createdBy: actor.userId,
  });
  return { messageId: queued!.messageId, channel, address, customerId: sample.customer_id, language: m.language, subject: m.subject ?? null, text: direct(m.body)! };
}
