// Lists: what every record list shares — the user's columns, sorting headers, row selection, bulk bar, undo toast, phone cards.
export { useListColumns } from './useListColumns';
export { useRowSelection, type RowSelection } from './useRowSelection';
export { RecordTable, PHONE_QUERY, type ListColumn } from './RecordTable';
export { ColumnChooser } from './ColumnChooser';
export { BulkBar } from './BulkBar';
export { showUndoToast } from './undo-toast';
export { useBulkEdit } from './useBulkEdit';
export { OwnerExportActions } from './OwnerExportActions';
export { ListViewsMenu } from './ListViewsMenu';
export { PhoneFilters } from './PhoneFilters';
