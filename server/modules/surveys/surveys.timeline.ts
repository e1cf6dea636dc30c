/**
 * Surveys on the customer's 360° view: each answer on the timeline (score, comment, the ticket or invoice that asked
 * for it, the follow-up's state), a `voice` section with the latest answers (the ticket screen shows the last one), and
 * the customer's texted-back scores taken from their SMS; and the triggers: a ticket resolved, an invoice paid.
 */
import { sql } from 'drizzle-orm';
import { registerProfileSection, registerTimelineSource, beforeCursor, isoAt } from '../customers/index.ts';
import { can, customerScopeSql } from '../auth/index.ts';
import { registerInboundTextHandler } from '../messaging/index.ts';
import type { Clock } from '../../clock.ts';
import { answerBySms, voiceSection } from './responses.service.ts';
import { triggerSurveys } from './invitations.service.ts';
import { onTicketResolved } from '../support/index.ts';
import { onInvoicePaid } from '../documents/index.ts';

/** Idempotent: registering again replaces the same source, section and handler. */
export function registerSurveyViews(clock: Clock): void {
  registerInboundTextHandler('surveys.sms-score', (tx, m) => answerBySms(tx, clock, m));
  onTicketResolved('surveys', (tx, t, now) => triggerSurveys(tx, now, 'ticket_resolved', t.customerId, { type: 'ticket', id: t.id }));
  onInvoicePaid('surveys', (tx, inv, now) => triggerSurveys(tx, now, 'invoice_paid', inv.customerId, { type: 'document', id: inv.id }));
  registerTimelineSource({
    kind: 'survey',
    async fetch(db, actor, customerId, cursor, limit) {
      if (!can(actor, 'surveys', 'read')) return [];
      const scope = customerScopeSql(actor, 'c');
      const res = await db.execute(sql`SELECT r.id::text AS id, r.created_at AS at, r.metric, r.score, r.comment, r.channel, r.source_type, r.source_id,
          r.loop_status, s.name AS survey_name, t.number AS ticket_number, d.number AS document_number
        FROM survey_responses r JOIN surveys s ON s.id = r.survey_id JOIN customers c ON c.id = r.customer_id
          LEFT JOIN tickets t ON r.source_type = 'ticket' AND t.id = r.source_id LEFT JOIN documents d ON r.source_type = 'document' AND d.id = r.source_id
        WHERE r.customer_id = ${customerId} ${scope ? sql`AND ${scope}` : sql``} AND ${beforeCursor('survey', sql`r.created_at`, sql`r.id::text`, cursor)}
        ORDER BY r.created_at DESC, r.id::text DESC LIMIT ${limit}`);
      return res.rows.map((r) => ({
        kind: 'survey', id: String(r.id), at: isoAt(r.at),
        data: {
          surveyName: String(r.survey_name), metric: (r.metric as string | null) ?? null, score: r.score == null ? null : Number(r.score),
          comment: (r.comment as string | null) ?? null, channel: String(r.channel), sourceType: (r.source_type as string | null) ?? null,
          sourceId: (r.source_id as string | null) ?? null, ticketNumber: r.ticket_number == null ? null : Number(r.ticket_number),
          documentNumber: (r.document_number as string | null) ?? null, loopStatus: (r.loop_status as string | null) ?? null,
        },
      }));
    },
  });
  registerProfileSection({ key: 'voice', load: (db, actor, customerId) => voiceSection(db, actor, customerId) });
}
