/**
 * A year of the demo shop's selling, within each customer's life: deals on the default pipeline (open ones at every
 * stage, won ones with their accepted quote and invoice, lost ones with a reason), walk-in and repeat purchases of
 * buying customers (invoices paid at once, in instalments, or still owed; a few cancelled with a credit note), and
 * the audit and stage-change rows the app writes. Products follow the customer's interests and the season.
 */
import type { deals, dealItems, dealStageEvents } from '../modules/sales/index.ts';
import { lineTotal } from '../modules/sales/index.ts';
import type { auditLog } from '../modules/audit/index.ts';
import type { Rng } from './prng.ts';
import type { CustomerInsert, Staff } from './people.ts';
import { CATALOG, type CatalogItem, type ProductInsert } from './catalog.ts';
import { DocumentWriter, tehranDay, type SaleLine, type DocInsert } from './documents.ts';
import { toJalaliString } from '../../common/jalali.ts';

export type DealInsert = typeof deals.$inferInsert & { id: string; createdAt: Date };
export type DealItemInsert = typeof dealItems.$inferInsert;
export type StageEventInsert = typeof dealStageEvents.$inferInsert;
type AuditInsert = typeof auditLog.$inferInsert;
export type StageRef = { id: string; name: string; outcome: 'open' | 'won' | 'lost'; position: number };

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SYSTEM = '00000000-0000-0000-0000-000000000000';
/** Buying customers stop buying this long before now (they are slipping away). */
const QUIET: Record<string, number> = { at_risk: 60 * DAY, churned: 180 * DAY };
const LOST_REASONS = ['قیمت بالاتر از رقبا', 'از رقیب خرید', 'منصرف شد', 'موجود نبودن کالا', 'شرایط اقساط مناسب نبود', 'پاسخگو نبود', 'بودجه کافی نداشت'];
const CANCEL_REASONS = ['مشتری منصرف شد', 'کالا موجود نبود', 'اشتباه در مبلغ؛ فاکتور تازه صادر می‌شود', 'مرجوعی در مهلت تست'];
const PERSON_TITLES = ['خرید {p}', 'تعویض {p} قدیمی', '{p} برای منزل نو', 'استعلام {p}', '{p} جهیزیه'];
const ORG_TITLES = ['تجهیز دفتر — {p}', 'خرید سازمانی {p}', 'تأمین {p} برای شعبه'];

export class SalesMaker {
  readonly deals: DealInsert[] = [];
  readonly dealItems: DealItemInsert[] = [];
  readonly stageEvents: StageEventInsert[] = [];
  readonly audit: AuditInsert[] = [];
  private byCode: Map<string, { row: ProductInsert; item: CatalogItem }>;
  private sellers: Staff[];
  private yearAgo: number;
  private stage: Record<'lead' | 'needs' | 'quote' | 'negotiation' | 'won' | 'lost', StageRef>;

  constructor(private rng: Rng, private now: Date, staff: Staff[], products: ProductInsert[], stages: StageRef[], readonly docs: DocumentWriter) {
    this.byCode = new Map(products.map((p) => [p.code, { row: p, item: CATALOG.find((c) => c.code === p.code)! }]));
    this.sellers = staff.filter((s) => s.role === 'sales');
    this.yearAgo = now.getTime() - 365 * DAY;
    const open = stages.filter((s) => s.outcome === 'open').sort((a, b) => a.position - b.position);
    this.stage = {
      lead: open[0], needs: open[1] ?? open[0], quote: open[2] ?? open[open.length - 1], negotiation: open[3] ?? open[open.length - 1],
      won: stages.find((s) => s.outcome === 'won')!, lost: stages.find((s) => s.outcome === 'lost')!,
    };
  }

  /** A business-hours instant (09–20 Tehran) on the day of `t`, never after now. */
  private workHour(t: number): Date {
    const tehranMidnight = Math.floor((t + 3.5 * HOUR) / DAY) * DAY - 3.5 * HOUR;
    return new Date(Math.min(tehranMidnight + 9 * HOUR + this.rng.int(0, 11 * 3600) * 1000, this.now.getTime() - this.rng.int(5, 90) * 60_000));
  }

  /** A business hour some days after `from`, and always after it (near now, the hours are squeezed before now). */
  private later(from: Date, minDays: number, maxDays: number): Date {
    return this.after(from, this.workHour(from.getTime() + this.rng.int(minDays, maxDays) * DAY + this.rng.int(0, 3) * HOUR));
  }

  private after(from: Date, at: Date): Date {
    return at.getTime() > from.getTime() ? at : new Date(Math.min(from.getTime() + 60_000, this.now.getTime() - 60_000));
  }

