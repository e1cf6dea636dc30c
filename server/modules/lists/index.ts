// Lists: what the record lists share — each user's columns per list, the undo record of bulk edits, "export selected".
export { listPreferences, bulkEdits, type BulkChange, type BulkEntity } from './lists.tables.ts';
export { getListPreference, saveListPreference, recordBulkEdit, takeBulkEdit, UNDO_MINUTES } from './lists.service.ts';
export { sheetFile, XLSX_TYPE, type SheetColumn } from './lists.export.ts';
