/** Shapes of the API's answers (docs/api.md). Request shapes come from the shared Zod schemas in common/. */
import type { RolePermissions, RoleKey } from '../../../common/permissions';
import type { Phone, Email, Address, CustomFieldType } from '../../../common/customer.schemas';

export type Locale = 'fa' | 'en';
export type Calendar = 'jalali' | 'gregorian';
export type Currency = 'IRR' | 'IRT';

export type User = {
  id: string;
  email: string;
  name: string;
  roleId: string;
  roleKey: RoleKey | string;
  teamId: string | null;
  locale: Locale;
  calendar: Calendar;
  currency: Currency;
  timeZone: string;
  active: boolean;
  lastLoginAt: string | null;
  createdAt: string;
};

export type OrgSettings = {
  companyName: string;
  defaultLocale: Locale;
  defaultCurrency: Currency;
  defaultCalendar: Calendar;
  timeZone: string;
};

export type Me = { user: User; role: { key: string; permissions: RolePermissions }; csrfToken: string; org: OrgSettings };
export type SetupStatus = { needsAdmin: boolean; howTo: string[] };

export type Role = { id: string; key: string; name: string; permissions: RolePermissions; builtIn: boolean };
export type Team = { id: string; name: string };
export type ApiKey = { id: string; name: string; prefix: string; userId: string; createdAt?: string; lastUsedAt?: string | null; revokedAt?: string | null };
export type CreatedApiKey = { key: string; id: string; name: string; prefix: string; userId: string };
export type Items<T> = { items: T[] };

export type Customer = {
  id: string;
  kind: 'person' | 'organization';
  firstName: string | null;
  lastName: string | null;
  orgName: string | null;
  latinName: string | null;
  displayName: string;
  title: string | null;
  gender: 'male' | 'female' | 'other' | null;
  phones: Phone[];
  emails: Email[];
  addresses: Address[];
  city: string | null;
  province: string | null;
  nationalId: string | null;
  companyNationalId: string | null;
  economicCode: string | null;
  registrationNo: string | null;
  birthday: string | null;
  preferredChannel: string | null;
  contactHours: string | null;
  interests: string[];
  tags: string[];
  ownerId: string | null;
  owner: { id: string; name: string } | null;
  teamId: string | null;
  source: string | null;
  lifecycleStage: string;
  smsConsent: boolean;
  smsConsentAt: string | null;
  emailConsent: boolean;
  emailConsentAt: string | null;
  custom: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
};

export type CustomerPage = { items: Customer[]; total: number; page: number; pageSize: number };
export type SearchHit = { id: string; displayName: string; kind: Customer['kind']; phone: string | null; email: string | null; lifecycleStage: string; city: string | null };
export type DuplicateMatch = { id: string; displayName: string; matchedOn: ('phone' | 'email' | 'nationalId' | 'companyNationalId')[] };

export type Task = {
  id: string;
  title: string;
  description: string | null;
  customerId: string | null;
  customerName: string | null;
  interactionId: string | null;
  isPromise: boolean;
  dueAt: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  createdBy: string | null;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  status: 'open' | 'done' | 'cancelled';
  reminderAt: string | null;
  remindedAt: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
  overdue: boolean;
};
export type TaskCounts = { overdue: number; today: number; upcoming: number; noDate: number };
export type TaskPage = { items: Task[]; total: number; counts: TaskCounts };

export type Interaction = {
  id: string;
  kind: string;
  channel: string | null;
  direction: 'in' | 'out' | null;
  occurredAt: string;
  authorId: string | null;
  authorName: string | null;
  summary: string;
  body: string | null;
  durationSec: number | null;
  outcome: string | null;
  recording?: string | null;
};

export type AuditChange = { field: string; old: unknown; new: unknown };
export type TimelineItem =
  | { kind: 'interaction'; id: string; at: string; data: Interaction }
  | { kind: 'task'; id: string; at: string; data: Task }
  | { kind: 'audit'; id: string; at: string; data: { entityType: string; entityId: string; action: string; actorId: string | null; actorName: string | null; changes: AuditChange[] } };
export type TimelinePage = { items: TimelineItem[]; nextCursor: string | null };

export type Related = { id: string; displayName: string; roleTitle: string | null };
export type Profile = {
  customer: Customer;
  organizations: Related[];
  members: Related[];
  openPromises: Task[];
  openTasks: Task[];
  counters: { interactions: number; byKind: Record<string, number>; openTasks: number; openPromises: number; brokenPromises: number; lastInteractionAt: string | null };
  timeline: TimelinePage;
  sections: Record<string, unknown>;
};

export type AuditEntry = {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  entityType: string;
  entityId: string;
  action: string;
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
};
export type AuditPage = { items: AuditEntry[]; nextCursor: string | null };

export type CustomFieldOption = { value: string; labelFa: string; labelEn: string };
export type CustomField = {
  id: string;
  key: string;
  labelFa: string;
  labelEn: string;
  type: CustomFieldType;
  options: CustomFieldOption[];
  required: boolean;
  min: number | null;
  max: number | null;
  position: number;
  active: boolean;
};

export type SavedView = { id: string; name: string; query: Record<string, string>; shared: boolean; userId?: string };

export type AppNotification = { id: string; kind: string; title: string; body: string | null; link: string | null; createdAt: string; readAt: string | null };
export type NotificationList = { items: AppNotification[]; unread: number };
