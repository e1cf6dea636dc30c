/** A customer merge moves this module's rows of the merged record to the survivor (and back on undo). */
import { registerCustomerMover, columnMover } from '../customers/index.ts';
import { surveyInvitations, surveyResponses, feedback } from './surveys.tables.ts';

export function registerSurveyMover(): void {
  registerCustomerMover(columnMover('surveys', [
    { table: surveyInvitations, id: surveyInvitations.id, customerId: surveyInvitations.customerId },
    { table: surveyResponses, id: surveyResponses.id, customerId: surveyResponses.customerId },
    { table: feedback, id: feedback.id, customerId: feedback.customerId },
  ]));
}