  /** A business hour on the day of `t`, but not before the customer existed. */
  private onDay(c: CustomerInsert, t: number): Date {
    return this.after(new Date(c.createdAt.getTime() + 90 * 60_000), this.workHour(t));
  }

  private seller(c: CustomerInsert): string {
    return c.ownerId ?? this.rng.pick(this.sellers).id;
  }

  /** The main product of a sale on `at`: one the customer asked about (more likely), in season. */
  private pickProduct(c: CustomerInsert, at: Date): CatalogItem {
    const month = Number(toJalaliString(tehranDay(at)).slice(5, 7));
    const warm = month >= 2 && month <= 5;
    const cold = month >= 8 && month <= 11;
    const weights: Record<string, number> = {};
    for (const item of CATALOG) {
      if (item.kind === 'service') continue;
      let w = 1;
      if (item.interest && c.interests?.includes(item.interest)) w *= 6;
      if (item.season === 'warm') w *= warm ? 4 : cold ? 0.15 : 1;
      if (item.season === 'cold') w *= cold ? 4 : warm ? 0.15 : 1;
      // Cheap items sell more often than a side-by-side fridge.
      w *= item.price < 200_000_000n ? 1.6 : item.price > 2_000_000_000n ? 0.5 : 1;
      weights[item.code] = w;
    }
    return this.byCode.get(this.rng.weighted(weights))!.item;
  }

  private line(code: string, quantity: string, discount = 0n): SaleLine {
    const { row, item } = this.byCode.get(code)!;
    return { productId: row.id, code: item.code, description: item.nameFa, unit: item.unit, quantity, unitPrice: item.price, discount, taxable: item.taxClass !== 'exempt' };
  }

  /** What one sale holds: the main product, often its installation, sometimes a small extra, a warranty or delivery. */
  private basket(c: CustomerInsert, at: Date, haggled = false): SaleLine[] {
    const rng = this.rng;
    const main = this.pickProduct(c, at);
    const org = c.kind === 'organization';
    const qty = org ? rng.int(1, main.price < 300_000_000n ? 8 : 4) : main.price < 100_000_000n && rng.chance(0.15) ? 2 : 1;
    // A discount off the main line, in whole 100,000 Rials: 2–5% when the customer bargained.
    const gross = main.price * BigInt(qty);
    const discount = haggled || rng.chance(0.12) ? (gross * BigInt(rng.int(2, 5)) / 100n / 100_000n) * 100_000n : 0n;
    const lines = [this.line(main.code, String(qty), discount)];
    if (main.install && rng.chance(0.65)) lines.push(this.line(main.install, String(qty)));
    if (rng.chance(0.2)) {
      const small = rng.pick(CATALOG.filter((x) => x.kind === 'product' && x.price < 130_000_000n && x.code !== main.code));
      lines.push(this.line(small.code, '1'));
    }
    if (main.price > 800_000_000n && rng.chance(0.15)) lines.push(this.line('SV-WARR-2', String(qty)));
    if (main.price > 500_000_000n && rng.chance(0.1)) lines.push(this.line('SV-DELIVERY', '1'));
    return lines;
  }

  private fees(): { label: string; amount: bigint }[] {
    return this.rng.chance(0.15) ? [{ label: 'هزینهٔ حمل', amount: BigInt(this.rng.int(15, 50)) * 100_000n }] : [];
  }

  /** Payments for an invoice issued at `at`: at once mostly, in monthly cheques for some, still owed for a few. */
  private collect(inv: DocInsert, c: CustomerInsert, at: Date, actorId: string) {
    const rng = this.rng;
    const age = this.now.getTime() - at.getTime();
    if (age < 12 * DAY && rng.chance(0.45)) return; // not paid yet
    const instalments = c.tags?.includes('اقساطی') || (c.kind === 'organization' && rng.chance(0.3)) || rng.chance(0.06);
    if (instalments) {
      const n = rng.int(2, 4);
      const first = inv.grandTotal / BigInt(n + 1) * 2n / 100_000n * 100_000n; // a larger first payment, in round Rials
      const rest = inv.grandTotal - first;
      const each = rest / BigInt(n - 1);
      const parts = [first, ...Array.from({ length: n - 1 }, (_, i) => (i === n - 2 ? rest - each * BigInt(n - 2) : each))];
      parts.forEach((amount, i) => {
        const due = at.getTime() + i * 30 * DAY; // cheques not yet due are not money received
        if ((i === 0 || due < this.now.getTime() - DAY) && amount > 0n) this.docs.pay(inv, amount, i === 0 ? at : this.after(at, this.workHour(due)), actorId, i === 0 ? undefined : 'cheque');
      });
      return;
    }
    if (rng.chance(0.04)) { // an old debt: part paid, the rest still owed
      this.docs.pay(inv, inv.grandTotal / 2n / 100_000n * 100_000n, at, actorId);
      return;
    }
    const when = rng.chance(0.85) ? new Date(at.getTime() + rng.int(5, 90) * 60_000) : this.later(at, 1, 10);
    this.docs.pay(inv, inv.grandTotal, new Date(Math.min(when.getTime(), this.now.getTime() - 60_000)), actorId);
  }

