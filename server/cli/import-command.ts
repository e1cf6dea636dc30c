/**
 * `npm run cli -- import customers|products|purchases|interactions|tickets FILE [--encoding auto|utf-8|windows-1256]
 * [--dates auto|jalali|gregorian] [--on-duplicate create|update|skip] [--money rial|toman]`: the wizard's reading,
 * mapping, validation and dedupe, run here to the end.
 * The last line printed is the JSON summary (scripts read it).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { boot } from '../boot.ts';
import { FolderBusyError } from '../db/folder-lock.ts';
import { importFromFile } from '../modules/imports/index.ts';
import { DATE_MODES, IMPORT_ENCODINGS, IMPORT_KINDS, MONEY_UNITS, ON_DUPLICATE } from '../../common/imports.schemas.ts';

export const IMPORT_USAGE = `  npm run cli -- import customers|products|purchases|interactions|tickets FILE [--encoding auto|utf-8|windows-1256] [--dates auto|jalali|gregorian] [--on-duplicate create|update|skip] [--money rial|toman]
      (CSV or XLSX; headers recognized in Persian and English; default --on-duplicate skip; prints a JSON summary last)`;

const BUSY = 'Mehvar is running on this data folder; stop it first or use the import screen';

function oneOf<T extends readonly string[]>(name: string, value: string | undefined, allowed: T, fallback: T[number]): T[number] {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return value as T[number];
}

export class UsageError extends Error {}

/** Returns the exit code. */
export async function importCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: {
    encoding: { type: 'string' }, dates: { type: 'string' }, 'on-duplicate': { type: 'string' }, money: { type: 'string' },
  } });
  const [what, file, ...extra] = positionals;
  const kind = IMPORT_KINDS.find((k) => k === what);
  if (!kind || !file || extra.length) throw new UsageError(`import needs: ${IMPORT_KINDS.join('|')} FILE`);
  const encoding = oneOf('encoding', values.encoding, IMPORT_ENCODINGS, 'auto');
  const dates = oneOf('dates', values.dates, DATE_MODES, 'auto');
  const onDuplicate = oneOf('on-duplicate', values['on-duplicate'], ON_DUPLICATE, 'skip');
  const moneyUnit = oneOf('money', values.money, MONEY_UNITS, 'rial');
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) { console.error(`No such file: ${file}`); return 1; }
  // Never two writers on one embedded folder: a running server holds it (server/db/folder-lock.ts).
  let rt;
  try {
    rt = await boot(config, { jobs: false });
  } catch (err) {
    if (err instanceof FolderBusyError) { console.error(`${BUSY}\n${err.message}`); return 1; }
    throw err;
  }
  let summary;
  try {
    summary = await importFromFile(rt.database, rt.clock, { kind, file, encoding, options: { dates, onDuplicate, moneyUnit }, dataDir: config.databaseUrl ? undefined : config.dataDir });
  } finally {
    await rt.close();
  }
  console.log(JSON.stringify(summary));
  return 0;
}
