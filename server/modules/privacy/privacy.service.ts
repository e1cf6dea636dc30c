/** The summary PDF of a customer's data export: gathers, audits, renders. */
import type { Database } from '../../db/client.ts';
import { withTx } from '../../db/tx.ts';
import type { Actor } from '../auth/index.ts';
import { auditDataExport, exportCounts, exportCustomerData, type CustomerDataExport } from '../customers/index.ts';
import type { Lang } from './summary-labels.ts';

/** The JSON export, audited (customers:export and the customer visible, else 403/404 before anything is read). */
export async function customerDataExport(database: Database, actor: Actor, id: string, now: Date): Promise<CustomerDataExport> {
  const data = await exportCustomerData(database.db, actor, id, now);
  await withTx(database, (tx) => auditDataExport(tx, actor, id, 'json', exportCounts(data)));
  return data;
}

export async function customerDataSummaryPdf(database: Database, actor: Actor, id: string, now: Date, lang: Lang): Promise<Buffer> {
  const data = await exportCustomerData(database.db, actor, id, now);
  const counts = exportCounts(data);
  // Loaded on first use: @react-pdf costs ~50 MB of the embedded server's memory (docs/benchmarks.md, "Embedded memory").
  const { renderDataSummaryPdf } = await import('./summary-pdf.tsx');
  const pdf = await renderDataSummaryPdf(data, counts, lang);
  await withTx(database, (tx) => auditDataExport(tx, actor, id, 'pdf', counts));
  return pdf;
}
