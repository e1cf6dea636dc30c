/** Reading documents: the list, one document with its lines, payments, history and messages, and its PDF. */
import { asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { toIso } from '../../db/values.ts';
import { assertCan, customerScopeSql, type Actor } from '../auth/index.ts';
import { getOrgSettings, getLogo } from '../settings/index.ts';
import { messagesAbout } from '../messaging/index.ts';
import { faNorm } from '../../../common/fa-normalize.ts';
import { likeEscape } from '../customers/index.ts';
import type { DocumentListQuery } from '../../../common/documents.schemas.ts';
import { documents, documentLines, payments } from './documents.tables.ts';
import { loadVisibleDocument, type DocumentRow } from './documents.service.ts';
import type { DocumentPdfInput } from './pdf/index.ts';

import { money, presentDocument } from './documents.present.ts';
export { presentDocument, type DocumentView } from './documents.present.ts';

/** Documents the actor may see: with their customer, and their own only when the documents scope says so. */
export function visibleDocumentsSql(actor: Actor): SQL {
  const parts: SQL[] = [];
  const cScope = customerScopeSql(actor, 'c');
  if (cScope) parts.push(cScope);
  const scope = actor.permissions.documents?.scope ?? 'own';
  if (scope !== 'all') parts.push(sql`(d.owner_id = ${actor.userId} OR d.created_by = ${actor.userId})`);
  return parts.length ? sql.join(parts, sql` AND `) : sql`true`;
}

const fromRaw = (r: Record<string, unknown>): DocumentRow & { customerName: string } => {
  const big = (k: string) => BigInt(String(r[k] ?? 0));
  const date = (k: string) => (r[k] ? new Date(toIso(r[k])) : null);
  const day = (k: string) => (r[k] ? (r[k] instanceof Date ? (r[k] as Date).toISOString().slice(0, 10) : String(r[k]).slice(0, 10)) : null);
  return {
    id: String(r.id), kind: r.kind as DocumentRow['kind'], number: (r.number as string | null) ?? null, fiscalYear: (r.fiscal_year as number | null) ?? null, seq: (r.seq as number | null) ?? null,
    status: String(r.status) as DocumentRow['status'], customerId: String(r.customer_id), dealId: (r.deal_id as string | null) ?? null, sourceId: (r.source_id as string | null) ?? null,
    issueDate: day('issue_date')!, validUntil: day('valid_until'), dueDate: day('due_date'),
    seller: r.seller as DocumentRow['seller'], buyer: r.buyer as DocumentRow['buyer'], discount: big('discount'), vatRateBp: Number(r.vat_rate_bp),
    fees: (r.fees as DocumentRow['fees']) ?? [], subtotal: big('subtotal'), lineDiscountTotal: big('line_discount_total'), taxTotal: big('tax_total'),
    feeTotal: big('fee_total'), grandTotal: big('grand_total'), paidTotal: big('paid_total'), terms: (r.terms as string | null) ?? null, notes: (r.notes as string | null) ?? null,
    locale: r.locale as 'fa' | 'en', publicTokenHash: null, publicExpiresAt: date('public_expires_at'), sentAt: date('sent_at'), decidedAt: date('decided_at'),
    decisionNote: (r.decision_note as string | null) ?? null, cancelledAt: date('cancelled_at'), ownerId: (r.owner_id as string | null) ?? null,
    createdBy: (r.created_by as string | null) ?? null, createdAt: date('created_at')!, updatedAt: date('updated_at')!, customerName: String(r.customer_name ?? ''),
  };
};

/** A document's last activity (row alias d): its latest event — sent, viewed by the customer, paid, edited… — or its last edit. */
export const DOCUMENT_LAST_ACTIVITY = sql`greatest(d.updated_at, (SELECT max(e.at) FROM document_events e WHERE e.document_id = d.id))`;
/** The sort keys name the inner select's output columns; each ends with id so pages never overlap. */
const ORDER: Record<NonNullable<DocumentListQuery['sort']>, SQL> = {
  lastActivity: sql`last_activity_at ASC, id`, '-lastActivity': sql`last_activity_at DESC, id DESC`,
  created: sql`created_at ASC, id`, '-created': sql`created_at DESC, id DESC`,
  issueDate: sql`issue_date ASC, created_at, id`, '-issueDate': sql`issue_date DESC, created_at DESC, id DESC`,
  number: sql`number ASC NULLS LAST, id`, '-number': sql`number DESC NULLS LAST, id DESC`,
  total: sql`grand_total ASC, id`, '-total': sql`grand_total DESC, id DESC`,
  balance: sql`(grand_total - paid_total) ASC, id`, '-balance': sql`(grand_total - paid_total) DESC, id DESC`,
  due: sql`coalesce(due_date, valid_until) ASC NULLS LAST, id`, '-due': sql`coalesce(due_date, valid_until) DESC NULLS LAST, id DESC`,
};

/** The filter of the documents list (aliases d, c): the reader's scope and the query's filters. */
export function documentListWhere(actor: Actor, q: Omit<DocumentListQuery, 'page' | 'pageSize' | 'sort'>): SQL {
  const where: SQL[] = [visibleDocumentsSql(actor), sql`c.deleted_at IS NULL`];
  if (q.kind) where.push(sql`d.kind = ${q.kind}`);
  if (q.status) where.push(sql`d.status = ${q.status}`);
  if (q.customerId) where.push(sql`d.customer_id = ${q.customerId}`);
  if (q.dealId) where.push(sql`d.deal_id = ${q.dealId}`);
  if (q.from) where.push(sql`d.issue_date >= ${q.from}`);
  if (q.to) where.push(sql`d.issue_date <= ${q.to}`);
  if (q.ownerId) where.push(q.ownerId === 'me' ? sql`d.owner_id = ${actor.userId}` : q.ownerId === 'none' ? sql`d.owner_id IS NULL` : sql`d.owner_id = ${q.ownerId}`);
  if (q.q) {
    const t = `%${likeEscape(faNorm(q.q))}%`;
    where.push(sql`(lower(coalesce(d.number, '')) LIKE ${`%${likeEscape(q.q.toLowerCase())}%`} OR c.search_doc LIKE ${t})`);
  }
  return sql.join(where, sql` AND `);
}

export async function listDocuments(db: Db, actor: Actor, q: DocumentListQuery) {
  assertCan(actor, 'documents', 'read');
  const cond = documentListWhere(actor, q);
  const [{ n }] = (await db.execute(sql`SELECT count(*)::int AS n FROM documents d JOIN customers c ON c.id = d.customer_id WHERE ${cond}`)).rows as { n: number }[];
  // Without a sort: newest first, as before (the customer card and the deal drawer list this way).
  const rows = await db.execute(q.sort
    ? sql`SELECT * FROM (SELECT d.*, c.display_name AS customer_name, u.name AS owner_name, ${DOCUMENT_LAST_ACTIVITY} AS last_activity_at
        FROM documents d JOIN customers c ON c.id = d.customer_id LEFT JOIN users u ON u.id = d.owner_id WHERE ${cond}) x
      ORDER BY ${ORDER[q.sort]} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`
    : sql`SELECT d.*, c.display_name AS customer_name, u.name AS owner_name, ${DOCUMENT_LAST_ACTIVITY} AS last_activity_at
        FROM documents d JOIN customers c ON c.id = d.customer_id LEFT JOIN users u ON u.id = d.owner_id
      WHERE ${cond} ORDER BY d.created_at DESC, d.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  return {
    items: rows.rows.map((r) => {
      const raw = r as Record<string, unknown>;
      return { ...presentDocument(fromRaw(raw)), ownerName: (raw.owner_name as string | null) ?? null, lastActivityAt: toIso(raw.last_activity_at) };
    }),
    total: n, page: q.page, pageSize: q.pageSize,
  };
}

export async function linesOf(db: Db, documentId: string) {
  const rows = await db.select().from(documentLines).where(eq(documentLines.documentId, documentId)).orderBy(asc(documentLines.position));
  return rows.map((l) => ({
    id: l.id, position: l.position, productId: l.productId, code: l.code, description: l.description, quantity: canonical(String(l.quantity)), unit: l.unit,
    unitPrice: money(l.unitPrice)!, discount: money(l.discount)!, taxable: l.taxable === 1, docDiscountShare: money(l.docDiscountShare)!, tax: money(l.tax)!, total: money(l.total)!,
  }));
}
const canonical = (q: string) => (q.includes('.') ? q.replace(/0+$/, '').replace(/\.$/, '') : q);

export async function documentById(db: Db, actor: Actor, id: string) {
  const doc = await loadVisibleDocument(db, actor, id);
  const [lines, pays, events, msgs, related] = await Promise.all([
    linesOf(db, id),
    db.select().from(payments).where(eq(payments.documentId, id)).orderBy(asc(payments.paidAt)),
    db.execute(sql`SELECT e.*, u.name AS actor_name FROM document_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.document_id = ${id} ORDER BY e.at DESC, e.id DESC LIMIT 200`),
    messagesAbout(db, 'document', id),
    // The documents it came from or led to, among those the reader may see.
    db.execute(sql`SELECT d.id, d.kind, d.number, d.status FROM documents d JOIN customers c ON c.id = d.customer_id
      WHERE (d.source_id = ${id} OR d.id = ${doc.sourceId ?? '00000000-0000-0000-0000-000000000000'}) AND c.deleted_at IS NULL AND ${visibleDocumentsSql(actor)}
      ORDER BY d.created_at, d.id`).then((r) => r.rows as { id: string; kind: DocumentRow['kind']; number: string | null; status: DocumentRow['status'] }[]),
  ]);
  return {
    ...presentDocument(doc), lines,
    payments: pays.map((p) => ({ id: p.id, amount: money(p.amount)!, method: p.method, reference: p.reference, paidAt: p.paidAt.toISOString(), note: p.note })),
    events: events.rows.map((e) => {
      const r = e as Record<string, unknown>;
      return { id: String(r.id), type: String(r.type), at: toIso(r.at), actorName: (r.actor_name as string | null) ?? null, data: r.data as Record<string, unknown> };
    }),
    messages: msgs,
    related,
  };
}

/** What the PDF needs, from the stored document (never recomputed: the PDF shows what was sent) and the template. */
export async function pdfInputOf(db: Db, doc: DocumentRow): Promise<DocumentPdfInput> {
  const s = await getOrgSettings(db);
  const lines = await db.select().from(documentLines).where(eq(documentLines.documentId, doc.id)).orderBy(asc(documentLines.position));
  const logo = await getLogo(db);
  const fa = doc.locale === 'fa';
  return {
    locale: doc.locale, unit: s.defaultCurrency === 'IRT' ? 'toman' : 'rial', kind: doc.kind,
    number: doc.number ?? (fa ? 'پیش‌نویس' : 'DRAFT'), issueDate: String(doc.issueDate), validUntil: doc.validUntil ? String(doc.validUntil) : undefined,
    dueDate: doc.dueDate ? String(doc.dueDate) : undefined,
    status: doc.status === 'draft' ? 'draft' : doc.status === 'cancelled' ? 'cancelled' : doc.status === 'paid' ? 'paid' : undefined,
    seller: doc.seller, buyer: doc.buyer,
    lines: lines.map((l) => ({
      code: l.code ?? undefined, description: l.description, quantity: canonical(String(l.quantity)), unit: l.unit ?? undefined, unitPrice: l.unitPrice,
      discount: l.discount + l.docDiscountShare, tax: l.tax, total: l.total,
    })),
    totals: {
      subtotal: doc.subtotal, lineDiscounts: doc.lineDiscountTotal, documentDiscount: doc.discount,
      taxes: doc.taxTotal > 0n ? [{ label: fa ? `مالیات بر ارزش افزوده (${(doc.vatRateBp / 100).toLocaleString('fa-IR')}٪)` : `VAT (${doc.vatRateBp / 100}%)`, amount: doc.taxTotal }] : [],
      fees: doc.fees.map((f) => ({ label: f.label, amount: BigInt(f.amount) })), grandTotal: doc.grandTotal,
      ...(doc.kind === 'invoice' && doc.paidTotal > 0n ? { paid: doc.paidTotal, balance: doc.grandTotal - doc.paidTotal } : {}),
    },
    terms: doc.terms ?? undefined, notes: doc.notes ?? undefined,
    template: {
      ...s.pdfTemplate, headerText: s.pdfTemplate.headerText || undefined, footerText: s.pdfTemplate.footerText || undefined,
      logo: logo ? { mime: logo.mime, data: Buffer.from(logo.base64, 'base64') } : undefined,
    },
  };
}

/** The PDF renderer (react-pdf and its fonts, ~0.6 s to load) is loaded on the first PDF, not at start-up. */
export async function documentPdf(db: Db, doc: DocumentRow): Promise<Buffer> {
  const { renderDocumentPdf } = await import('./pdf/index.ts');
  return renderDocumentPdf(await pdfInputOf(db, doc));
}

/** The events of a customer's documents, for the timeline. */
export async function documentEventsOf(db: Db, actor: Actor, customerId: string, before: SQL, limit: number) {
  const res = await db.execute(sql`
    SELECT e.id, e.type, e.at, e.data, d.id AS document_id, d.kind, d.number, d.status, d.grand_total, u.name AS actor_name
    FROM document_events e JOIN documents d ON d.id = e.document_id JOIN customers c ON c.id = d.customer_id LEFT JOIN users u ON u.id = e.actor_id
    WHERE e.customer_id = ${customerId} AND ${visibleDocumentsSql(actor)} AND ${before}
    ORDER BY e.at DESC, e.id DESC LIMIT ${limit}`);
  return res.rows as Record<string, unknown>[];
}

