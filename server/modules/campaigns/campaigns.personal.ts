/**
 * The personal values a campaign text may use beyond the customer row, for a whole batch at once (one statement
 * however many recipients; nothing is looked up per recipient, and nothing at all when the texts use none):
 *  - {lastProduct}: the product on the latest purchase (issued invoice) — the product's name, or the line's text;
 *  - {points} / {tier}: the club balance and the tier's name (loyalty_members; a non-member has 0 and no tier);
 *  - {offer}: co-purchase — a product the customer has not bought that is bought most often by customers who bought
 *    what they bought: score(p) = Σ over the customer's products q of co(q, p), co(q, p) = the customers who bought both
 *    q and p; the highest score wins (ties by product code); only active products. Without one, the campaign's offer
 *    text. The co-purchase table is one statement over all purchases, kept per campaign for CO_PURCHASE_TTL_MS (a
 *    100k campaign's 50 batches share it); each product keeps its NEIGHBOURS most co-bought products.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { getProgram } from '../loyalty/index.ts';
import type { CampaignLanguage } from '../../../common/campaigns.schemas.ts';
import type { PersonalKey, PersonalValues } from './template.ts';

export const CO_PURCHASE_TTL_MS = 10 * 60_000;
const NEIGHBOURS = 50;
/** An invoice that is a purchase (as the segment fields and the results count it). */
const PURCHASE = sql`d.kind = 'invoice' AND d.status IN ('issued', 'partially_paid', 'paid')`;

type Product = { fa: string; en: string; code: string };
type CoPurchase = { neighbours: Map<string, { p: string; n: number }[]>; products: Map<string, Product> };
const cache = new Map<string, { at: number; table: Promise<CoPurchase> }>();

async function coPurchase(db: Db): Promise<CoPurchase> {
  const rows = (await db.execute(sql`
    WITH b AS (SELECT DISTINCT d.customer_id, l.product_id FROM documents d JOIN document_lines l ON l.document_id = d.id
               WHERE ${PURCHASE} AND l.product_id IS NOT NULL),
         co AS (SELECT x.product_id AS q, y.product_id AS p, count(*)::int AS n FROM b x JOIN b y ON y.customer_id = x.customer_id AND y.product_id <> x.product_id
                GROUP BY 1, 2),
         ranked AS (SELECT co.q, co.p, co.n, pr.name_fa, coalesce(pr.name_en, pr.name_fa) AS name_en, pr.code,
                           row_number() OVER (PARTITION BY co.q ORDER BY co.n DESC, pr.code) AS rn
                    FROM co JOIN products pr ON pr.id = co.p AND pr.active)
    SELECT q, p, n, name_fa, name_en, code FROM ranked WHERE rn <= ${NEIGHBOURS}`)).rows as { q: string; p: string; n: number; name_fa: string; name_en: string; code: string }[];
  const neighbours = new Map<string, { p: string; n: number }[]>();
  const products = new Map<string, Product>();
  for (const r of rows) {
    let list = neighbours.get(r.q);
    if (!list) neighbours.set(r.q, (list = []));
    list.push({ p: r.p, n: r.n });
    products.set(r.p, { fa: r.name_fa, en: r.name_en, code: r.code });
  }
  return { neighbours, products };
}

/** The co-purchase table, fresh (`cacheKey` null) or shared by a campaign's batches for a while. */
function coPurchaseFor(db: Db, cacheKey: string | null): Promise<CoPurchase> {
  if (!cacheKey) return coPurchase(db);
  const now = Date.now();
  for (const [k, v] of cache) if (now - v.at > CO_PURCHASE_TTL_MS) cache.delete(k);
  let hit = cache.get(cacheKey);
  if (!hit) {
    hit = { at: now, table: coPurchase(db) };
    cache.set(cacheKey, hit);
    hit.table.catch(() => cache.delete(cacheKey));
  }
  return hit.table;
}

