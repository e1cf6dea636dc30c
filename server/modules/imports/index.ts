// Imports: bring a business's existing lists (CSV, XLSX) in as customers — mapping, preview, a resumable background
// run, rejected rows, undo. Products, purchases, interactions and tickets can join as further kinds of batch.
export { importBatches, importFileParts, importRows } from './imports.tables.ts';
export { PART_BYTES } from './file-parts.ts';
export { IMPORT_JOB, uploadImport, getImport, getPreview, updateImportSettings, startImport, cancelImport, rejectedCsv, userLocale, loadBatch, readFileShape, newBatch, presentBatch, IMPORT_MAX_BYTES } from './imports.service.ts';
export { undoImport } from './undo.service.ts';
export { runBatch, type RunDeps, type BatchRow } from './import-runner.ts';
export { importJobs, resumeImports, runQueuedBatch } from './imports.jobs.ts';
export { fileSource, importCustomersFromFile, importFromFile } from './file-import.ts';
export { registerImportCustomerLinks } from './imports.customer-links.ts';
