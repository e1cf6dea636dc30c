/**
 * Survey invitations, answers and feedback in a data export. On erasure the free text goes (comments, text answers,
 * loop notes, feedback), the scores stay so that NPS/CSAT figures of the past do not change.
 */
import { and, eq } from 'drizzle-orm';
import { registerCustomerDataSection } from '../customers/index.ts';
import { feedback, surveyInvitations, surveyResponses } from './surveys.tables.ts';

/** Only numbers and choices made from fixed lists are kept; any text a person typed is dropped. */
const numericAnswers = (answers: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(answers).filter(([, v]) => typeof v === 'number' || typeof v === 'boolean'));

export function registerSurveyDataRights(): void {
  registerCustomerDataSection('surveys', {
    tables: ['survey_invitations', 'survey_responses', 'feedback'],
    // first: a response points at its follow-up task, which the tasks section deletes
    order: 10,
    collect: async (db, customerId) => ({
      surveyInvitations: await db.select().from(surveyInvitations).where(eq(surveyInvitations.customerId, customerId)),
      surveyResponses: await db.select().from(surveyResponses).where(eq(surveyResponses.customerId, customerId)),
      feedback: await db.select().from(feedback).where(eq(feedback.customerId, customerId)),
    }),
    erase: async (tx, customerId, ctx) => {
      const fb = await tx.delete(feedback).where(eq(feedback.customerId, customerId)).returning({ id: feedback.id });
      const responses = await tx.select({ id: surveyResponses.id, answers: surveyResponses.answers }).from(surveyResponses).where(eq(surveyResponses.customerId, customerId));
      for (const r of responses) {
        await tx.update(surveyResponses).set({ answers: numericAnswers(r.answers), comment: null, loopNote: null, loopTaskId: null, clientHash: null, updatedAt: ctx.now })
          .where(eq(surveyResponses.id, r.id));
      }
      // an invitation not yet sent is never sent now
      await tx.update(surveyInvitations).set({ status: 'skipped', skipReason: 'erased' }).where(and(eq(surveyInvitations.customerId, customerId), eq(surveyInvitations.status, 'scheduled')));
      const inv = await tx.update(surveyInvitations).set({ tokenHash: null }).where(eq(surveyInvitations.customerId, customerId)).returning({ id: surveyInvitations.id });
      return { deleted: { feedback: fb.length }, anonymized: { surveyResponses: responses.length, surveyInvitations: inv.length } };
    },
  });
}