/** The best co-purchase suggestion for someone who owns `owned`, or null. */
export function bestOffer(owned: readonly string[], table: CoPurchase): string | null {
  const mine = new Set(owned);
  const score = new Map<string, number>();
  for (const q of mine) for (const { p, n } of table.neighbours.get(q) ?? []) if (!mine.has(p)) score.set(p, (score.get(p) ?? 0) + n);
  let best: string | null = null;
  let bestScore = 0;
  for (const [p, s] of score) {
    if (s > bestScore || (s === bestScore && best !== null && table.products.get(p)!.code < table.products.get(best)!.code)) { best = p; bestScore = s; }
  }
  return best;
}

export type Personal = (customerId: string, lang: CampaignLanguage) => PersonalValues | undefined;

/**
 * The values of `keys` for these customers: a function (customer, language) → values, or one that answers undefined
 * for everyone when no key is used. `cacheKey` (the campaign id) shares the co-purchase table between batches.
 */
export async function loadPersonal(db: Db, customerIds: string[], keys: Set<PersonalKey>, offerText: { fa: string | null; en: string | null }, cacheKey: string | null = null): Promise<Personal> {
  if (!keys.size || !customerIds.length) return () => undefined;
  const wantLast = keys.has('lastProduct');
  const wantClub = keys.has('points') || keys.has('tier');
  const wantOffer = keys.has('offer');
  const rows = (await db.execute(sql`
    SELECT x.id,
      ${wantLast ? sql`lp.name_fa, lp.name_en` : sql`NULL AS name_fa, NULL AS name_en`},
      ${wantClub ? sql`m.balance::float8 AS balance, m.tier` : sql`NULL AS balance, NULL AS tier`},
      ${wantOffer ? sql`ow.ids::text[] AS owned` : sql`NULL AS owned`}
    FROM unnest(${sql.param(customerIds)}::uuid[]) AS x(id)
    ${wantLast ? sql`LEFT JOIN LATERAL (
      SELECT coalesce(pr.name_fa, l.description) AS name_fa, coalesce(pr.name_en, pr.name_fa, l.description) AS name_en
      FROM documents d JOIN document_lines l ON l.document_id = d.id LEFT JOIN products pr ON pr.id = l.product_id
      WHERE d.customer_id = x.id AND ${PURCHASE} ORDER BY d.issue_date DESC, d.created_at DESC, l.position LIMIT 1) lp ON true` : sql``}
    ${wantClub ? sql`LEFT JOIN loyalty_members m ON m.customer_id = x.id` : sql``}
    ${wantOffer ? sql`LEFT JOIN LATERAL (
      SELECT array_agg(DISTINCT l.product_id) AS ids FROM documents d JOIN document_lines l ON l.document_id = d.id
      WHERE d.customer_id = x.id AND ${PURCHASE} AND l.product_id IS NOT NULL) ow ON true` : sql``}`)).rows as
    { id: string; name_fa: string | null; name_en: string | null; balance: number | null; tier: string | null; owned: string[] | null }[];
  const tiers = wantClub ? new Map((await getProgram(db)).tiers.map((t) => [t.key, t])) : new Map();
  const table = wantOffer ? await coPurchaseFor(db, cacheKey) : null;
  const byId = new Map(rows.map((r) => {
    const offer = table ? bestOffer(r.owned ?? [], table) : null;
    return [r.id, { r, offer: offer ? table!.products.get(offer)! : null }];
  }));
  return (customerId, lang) => {
    const hit = byId.get(customerId);
    if (!hit) return undefined;
    const { r, offer } = hit;
    const tier = r.tier ? tiers.get(r.tier) : undefined;
    const en = lang === 'en';
    return {
      lastProduct: (en ? r.name_en : r.name_fa) ?? '',
      points: Number(r.balance ?? 0),
      tier: tier ? (en ? tier.nameEn : tier.nameFa) : '',
      offer: offer ? (en ? offer.en : offer.fa) : (en ? offerText.en ?? offerText.fa : offerText.fa) ?? '',
    };
  };
}
