/**
 * `npm run cli -- clv-fit --transactions FILE --calibration-end DATE [--holdout-end DATE] [--model bgnbd|pareto]
 * [--id COL --date COL --amount COL] [--min-repeat-buyers N]`: fits the customer models (server/analytics) to a CSV
 * transaction log and prints, as its last line, one JSON object (scripts rely on its shape):
 * {"model","customers","params":{…},"logLikelihood","spend":{"params":{"p","q","gamma"},"logLikelihood"}|null,
 *  "holdout":{"byFrequency":[{"bin","n","actual","expected"}],"total":{"actual","expected"},"aggregateError"}|null,
 *  "warnings":[…]}. byFrequency's actual/expected are mean holdout purchases per customer of that calibration
 * frequency; total's are the sums over all customers. Without --model the model is chosen by holdout
 * (docs/decisions.md, "Customer models"). No database is opened.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import {
  calibrationSummary, chooseModel, fitPurchaseModel, fitSpend, holdoutReport, rfData, type FittedPurchaseModel,
  type PurchaseModel, type Transaction,
} from '../analytics/index.ts';

export const CLV_FIT_USAGE = `  npm run cli -- clv-fit --transactions FILE --calibration-end DATE [--holdout-end DATE] [--model bgnbd|pareto]
      [--id COL --date COL --amount COL] [--min-repeat-buyers 200]
      (CSV with a header; dates YYYY-MM-DD or YYYYMMDD; same-day purchases merged; weeks; prints a JSON result last)`;

export class ClvUsageError extends Error {}

/** Reads the log, fits, prints the result line. Returns the exit code. */
export function clvFitCommand(args: string[], print: (line: string) => void = console.log): number {
  const { values } = parseArgs({ args, options: {
    transactions: { type: 'string' }, 'calibration-end': { type: 'string' }, 'holdout-end': { type: 'string' },
    model: { type: 'string' }, id: { type: 'string' }, date: { type: 'string' }, amount: { type: 'string' },
    'min-repeat-buyers': { type: 'string' },
  } });
  const file = values.transactions, calibrationEnd = values['calibration-end'];
  if (!file || !calibrationEnd) throw new ClvUsageError('clv-fit needs --transactions FILE and --calibration-end DATE');
  if (values.model !== undefined && values.model !== 'bgnbd' && values.model !== 'pareto') {
    throw new ClvUsageError('--model must be bgnbd or pareto');
  }
  const minRepeatBuyers = values['min-repeat-buyers'] === undefined ? 200 : Number(values['min-repeat-buyers']);
  if (!(minRepeatBuyers >= 0)) throw new ClvUsageError('--min-repeat-buyers must be a number ≥ 0');
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) { console.error(`No such file: ${file}`); return 1; }
  const idCol = values.id ?? 'customer_id', dateCol = values.date ?? 'date', amountCol = values.amount ?? 'amount';
  const records: Array<Record<string, string>> = parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true, trim: true, bom: true });
  if (records.length && !(idCol in records[0] && dateCol in records[0])) {
    console.error(`The file needs columns "${idCol}" and "${dateCol}" (use --id, --date, --amount); it has: ${Object.keys(records[0]).join(', ')}`);
    return 1;
  }
  const txs: Transaction[] = records.map((r) => ({
    customerId: r[idCol], date: r[dateCol], amount: r[amountCol] === undefined || r[amountCol] === '' ? 0 : Number(r[amountCol]),
  }));
  const summary = calibrationSummary(txs, { calibrationEnd, holdoutEnd: values['holdout-end'] });
  const rows = summary.customers;
  const warnings: string[] = [];
  let model: PurchaseModel | FittedPurchaseModel;
  if (values.model === 'bgnbd' || values.model === 'pareto') {
    const repeat = rows.filter((r) => r.x > 0).length;
    if (repeat < minRepeatBuyers) warnings.push(`too-few-repeat-buyers: ${repeat} < ${minRepeatBuyers}; fitted as asked`);
    model = fitPurchaseModel(values.model, rfData(rows));
    if (!(model as FittedPurchaseModel).fit.converged) warnings.push(`${values.model}: the fit did not converge`);
  } else {
    const choice = chooseModel(rows, { holdoutLength: summary.holdoutLength, minRepeatBuyers });
    model = choice.model;
    warnings.push(...choice.warnings);
  }
  const spend = fitSpend(rows, minRepeatBuyers);
  if (spend.warning) warnings.push(spend.warning);
  const holdout = values['holdout-end'] !== undefined ? holdoutReport(model, rows, summary.holdoutLength) : null;
  print(JSON.stringify({
    model: model.model,
    customers: rows.length,
    params: model.params,
    logLikelihood: 'fit' in model ? model.fit.logLikelihood : null,
    spend: spend.fit ? { params: spend.fit.params, logLikelihood: spend.fit.logLikelihood } : null,
    holdout: holdout && {
      byFrequency: holdout.byFrequency, total: holdout.total,
      aggregateError: Number.isFinite(holdout.aggregateError) ? holdout.aggregateError : null,
    },
    warnings,
  }));
  return 0;
}
