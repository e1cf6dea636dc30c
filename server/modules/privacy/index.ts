// Privacy: a customer's data rights over HTTP — the full export (JSON and a summary PDF) and the erasure. The data
// itself is gathered through the customers module's registry, to which every module adds its section.
export { customerDataExport, customerDataSummaryPdf } from './privacy.service.ts';
