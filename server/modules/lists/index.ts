// Lists: what the record lists share — each user's columns per list, and the undo record of bulk edits.
export { listPreferences, bulkEdits, type BulkChange, type BulkEntity } from './lists.tables.ts';
export { getListPreference, saveListPreference, recordBulkEdit, takeBulkEdit, UNDO_MINUTES } from './lists.service.ts';
