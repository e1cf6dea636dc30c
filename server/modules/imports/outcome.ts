/** What happened to one data row, as import_rows stores it; a refused row's reason. */
import { AppError } from '../../errors.ts';

export type Outcome = {
  rowNo: number;
  outcome: 'created' | 'updated' | 'skipped' | 'rejected';
  customerId: string | null;
  /** Kinds other than customers: the record made or updated, and the row's duplicate key. */
  recordId?: string | null;
  recordKey?: string | null;
  previous: Record<string, unknown> | null;
  reason: string | null;
  cells: string[] | null;
};

/** The reason a row was refused, from the service's error; anything that is not an AppError is a real failure. */
export function errorText(err: unknown): string {
  if (err instanceof AppError) {
    const d = err.details as Record<string, unknown> | undefined;
    const fields = d && typeof d === 'object' && !('matches' in d) ? Object.entries(d).map(([k, v]) => `${k}: ${String(v)}`).join('; ') : '';
    return fields ? `${err.message} (${fields})` : err.message;
  }
  throw err;
}
