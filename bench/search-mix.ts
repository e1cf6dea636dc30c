/**
 * What people type into the one search box (GET /api/search) besides customer names and phones: ticket numbers
 * (#n, in Persian digits too), document numbers (whole, in Persian digits, the sequence alone, without the prefix),
 * product codes and names, words of deal and contract titles. Drawn from the seeded records (bench/seed-records.ts).
 */
import type { Database } from '../server/db/client.ts';
import { toPersianDigits } from '../common/fa-normalize.ts';

export type MixQ = { cat: string; q: string };

export async function searchMix(database: Database, customerQueries: MixQ[], rand: () => number): Promise<MixQ[]> {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const sample = async <T>(table: string, cols: string) => database.query<T>(`SELECT ${cols} FROM ${table} TABLESAMPLE BERNOULLI (5) REPEATABLE (7) LIMIT 300`);
  const tickets = await sample<{ number: number }>('tickets', 'number');
  const docs = await sample<{ number: string }>('documents', 'number');
  const products = await database.query<{ code: string; name_fa: string }>('SELECT code, name_fa FROM products');
  const deals = await sample<{ title: string }>('deals', 'title');
  const contracts = await sample<{ title: string }>('contracts', 'title');
  if (!tickets.length || !docs.length || !products.length) throw new Error('no tickets, documents or products: seed again (bench/seed.ts seeds them)');
  const byCat = (cats: string[]) => customerQueries.filter((q) => cats.includes(q.cat));
  const names = byCat(['name', 'name, Arabic ي/ك', 'last name', 'typo', 'organization name']);
  const phones = byCat(['phone 09… partial', 'phone Persian digits', 'national ID', 'email']);
  const out: MixQ[] = [];
  for (let i = 0; i < 400; i++) {
    const d = pick(docs).number;
    const seq = d.split('-')[2];
    const words = (t: string) => t.split(' ').slice(0, 2).join(' ');
    out.push(
      { ...pick(names), cat: `customer ${pick(names).cat}` }, { ...pick(phones), cat: 'customer phone/ID/email' },
      { cat: 'ticket #number', q: `#${pick(tickets).number}` }, { cat: 'ticket number, Persian digits', q: toPersianDigits(String(pick(tickets).number)) },
      { cat: 'document number', q: d }, { cat: 'document number, Persian digits', q: toPersianDigits(d) }, { cat: 'document sequence only', q: seq },
      { cat: 'product code', q: pick(products).code }, { cat: 'product name', q: pick(products).name_fa },
      { cat: 'deal title words', q: words(pick(deals).title) }, { cat: 'contract title words', q: words(pick(contracts).title) },
    );
  }
  return out.filter((x) => x.q && x.q.trim()).sort(() => rand() - 0.5);
}