  /** An invoice issued at `at` (a walk-in or repeat purchase, or from a quote), then paid or cancelled. */
  private sell(c: CustomerInsert, at: Date, from?: DocInsert): DocInsert {
    const actor = this.seller(c);
    const inv = from
      ? this.docs.invoiceFrom(from, c, at, actor)
      : this.docs.draft('invoice', c, this.basket(c, at), { at: new Date(at.getTime() - this.rng.int(5, 40) * 60_000), actorId: actor, ownerId: actor, fees: this.fees() });
    this.docs.send(inv, c, at, actor);
    const cancelAt = this.later(at, 1, 6);
    if (this.rng.chance(0.025) && cancelAt < this.now) this.docs.cancel(inv, cancelAt, actor, this.rng.pick(CANCEL_REASONS));
    else this.collect(inv, c, at, actor);
    return inv;
  }

  /** The window in which a customer bought: from their creation (or a year ago) to now, or until they went quiet. */
  private window(c: CustomerInsert): [number, number] | undefined {
    const from = Math.max(c.createdAt.getTime() + 2 * HOUR, this.yearAgo);
    const to = this.now.getTime() - (QUIET[c.lifecycleStage] ?? 0) - HOUR;
    return to > from + DAY ? [from, to] : undefined;
  }

  forCustomer(c: CustomerInsert) {
    const rng = this.rng;
    const w = this.window(c);
    if (!w) return;
    const stage = c.lifecycleStage;
    const buyer = ['customer', 'loyal', 'at_risk', 'churned'].includes(stage);
    if (buyer) {
      const n = stage === 'loyal' ? rng.int(2, 5) : stage === 'customer' ? Number(rng.weighted({ 0: 15, 1: 50, 2: 25, 3: 10 } as Record<string, number>)) : stage === 'at_risk' ? rng.int(1, 2) : 1;
      // A new customer has had time for fewer purchases: one, and one more for every two months they have been buying.
      const room = 1 + Math.floor((w[1] - w[0]) / (60 * DAY));
      for (let i = 0; i < Math.min(n, room); i++) this.sell(c, this.onDay(c, w[0] + rng.next() * (w[1] - w[0])));
    }
    const dealChance: Record<string, number> = { lead: 0.15, prospect: 1, customer: 0.3, loyal: 0.3, at_risk: 0.15, churned: 0.15 };
    if (!rng.chance(dealChance[stage] ?? 0)) return;
    const outcome = stage === 'lead' ? 'open'
      : stage === 'prospect' ? rng.weighted({ open: 55, lost: 45 })
      : stage === 'at_risk' || stage === 'churned' ? rng.weighted({ won: 40, lost: 60 }) : rng.weighted({ won: 85, lost: 15 });
    this.deal(c, outcome as 'open' | 'won' | 'lost', w);
  }

