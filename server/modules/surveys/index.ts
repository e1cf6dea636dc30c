// Voice of the customer: surveys and their triggers, answers and the closed loop, the feedback inbox, the figures.
export { surveys, surveyInvitations, surveyResponses, feedback, feedbackTopics } from './surveys.tables.ts';
export { createSurvey, updateSurvey, getSurvey, listSurveys, readVocSettings } from './surveys.service.ts';
export { scheduleInvitation, triggerSurveys, dispatchDue, schedulePeriodic, sendSurvey, setSurveyLinkBase, tokenHash as surveyTokenHash } from './invitations.service.ts';
export { answerBySms, checkAnswers, voiceSection } from './responses.service.ts';
export { createFeedback } from './feedback.service.ts';
export { isUnhappy, npsCategory, type MetricKind } from './metrics.ts';
export { registerSurveyViews } from './surveys.timeline.ts';
export { registerSurveyMover } from './surveys.mover.ts';
export { registerSurveyDataRights } from './surveys.data-rights.ts';
export { registerSurveySegmentFields } from './surveys.segment-fields.ts';
