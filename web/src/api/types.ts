/**
 * Shapes of the API's answers, as the server's response schemas in common/ declare them (z.output: what arrives over
 * the wire — moments and money as strings). Written nowhere else: change the schema and these follow.
 */
import type { z } from 'zod';
import type {
  LOCALES, CALENDARS, CURRENCIES, userView, userAnswer, loginAnswer, meView, setupStatusView, roleView, teamView, apiKeyView, apiKeyCreated,
} from '../../../common/auth.schemas';
import type { orgSettingsSchema } from '../../../common/settings.schemas';
import type {
  customerView, customerPage, customerSearchHit, duplicateMatch, customFieldView, customFieldOptionView, savedViewView, auditEntryView, auditPage,
} from '../../../common/customer.schemas';
import type { interactionView, taskView, taskCounts, taskPage } from '../../../common/activity.schemas';
import type { timelineItem, timelinePage, customer360View, relatedCustomer, auditTimelineData } from '../../../common/profile.schemas';
import type { notificationView, notificationList } from '../../../common/notifications.schemas';
import type { duplicatePair, duplicatePairsPage, duplicatePairView, mergeAnswer, undoMergeAnswer, mergesPage } from '../../../common/merge.schemas';

/** What a response schema answers, as the client receives it. */
export type Answer<T extends z.ZodType> = z.output<T>;

export type Locale = (typeof LOCALES)[number];
export type Calendar = (typeof CALENDARS)[number];
export type Currency = (typeof CURRENCIES)[number];

export type User = Answer<typeof userView>;
export type OrgSettings = Answer<typeof orgSettingsSchema>;
export type Me = Answer<typeof meView>;
/** POST /api/auth/login: the user and the session's CSRF token. */
export type LoginAnswer = Answer<typeof loginAnswer>;
/** PATCH /api/auth/me/preferences. */
export type UserAnswer = Answer<typeof userAnswer>;
export type SetupStatus = Answer<typeof setupStatusView>;
export type Role = Answer<typeof roleView>;
export type Team = Answer<typeof teamView>;
export type ApiKey = Answer<typeof apiKeyView>;
export type CreatedApiKey = Answer<typeof apiKeyCreated>;
export type Items<T> = { items: T[] };

export type Customer = Answer<typeof customerView>;
export type CustomerPage = Answer<typeof customerPage>;
export type SearchHit = Answer<typeof customerSearchHit>;
export type DuplicateMatch = Answer<typeof duplicateMatch>;

export type Task = Answer<typeof taskView>;
export type TaskCounts = Answer<typeof taskCounts>;
export type TaskPage = Answer<typeof taskPage>;
export type Interaction = Answer<typeof interactionView>;

export type AuditChange = Answer<typeof auditTimelineData>['changes'][number];
export type TimelineItem = Answer<typeof timelineItem>;
export type TimelinePage = Answer<typeof timelinePage>;

export type Related = Answer<typeof relatedCustomer>;
export type Profile = Answer<typeof customer360View>;

export type AuditEntry = Answer<typeof auditEntryView>;
export type AuditPage = Answer<typeof auditPage>;

export type CustomFieldOption = Answer<typeof customFieldOptionView>;
export type CustomField = Answer<typeof customFieldView>;
export type SavedView = Answer<typeof savedViewView>;

export type AppNotification = Answer<typeof notificationView>;
export type NotificationList = Answer<typeof notificationList>;

// Duplicates and merges (common/merge.schemas.ts).
export type DuplicatePair = Answer<typeof duplicatePair>;
export type DuplicatePairsPage = Answer<typeof duplicatePairsPage>;
export type DuplicatePairView = Answer<typeof duplicatePairView>;
export type MergeAnswer = Answer<typeof mergeAnswer>;
export type UndoMergeAnswer = Answer<typeof undoMergeAnswer>;
export type MergesPage = Answer<typeof mergesPage>;
export type { ImportView, ImportPreview, ImportMapping, ImportOptions, MappingTarget } from '../../../common/imports.schemas';