  private deal(c: CustomerInsert, outcome: 'open' | 'won' | 'lost', [from, to]: [number, number]) {
    const rng = this.rng;
    const owner = this.seller(c);
    // Open deals are recent; closed ones leave room for their quote and decision before now.
    const start = outcome === 'open' ? Math.max(from, this.now.getTime() - 60 * DAY) : from;
    const end = outcome === 'open' ? to : to - 25 * DAY;
    if (end <= start) return;
    const created = this.onDay(c, start + rng.next() * (end - start));
    const haggle = rng.chance(0.35);
    const items = this.basket(c, created, haggle);
    const amount = items.reduce((s, l) => s + lineTotal(l.quantity, l.unitPrice), 0n);
    const main = items[0].description;
    const title = rng.pick(c.kind === 'organization' ? ORG_TITLES : PERSON_TITLES).replace('{p}', main);
    const deal: DealInsert = {
      id: rng.uuid(), customerId: c.id, pipelineId: '', stageId: this.stage.lead.id, title, amount, expectedCloseDate: null, probability: null,
      status: 'open', lostReason: null, closedAt: null, ownerId: owner, teamId: null, source: c.source ?? null, rank: '0',
      createdBy: owner, createdAt: created, updatedAt: created,
    };
    this.deals.push(deal);
    const itemIds = items.map(() => rng.uuid()).sort();
    items.forEach((l, i) => this.dealItems.push({ id: itemIds[i], dealId: deal.id, productId: l.productId, quantity: l.quantity, unitPrice: l.unitPrice }));
    this.audit.push({ at: created, actorId: owner, entityType: 'deal', entityId: deal.id, customerId: c.id, action: 'create', newValue: { title, amount: amount.toString(), status: 'open' } });
    const move = (to: StageRef, at: Date, actorId: string | null, lostReason: string | null = null) => {
      this.stageEvents.push({ id: rng.uuid(), dealId: deal.id, customerId: c.id, fromStageId: deal.stageId, toStageId: to.id, lostReason, actorId, at });
      const before = deal.status;
      deal.stageId = to.id;
      deal.status = to.outcome;
      deal.updatedAt = at;
      if (to.outcome !== 'open') {
        deal.closedAt = at;
        deal.lostReason = lostReason;
        this.audit.push({ at, actorId: actorId ?? SYSTEM, entityType: 'deal', entityId: deal.id, customerId: c.id, action: 'update', field: 'status', oldValue: before, newValue: to.outcome });
      }
    };
    // The first event: created in the first stage.
    this.stageEvents.push({ id: rng.uuid(), dealId: deal.id, customerId: c.id, fromStageId: null, toStageId: this.stage.lead.id, lostReason: null, actorId: owner, at: created });

    const target = outcome === 'open' ? rng.weighted({ lead: 30, needs: 25, quote: 25, negotiation: 20 }) : rng.chance(0.3) && outcome === 'lost' ? 'needs' : 'quote';
    let t = created;
    if (target === 'lead') return this.expect(deal);
    t = this.later(t, 1, 6);
    move(this.stage.needs, t, owner);
    if (target === 'needs') {
      if (outcome === 'lost') move(this.stage.lost, this.later(t, 2, 10), owner, rng.pick(LOST_REASONS));
      return this.expect(deal);
    }
    const needsAt = t;
    t = this.later(t, 1, 5);
    const drafted = new Date(Math.max(t.getTime() - rng.int(10, 90) * 60_000, needsAt.getTime() + 30_000));
    const quote = this.docs.draft('quote', c, items, { at: drafted, actorId: owner, ownerId: owner, dealId: deal.id, fees: this.fees() });
    this.docs.send(quote, c, t, owner);
    move(this.stage.quote, t, owner);
    if (haggle || target === 'negotiation') { t = this.later(t, 1, 3); move(this.stage.negotiation, t, owner); }
    if (outcome === 'open') {
      if (String(quote.validUntil) < tehranDay(this.now)) this.docs.expire(quote);
      return this.expect(deal);
    }
    const decided = this.later(t, 1, 10);
    if (outcome === 'won') {
      const byCustomer = rng.chance(0.6);
      this.docs.decide(quote, 'accepted', decided, byCustomer ? null : owner);
      move(this.stage.won, decided, byCustomer ? SYSTEM : owner);
      this.sell(c, this.later(decided, 0, 2), quote);
    } else {
      const reason = rng.pick(LOST_REASONS);
      if (rng.chance(0.6)) this.docs.decide(quote, 'rejected', decided, rng.chance(0.5) ? null : owner, reason);
      else this.docs.expire(quote);
      move(this.stage.lost, this.after(decided, this.workHour(Math.max(decided.getTime(), Date.parse(String(quote.validUntil)) + DAY))), owner, reason);
    }
  }

  private expect(deal: DealInsert) {
    if (deal.status === 'open') deal.expectedCloseDate = tehranDay(new Date(this.now.getTime() + this.rng.int(5, 45) * DAY));
  }

  /** Board order: newest first in each stage; pipeline and team filled in. */
  finish(pipelineId: string, teamOf: (userId: string) => string | null) {
    const byStage = new Map<string, DealInsert[]>();
    for (const d of this.deals) {
      d.pipelineId = pipelineId;
      d.teamId = d.ownerId ? teamOf(d.ownerId) : null;
      if (d.closedAt && d.closedAt > this.now) d.closedAt = new Date(this.now.getTime() - 60_000);
      byStage.set(d.stageId, [...(byStage.get(d.stageId) ?? []), d]);
    }
    for (const list of byStage.values()) {
      list.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      list.forEach((d, i) => { d.rank = String((i + 1) * 1000); });
    }
  }
}
