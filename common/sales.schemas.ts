/**
 * Sales: request and response schemas shared by the API and the web app — products, price lists, pipelines, deals, lead conversion.
 * Money travels in JSON as a decimal string of whole Rials ("12500000") and is parsed to a bigint; never a JS number,
 * which loses whole Rials above 2^53.
 */
import { z } from 'zod';
import { toLatinDigits } from './fa-normalize.ts';
import { csv, customerView } from './customer.schemas.ts';
import { isoDateTime, rials, uuid, itemsOf } from './api.schemas.ts';

/** The largest amount a PostgreSQL bigint column holds. */
export const MAX_RIAL = 9223372036854775807n;

const moneyMessage = 'send money as a string of whole Rials, e.g. "12500000"';

function parseRials(v: string, signed: boolean, ctx: z.RefinementCtx): bigint | typeof z.NEVER {
  const s = toLatinDigits(v.trim());
  const m = (signed ? /^([+-]?)(\d+)$/ : /^()(\d+)$/).exec(s);
  if (!m) {
    ctx.addIssue({ code: 'custom', message: signed ? `${moneyMessage}, optionally signed` : moneyMessage });
    return z.NEVER;
  }
  const n = BigInt(m[2]);
  if (n > MAX_RIAL) {
    ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_RIAL} Rials` });
    return z.NEVER;
  }
  return m[1] === '-' ? -n : n;
}

/** A non-negative amount of whole Rials, sent as a decimal string (Persian digits accepted), up to MAX_RIAL → bigint. */
export const rialAmount = z.string({ error: moneyMessage }).max(30, moneyMessage).transform((v, ctx) => parseRials(v, false, ctx));

/** A signed amount of Rials ("-50000", "+1000"), for changes to prices. */
export const rialDelta = z.string({ error: moneyMessage }).max(31, moneyMessage).transform((v, ctx) => parseRials(v, true, ctx));

/** Quantities have three decimals (numeric(14,3)): 11 whole digits at most. */
export const QUANTITY_SCALE = 1000n;

/** A quantity > 0 with up to 3 decimals, as a decimal string ("2", "1.5", "۰٫۲۵") → canonical string ("0.25"). */
export const quantityInput = z.string({ error: 'send the quantity as a decimal string, e.g. "1.5"' }).max(20).transform((v, ctx) => {
  const s = toLatinDigits(v.trim()).replace('٫', '.');
  const m = /^(\d{1,11})(?:\.(\d{1,3}))?$/.exec(s);
  if (!m) {
    ctx.addIssue({ code: 'custom', message: 'must be a positive number with at most 3 decimals (and 11 whole digits)' });
    return z.NEVER;
  }
  const whole = m[1].replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (BigInt(whole) === 0n && frac === '') {
    ctx.addIssue({ code: 'custom', message: 'must be greater than 0' });
    return z.NEVER;
  }
  return frac ? `${whole}.${frac}` : whole;
});

/** A percent change with up to 4 decimals ("10", "-12.5", or a number) → the percent × 10,000 as a bigint. */
export const percentChange = z.union([z.string().max(20), z.number()]).transform((v, ctx) => {
  const s = toLatinDigits(String(v).trim()).replace('٫', '.');
  const m = /^([+-]?)(\d{1,6})(?:\.(\d{1,4}))?$/.exec(s);
  if (!m) {
    ctx.addIssue({ code: 'custom', message: 'must be a percent such as 10 or -12.5 (at most 4 decimals)' });
    return z.NEVER;
  }
  const scaled = BigInt(m[2]) * 10_000n + BigInt((m[3] ?? '').padEnd(4, '0') || '0');
  return m[1] === '-' ? -scaled : scaled;
});

/** A calendar day as ISO YYYY-MM-DD that PostgreSQL can hold. */
export const isoDate = z.iso.date().refine((d) => d >= '0001-01-01', 'the year must be 0001 or later');

const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => text(max).optional().nullable().transform((v) => (v === undefined ? undefined : v ? v : null));
const boolParam = z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true'));
const page = z.coerce.number().int().min(1).max(100000).default(1);

// ——— Products ———

export const PRODUCT_KINDS = ['product', 'service'] as const;
export const TAX_CLASSES = ['standard', 'exempt'] as const;

const productFields = {
  code: text(64).min(1, 'required'),
  kind: z.enum(PRODUCT_KINDS),
  nameFa: text(200).min(1, 'required'),
  nameEn: optText(200),
  category: optText(100),
  unit: text(30).min(1),
  price: rialAmount,
  taxClass: z.enum(TAX_CLASSES),
  active: z.boolean(),
  description: optText(5000),
  /** Bought up and bought again: offered again to its owner once `repurchaseDays` have passed since they last bought it. */
  consumable: z.boolean(),
  repurchaseDays: z.number().int().min(1).max(3650).nullable(),
};

/** A consumable needs its repurchase cycle (≥ 1 day); a product that is not consumable has none. Checked where both are given. */
function repurchaseRule(v: { consumable?: boolean; repurchaseDays?: number | null }, ctx: z.RefinementCtx) {
  if (v.consumable === true && v.repurchaseDays === null) ctx.addIssue({ code: 'custom', path: ['repurchaseDays'], message: 'required for a consumable (days, at least 1)' });
  if (v.consumable === false && typeof v.repurchaseDays === 'number') ctx.addIssue({ code: 'custom', path: ['repurchaseDays'], message: 'only a consumable has a repurchase cycle' });
}

export const productCreate = z.object({
  ...productFields,
  kind: productFields.kind.default('product'),
  unit: productFields.unit.default('عدد'),
  taxClass: productFields.taxClass.default('standard'),
  active: productFields.active.default(true),
  consumable: productFields.consumable.default(false),
  repurchaseDays: productFields.repurchaseDays.default(null),
}).strict().superRefine(repurchaseRule);
export type ProductCreate = z.infer<typeof productCreate>;

export const productUpdate = z.object(productFields).partial().strict().superRefine(repurchaseRule);
export type ProductUpdate = z.infer<typeof productUpdate>;

/** Which products: the list filters, also used to pick the products of a bulk edit. */
export const productFilter = z.object({
  q: z.string().max(200).optional(),
  category: z.string().max(100).optional(),
  kind: z.enum(PRODUCT_KINDS).optional(),
  active: z.union([z.boolean(), boolParam]).optional(),
}).strict();
export type ProductFilter = z.infer<typeof productFilter>;

export const PRODUCT_SORTS = ['code', '-code', 'name', '-name', 'price', '-price', 'created', '-created', 'updated', '-updated'] as const;

export const productListQuery = z.object({
  q: z.string().max(200).optional(),
  category: z.string().max(100).optional(),
  kind: z.enum(PRODUCT_KINDS).optional(),
  active: boolParam,
  /** Without a sort, a search orders by relevance and a plain list by code. */
  sort: z.enum(PRODUCT_SORTS).optional(),
  page,
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
export type ProductListQuery = z.infer<typeof productListQuery>;

/**
 * Bulk edit: the products (a list of ids, or a filter — `{}` means every product), and what to do to them: set
 * fields, and/or change the price by a percent or by a fixed number of Rials (rounded half-up to whole Rials).
 */
export const productBulk = z.object({
  ids: z.array(z.uuid()).min(1).max(5000).optional(),
  filter: productFilter.optional(),
  set: z.object({
    category: optText(100),
    active: z.boolean().optional(),
    taxClass: z.enum(TAX_CLASSES).optional(),
  }).strict().optional(),
  price: z.union([z.object({ percent: percentChange }).strict(), z.object({ amount: rialDelta }).strict()]).optional(),
}).strict().superRefine((v, ctx) => {
  if ((v.ids === undefined) === (v.filter === undefined)) ctx.addIssue({ code: 'custom', path: ['ids'], message: 'give either ids or a filter' });
  const setsSomething = v.set && Object.values(v.set).some((x) => x !== undefined);
  if (!setsSomething && !v.price) ctx.addIssue({ code: 'custom', path: ['set'], message: 'nothing to change: give set and/or price' });
});
export type ProductBulk = z.infer<typeof productBulk>;

export const productPriceQuery = z.object({ priceListId: z.uuid().optional() });

// ——— Price lists ———

export const priceListCreate = z.object({ name: text(100).min(1, 'required'), active: z.boolean().default(true) }).strict();
export const priceListUpdate = z.object({ name: text(100).min(1, 'required').optional(), active: z.boolean().optional() }).strict();
/** Sets (or, with price null, removes) the list's price of each product. */
export const priceListItemsSet = z.object({
  items: z.array(z.object({ productId: z.uuid(), price: rialAmount.nullable() }).strict()).min(1).max(5000),
}).strict();
export type PriceListItemsSet = z.infer<typeof priceListItemsSet>;

// ——— Pipelines ———

export const STAGE_OUTCOMES = ['open', 'won', 'lost'] as const;
export type StageOutcome = (typeof STAGE_OUTCOMES)[number];

const stageInput = z.object({
  /** An existing stage keeps its id; a stage without id is new. */
  id: z.uuid().optional(),
  name: text(100).min(1, 'required'),
  probability: z.number().int().min(0).max(100).optional(),
  outcome: z.enum(STAGE_OUTCOMES).default('open'),
}).strict();

const stageList = z.array(stageInput).min(2).max(30).superRefine((stages, ctx) => {
  const won = stages.filter((s) => s.outcome === 'won').length;
  if (won !== 1) ctx.addIssue({ code: 'custom', message: `a pipeline needs exactly one won stage (has ${won})` });
  if (!stages.some((s) => s.outcome === 'lost')) ctx.addIssue({ code: 'custom', message: 'a pipeline needs at least one lost stage' });
  if (!stages.some((s) => s.outcome === 'open')) ctx.addIssue({ code: 'custom', message: 'a pipeline needs at least one open stage' });
  const ids = stages.flatMap((s) => (s.id ? [s.id] : []));
  if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'a stage id appears twice' });
});

export const pipelineCreate = z.object({
  name: text(100).min(1, 'required'),
  isDefault: z.boolean().default(false),
  position: z.number().int().min(0).max(1000).optional(),
  stages: stageList.refine((s) => s.every((x) => !x.id), 'new stages have no id'),
}).strict();
export type PipelineCreate = z.infer<typeof pipelineCreate>;

/**
 * Rename, reorder, add and remove stages in one request: `stages` is the whole new list in board order. A removed
 * stage that holds deals needs `moveDealsTo[removedStageId]`: a kept stage of the same outcome.
 */
export const pipelineUpdate = z.object({
  name: text(100).min(1, 'required').optional(),
  isDefault: z.literal(true).optional(),
  position: z.number().int().min(0).max(1000).optional(),
  stages: stageList.optional(),
  moveDealsTo: z.record(z.uuid(), z.uuid()).optional(),
}).strict();
export type PipelineUpdate = z.infer<typeof pipelineUpdate>;

// ——— Deals ———

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;

export const dealItemInput = z.object({
  productId: z.uuid(),
  quantity: quantityInput,
  /** Defaults to the product's list price. */
  unitPrice: rialAmount.optional(),
}).strict();
export type DealItemInput = z.infer<typeof dealItemInput>;

const dealFields = {
  title: text(300).min(1, 'required'),
  amount: rialAmount,
  expectedCloseDate: isoDate.nullable(),
  /** The deal's own win probability; null follows its stage. */
  probability: z.number().int().min(0).max(100).nullable(),
  ownerId: z.uuid(),
  source: optText(60),
  /** With items, the amount is Σ quantity × unit price (rounded half-up to whole Rials). */
  items: z.array(dealItemInput).max(200),
};

/** A new deal's fields, without the customer (the conversion of a lead takes the same shape). */
export const dealDraft = z.object({
  title: dealFields.title,
  pipelineId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  amount: dealFields.amount.optional(),
  expectedCloseDate: dealFields.expectedCloseDate.optional(),
  probability: dealFields.probability.optional(),
  ownerId: dealFields.ownerId.optional(),
  source: dealFields.source,
  items: dealFields.items.optional(),
  /** Needed only when the deal is created directly in a lost stage. */
  lostReason: optText(500),
}).strict();
export type DealDraft = z.infer<typeof dealDraft>;

export const dealCreate = dealDraft.extend({ customerId: z.uuid() }).strict();
export type DealCreate = z.infer<typeof dealCreate>;

export const dealUpdate = z.object({
  title: dealFields.title.optional(),
  amount: dealFields.amount.optional(),
  expectedCloseDate: dealFields.expectedCloseDate.optional(),
  probability: dealFields.probability.optional(),
  ownerId: dealFields.ownerId.optional(),
  source: dealFields.source,
  /** Replaces the items; [] removes them (the amount is then set by hand). */
  items: dealFields.items.optional(),
  /** Edits the reason of a lost deal. */
  lostReason: text(500).min(1).optional(),
}).strict();
export type DealUpdate = z.infer<typeof dealUpdate>;

/**
 * Moves a deal on the board: into `stageId`, directly below `afterId` and/or directly above `beforeId` (cards of that
 * stage); with neither, to the top of the column. Into a lost stage needs `lostReason`.
 */
export const dealMove = z.object({
  stageId: z.uuid(),
  beforeId: z.uuid().optional(),
  afterId: z.uuid().optional(),
  lostReason: text(500).min(1).optional(),
}).strict();
export type DealMove = z.infer<typeof dealMove>;

export const DEAL_SORTS = ['lastActivity', '-lastActivity', 'created', '-created', 'updated', '-updated', 'amount', '-amount', 'expectedClose', '-expectedClose', 'title', '-title'] as const;

export const dealListQuery = z.object({
  q: z.string().max(200).optional(),
  pipelineId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  ownerId: z.union([z.uuid(), z.literal('me'), z.literal('none')]).optional(),
  status: csv(z.enum(DEAL_STATUSES)),
  customerId: z.uuid().optional(),
  expectedFrom: isoDate.optional(),
  expectedTo: isoDate.optional(),
  sort: z.enum(DEAL_SORTS).default('-created'),
  page,
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
export type DealListQuery = z.infer<typeof dealListQuery>;

export const boardQuery = z.object({
  ownerId: z.union([z.uuid(), z.literal('me')]).optional(),
  q: z.string().max(200).optional(),
  /** Won and lost columns show deals closed in the last this many days. */
  closedDays: z.coerce.number().int().min(1).max(365).default(30),
  /** Cards per column (the count and sum cover all of them). */
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type BoardQuery = z.infer<typeof boardQuery>;

// ——— Lead conversion ———

export const leadConvert = z.object({
  deal: dealDraft,
  lifecycleStage: z.enum(['prospect', 'customer']).default('prospect'),
}).strict();
export type LeadConvert = z.infer<typeof leadConvert>;

// ---- Answers

export const productView = z.object({
  id: uuid, code: z.string(), kind: z.enum(PRODUCT_KINDS), nameFa: z.string(), nameEn: z.string().nullable(), category: z.string().nullable(),
  unit: z.string(), price: rials, taxClass: z.enum(TAX_CLASSES), active: z.boolean(), description: z.string().nullable(),
  consumable: z.boolean(), repurchaseDays: z.number().nullable(),
  createdAt: isoDateTime, updatedAt: isoDateTime,
});
export const productPage = z.object({ items: z.array(productView), total: z.number(), page: z.number(), pageSize: z.number() });
export const categoryList = itemsOf(z.object({ name: z.string(), count: z.number(), activeCount: z.number() }));
export const bulkEditResult = z.object({ matched: z.number(), changed: z.number() });
/** A product's price for a price list: the list's override (price_list) or the product's own (product). */
export const productPriceView = z.object({ productId: uuid, priceListId: uuid.nullable(), price: rials, source: z.enum(['price_list', 'product']) });

export const priceListView = z.object({ id: uuid, name: z.string(), active: z.boolean(), createdAt: isoDateTime, itemCount: z.number().optional() });
export const priceListList = itemsOf(priceListView);
export const priceListItemView = z.object({ productId: uuid, code: z.string(), nameFa: z.string(), price: rials, productPrice: rials, active: z.boolean() });
export const priceListDetail = priceListView.extend({ items: z.array(priceListItemView) });

export const stageView = z.object({
  id: uuid, name: z.string(), position: z.number(), probability: z.number(), outcome: z.enum(STAGE_OUTCOMES), dealCount: z.number().optional(),
});
export const pipelineView = z.object({ id: uuid, name: z.string(), isDefault: z.boolean(), position: z.number(), createdAt: isoDateTime, stages: z.array(stageView) });
export const pipelineList = itemsOf(pipelineView);

export const dealView = z.object({
  id: uuid, title: z.string(), customerId: uuid, customerName: z.string(), pipelineId: uuid, pipelineName: z.string(), stageId: uuid,
  stageName: z.string(), stageOutcome: z.enum(STAGE_OUTCOMES), amount: rials, expectedCloseDate: z.string().nullable(),
  probability: z.number().nullable(), stageProbability: z.number(),
  /** The deal's own probability, else its stage's. */
  effectiveProbability: z.number(),
  status: z.enum(DEAL_STATUSES), lostReason: z.string().nullable(), closedAt: isoDateTime.nullable(), ownerId: uuid.nullable(),
  ownerName: z.string().nullable(), teamId: uuid.nullable(), source: z.string().nullable(),
  /** Board order within the stage (a decimal string). */
  rank: z.string(),
  createdBy: uuid.nullable(), createdAt: isoDateTime, updatedAt: isoDateTime,
});
export const dealItemView = z.object({
  id: uuid, productId: uuid, code: z.string(), nameFa: z.string(), unit: z.string(), quantity: z.string(), unitPrice: rials, total: rials,
});
export const stageEventView = z.object({
  id: uuid, at: isoDateTime, fromStageId: uuid.nullable(), fromStageName: z.string().nullable(), toStageId: uuid, toStageName: z.string().nullable(),
  toOutcome: z.enum(STAGE_OUTCOMES).nullable(), lostReason: z.string().nullable(), actorId: uuid.nullable(), actorName: z.string().nullable(),
});
/** One deal with its items and its stage history, oldest first. */
export const dealDetail = dealView.extend({ items: z.array(dealItemView), history: z.array(stageEventView) });
/** A list row also has its last activity: created, a stage move, or an interaction with its customer since (the reader may see). */
export const dealPage = z.object({ items: z.array(dealView.extend({ lastActivityAt: isoDateTime })), total: z.number(), totalAmount: rials, page: z.number(), pageSize: z.number() });

/** An open deal with no activity (stage move, or an interaction with its customer) for this many days is marked stale on the board. */
export const STALE_DEAL_DAYS = 14;
/** A board card: the deal, when anything last happened on it, and the next thing to do for its customer. */
export const boardDeal = dealView.extend({
  /** The latest of: the deal's creation, its last stage move, the last interaction with its customer (the reader may see). */
  lastActivityAt: isoDateTime,
  /** The customer's earliest open task or promise with a due time (the reader may see), or null. */
  nextActivity: z.object({ title: z.string(), dueAt: isoDateTime, isPromise: z.boolean() }).nullable(),
});
export const boardStage = stageView.omit({ dealCount: true }).extend({
  count: z.number(), amount: rials, weightedAmount: rials, deals: z.array(boardDeal),
});
export const boardView = z.object({
  pipeline: z.object({ id: uuid, name: z.string(), isDefault: z.boolean() }),
  /** Won and lost columns hold the deals closed since this moment. */
  closedSince: isoDateTime,
  stages: z.array(boardStage),
});

/** A converted lead: the customer in its new lifecycle stage and the new deal. */
export const leadConverted = z.object({ customer: customerView, deal: dealDetail });
