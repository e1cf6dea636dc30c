/**
 * A realistic Persian customer list for the import benchmark, written as CSV (UTF-8 with BOM, as Excel saves it)
 * row by row to a file: names, mobiles in the formats people type (0912…, +98 912 …, 912-…, Persian digits, 0098…),
 * some emails and valid national IDs, Jalali birthdays (some in Persian digits), cities, genders. About 2% of the rows
 * repeat an earlier row's mobile in another format (a duplicate the import must skip) and about 1% are invalid
 * (a phone with letters or an impossible Jalali date). Deterministic: the same N gives the same file.
 */
import fs from 'node:fs';
import { isValidNationalId } from '../common/national-id.ts';
import { MALE_FIRST, FEMALE_FIRST, LAST_NAMES, CITIES, MOBILE_PREFIXES } from '../server/demo/names.ts';
import { seededRandom } from '../server/analytics/index.ts';

const FA_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const fa = (s: string) => s.replace(/\d/g, (d) => FA_DIGITS[Number(d)]);
const pad = (n: number, w: number) => String(n).padStart(w, '0');


/** The i-th distinct mobile: a prefix and 7 digits from a bijection of i (unique for i < 10^7). */
export function mobileOf(i: number): { prefix: string; rest: string } {
  return { prefix: MOBILE_PREFIXES[i % MOBILE_PREFIXES.length], rest: pad((i * 1234577 + 7654321) % 10_000_000, 7) };
}

/** A mobile written as people write it. */
function formatMobile(m: { prefix: string; rest: string }, style: number): string {
  const { prefix: p, rest: r } = m;
  switch (style % 8) {
    case 0: case 1: case 2: return `0${p}${r}`;
    case 3: return `+98 ${p} ${r.slice(0, 3)} ${r.slice(3)}`;
    case 4: return `${p}-${r.slice(0, 3)}-${r.slice(3)}`;
    case 5: return fa(`0${p}${r}`);
    case 6: return `0098${p}${r}`;
    default: return `0${p} ${r.slice(0, 3)} ${r.slice(3)}`;
  }
}

/** A valid national ID (کد ملی) from i: a known city prefix, six digits, the check digit; distinct for distinct i. */
export function nationalIdOf(i: number): string {
  for (let k = 0; k < 31; k++) {
    const body = pad(((i * 31 + k) * 7919 + 3) % 1_000_000_000, 9);
    const sum = [...body].reduce((s, d, j) => s + Number(d) * (10 - j), 0) % 11;
    const id = body + String(sum < 2 ? sum : 11 - sum);
    if (isValidNationalId(id)) return id;
  }
  return '';
}

export const IMPORT_HEADERS = ['کد مشتری', 'نام', 'نام خانوادگی', 'موبایل', 'ایمیل', 'کد ملی', 'تاریخ تولد', 'شهر', 'جنسیت'];

export type GeneratedCounts = { rows: number; duplicates: number; invalid: number };

/** Writes the CSV; resolves with how many rows were made duplicates and invalid on purpose. */
export async function writeCustomerCsv(file: string, n: number, seed = 14): Promise<GeneratedCounts> {
  // mulberry32: the same seed gives the same file.
  const rand = seededRandom(seed);
  const out = fs.createWriteStream(file);
  const counts: GeneratedCounts = { rows: n, duplicates: 0, invalid: 0 };
  const csv = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  let buf = '\uFEFF' + IMPORT_HEADERS.join(',') + '\r\n';
  for (let i = 0; i < n; i++) {
    const r = rand();
    const female = rand() < 0.5;
    const [first, firstLatin] = (female ? FEMALE_FIRST : MALE_FIRST)[Math.floor(rand() * (female ? FEMALE_FIRST.length : MALE_FIRST.length))];
    const [last, lastLatin] = LAST_NAMES[Math.floor(rand() * LAST_NAMES.length)];
    const city = CITIES[Math.floor(rand() * CITIES.length)][0];
    // A duplicate: the mobile of an earlier row, written another way, under another customer code.
    const dup = i > 100 && r < 0.02;
    const mobileNo = dup ? Math.floor(rand() * i) : i;
    let mobile = formatMobile(mobileOf(mobileNo), Math.floor(rand() * 8) + (dup ? 1 : 0));
    const email = !dup && rand() < 0.3 ? `${firstLatin}.${lastLatin}${i}@example.ir` : '';
    const nid = !dup && rand() < 0.4 ? nationalIdOf(i) : '';
    let birthday = '';
    if (rand() < 0.6) {
      const b = `${1330 + Math.floor(rand() * 55)}/${pad(1 + Math.floor(rand() * 12), 2)}/${pad(1 + Math.floor(rand() * 28), 2)}`;
      birthday = rand() < 0.25 ? fa(b) : b;
    }
    // An invalid row: letters in the phone, or a month 13.
    if (!dup && r > 0.99) {
      counts.invalid++;
      if (r > 0.995) mobile = '0912abc' + pad(i % 1000, 3); else birthday = '1370/13/45';
    }
    if (dup) counts.duplicates++;
    const gender = rand() < 0.7 ? (female ? 'زن' : 'مرد') : '';
    buf += [`C${pad(i + 1, 7)}`, first, last, mobile, email, nid, birthday, city, gender].map(csv).join(',') + '\r\n';
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await new Promise<void>((res) => out.once('drain', () => res()));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
  return counts;
}
