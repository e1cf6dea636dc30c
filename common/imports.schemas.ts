/** Imports from CSV/XLSX files: the fields a column can map to, the options, and the API's answers. */
import { z } from 'zod';
import { isoDateTime, uuid } from './api.schemas.ts';
import type { PermObject } from './permissions.ts';

export const IMPORT_KINDS = ['customers', 'products', 'purchases', 'interactions', 'tickets'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
/** The permission object each kind's records belong to: create to import, delete (and update) to undo. */
export const IMPORT_KIND_OBJECTS = { customers: 'customers', products: 'products', purchases: 'documents', interactions: 'interactions', tickets: 'tickets' } as const satisfies Record<ImportKind, PermObject>;

/** Customer fields a column can feed. `custom:<key>` feeds a custom field, `money:<key>` a number field in Rials. */
export const CUSTOMER_IMPORT_FIELDS = [
  'fullName', 'firstName', 'lastName', 'orgName', 'kind', 'mobile', 'phone', 'email', 'nationalId', 'companyNationalId',
  'city', 'province', 'address', 'postalCode', 'birthday', 'gender', 'tags', 'notes', 'externalId', 'title', 'latinName',
] as const;
export type CustomerImportField = (typeof CUSTOMER_IMPORT_FIELDS)[number];

/** The columns that find the customer a purchase, interaction or ticket belongs to. */
export const CUSTOMER_KEY_FIELDS = ['customerCode', 'customerPhone', 'customerEmail', 'customerNationalId'] as const;
export const PRODUCT_IMPORT_FIELDS = ['name', 'nameEn', 'code', 'price', 'unit', 'category', 'tax', 'description', 'productKind'] as const;
export const PURCHASE_IMPORT_FIELDS = [
  ...CUSTOMER_KEY_FIELDS, 'customerName', 'invoiceNumber', 'date', 'productCode', 'productName', 'quantity', 'unitPrice', 'discount', 'amount', 'paid',
] as const;
export const INTERACTION_IMPORT_FIELDS = [...CUSTOMER_KEY_FIELDS, 'interactionKind', 'date', 'summary', 'body', 'userEmail', 'direction'] as const;
export const TICKET_IMPORT_FIELDS = [...CUSTOMER_KEY_FIELDS, 'subject', 'description', 'status', 'priority', 'category', 'date', 'ticketNumber', 'channel'] as const;

/** Per kind, the fields a column can feed (customers also take custom fields). */
export const IMPORT_FIELDS: Record<ImportKind, readonly string[]> = {
  customers: CUSTOMER_IMPORT_FIELDS,
  products: PRODUCT_IMPORT_FIELDS,
  purchases: PURCHASE_IMPORT_FIELDS,
  interactions: INTERACTION_IMPORT_FIELDS,
  tickets: TICKET_IMPORT_FIELDS,
};
const ALL_IMPORT_FIELDS = [...new Set(Object.values(IMPORT_FIELDS).flat())] as [string, ...string[]];

export const IMPORT_ENCODINGS = ['auto', 'utf-8', 'windows-1256'] as const;
export const DATE_MODES = ['auto', 'jalali', 'gregorian'] as const;
export const MONEY_UNITS = ['rial', 'toman'] as const;
export const ON_DUPLICATE = ['create', 'update', 'skip'] as const;
export const IMPORT_STATUSES = ['uploaded', 'queued', 'running', 'done', 'failed', 'cancelled', 'undone'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** One column's target: a field, a custom field, a money custom field (Rials), or nothing. */
export const mappingTarget = z.union([
  z.enum(ALL_IMPORT_FIELDS),
  z.string().regex(/^(custom|money):[a-z][a-z0-9_]{0,59}$/),
  z.literal('ignore'),
]);
export type MappingTarget = z.infer<typeof mappingTarget>;
/** Column index (as a string key, 0-based) → target. */
export const importMapping = z.record(z.string().regex(/^\d{1,3}$/), mappingTarget);
export type ImportMapping = z.infer<typeof importMapping>;

export const importOptions = z.object({
  dates: z.enum(DATE_MODES).default('auto'),
  moneyUnit: z.enum(MONEY_UNITS).default('rial'),
  onDuplicate: z.enum(ON_DUPLICATE).default('skip'),
}).strict();
export type ImportOptions = z.infer<typeof importOptions>;

export const importUploadQuery = z.object({
  kind: z.enum(IMPORT_KINDS).default('customers'),
  fileName: z.string().trim().min(1).max(200).default('import.csv'),
  encoding: z.enum(IMPORT_ENCODINGS).default('auto'),
});

export const importSettingsInput = z.object({
  mapping: importMapping.optional(),
  options: importOptions.partial().optional(),
}).strict();

export const previewRow = z.object({
  row: z.number().int(),
  values: z.record(z.string(), z.unknown()).meta({ description: 'The record as it will be stored' }),
  errors: z.array(z.string()),
});

export const importView = z.object({
  id: uuid,
  kind: z.enum(IMPORT_KINDS),
  fileName: z.string(),
  status: z.enum(IMPORT_STATUSES),
  encoding: z.string(),
  format: z.enum(['csv', 'xlsx']),
  headerRow: z.number().int().meta({ description: '0-based index of the header among the file rows' }),
  headers: z.array(z.string()),
  mapping: importMapping,
  options: importOptions,
  total: z.number().int(),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  rejected: z.number().int(),
  error: z.string().nullable(),
  createdAt: isoDateTime,
  finishedAt: isoDateTime.nullable(),
});
export type ImportView = z.output<typeof importView>;

export const importPreview = importView.extend({ preview: z.array(previewRow) });
export type ImportPreview = z.output<typeof importPreview>;

export const importUndoAnswer = z.object({ removed: z.number().int(), reverted: z.number().int() });

export const importRejectedQuery = z.object({ lang: z.enum(['fa', 'en']).optional().meta({ description: 'Language of the reason column; default the user\'s' }) });

/** The CLI's last line. */
export type ImportSummary = { created: number; updated: number; skipped: number; rejected: number; rejectedFile: string | null; batchId: string };
