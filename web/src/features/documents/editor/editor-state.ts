/**
 * The editor's form: what the user typed (amounts as text in the display unit), built from a saved document and
 * turned into the API's body. Amounts that do not parse become field errors under the same keys the server uses
 * (`lines.2.unitPrice`, `fees.0.amount`, `discount`), so one map of errors serves both.
 */
import type { FieldErrors } from '../../../lib/errors';
import type { DocumentDetail, DocumentKind, Product } from '../documents.types';
import { normalizeQuantity, quantityToInput, type Money } from '../../../lib/money';

export type LineState = {
  key: string;
  productId: string | null;
  productLabel: string | null;
  code: string;
  description: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  discount: string;
  taxable: boolean;
  /**
   * The price came from the picked product and was not typed over: it is not sent, so the server prices the line
   * (from the named or the customer's standing price list, else the product) and the history can say which list.
   */
  autoPrice?: boolean;
};
export type FeeState = { key: string; label: string; amount: string };

export type EditorState = {
  kind: Exclude<DocumentKind, 'credit_note'>;
  customer: { id: string; label: string } | null;
  dealId: string | null;
  issueDate: string | null;
  validUntil: string | null;
  dueDate: string | null;
  lines: LineState[];
  discount: string;
  fees: FeeState[];
  terms: string;
  notes: string;
  locale: 'fa' | 'en';
};

let seq = 0;
export const newKey = () => `k${++seq}`;

export const blankLine = (locale: 'fa' | 'en' = 'en'): LineState => ({
  key: newKey(), productId: null, productLabel: null, code: '', description: '', quantity: quantityToInput('1', locale), unit: '', unitPrice: '', discount: '', taxable: true,
});

/** A picked product fills the line: its name, code, unit, price and whether VAT applies. */
export function lineFromProduct(line: LineState, p: Product, label: string, money: Money, locale: 'fa' | 'en', listPrice?: string): LineState {
  return {
    ...line,
    productId: p.id,
    productLabel: label,
    code: p.code,
    description: locale === 'en' && p.nameEn ? p.nameEn : p.nameFa,
    unit: p.unit ?? '',
    unitPrice: money.toInput(listPrice ?? p.price),
    taxable: p.taxClass !== 'exempt',
    autoPrice: true,
  };
}

export function stateFromDocument(d: DocumentDetail, money: Money, uiLocale: 'fa' | 'en'): EditorState {
  return {
    kind: d.kind === 'invoice' ? 'invoice' : 'quote',
    customer: { id: d.customerId, label: d.customerName },
    dealId: d.dealId,
    issueDate: d.issueDate,
    validUntil: d.validUntil,
    dueDate: d.dueDate,
    lines: d.lines.map((l) => ({
      key: newKey(),
      productId: l.productId,
      productLabel: l.productId ? [l.code, l.description].filter(Boolean).join(' — ') : null,
      code: l.code ?? '',
      description: l.description,
      quantity: quantityToInput(l.quantity, uiLocale),
      unit: l.unit ?? '',
      unitPrice: money.toInput(l.unitPrice),
      discount: l.discount === '0' ? '' : money.toInput(l.discount),
      taxable: l.taxable,
    })),
    discount: d.discount === '0' ? '' : money.toInput(d.discount),
    fees: d.fees.map((f) => ({ key: newKey(), label: f.label, amount: money.toInput(f.amount) })),
    terms: d.terms ?? '',
    notes: d.notes ?? '',
    locale: d.locale,
  };
}

type MoneyReason = Exclude<ReturnType<Money['parse']>, { ok: true }>['reason'];

/** The body for POST/PATCH, or the fields whose amounts cannot be read. `reasonText` words a parse failure. */
export function toBody(s: EditorState, money: Money, reasonText: (r: MoneyReason) => string): { body: Record<string, unknown> } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const amount = (text: string, key: string, optional: boolean): string | undefined => {
    if (optional && !text.trim()) return undefined;
    const p = money.parse(text);
    if (p.ok) return p.rials;
    errors[key] = reasonText(p.reason);
    return undefined;
  };
  const lines = s.lines.map((l, i) => {
    const unitPrice = l.productId && l.autoPrice ? undefined : amount(l.unitPrice, `lines.${i}.unitPrice`, Boolean(l.productId));
    const discount = amount(l.discount, `lines.${i}.discount`, true);
    return {
      ...(l.productId ? { productId: l.productId } : {}),
      ...(l.code.trim() ? { code: l.code.trim() } : {}),
      ...(l.description.trim() ? { description: l.description.trim() } : {}),
      quantity: normalizeQuantity(l.quantity),
      ...(l.unit.trim() ? { unit: l.unit.trim() } : {}),
      ...(unitPrice !== undefined ? { unitPrice } : {}),
      ...(discount !== undefined ? { discount } : {}),
      taxable: l.taxable,
    };
  });
  const fees = s.fees.map((f, i) => ({ label: f.label.trim(), amount: amount(f.amount, `fees.${i}.amount`, false) ?? '0' }));
  const discount = amount(s.discount, 'discount', true) ?? '0';
  if (Object.keys(errors).length) return { errors };
  return {
    body: {
      lines, fees, discount,
      ...(s.issueDate ? { issueDate: s.issueDate } : {}),
      ...(s.kind === 'quote' ? { validUntil: s.validUntil } : { dueDate: s.dueDate }),
      terms: s.terms.trim() || null,
      notes: s.notes.trim() || null,
      locale: s.locale,
    },
  };
}

/**
 * The body of a new document: a new quote whose discount field is left empty names no discount, so the server gives it
 * the customer's standing (club tier) discount; an invoice, or a quote with a discount typed, sends what the form holds.
 */
export function newBody(s: Pick<EditorState, 'kind' | 'discount'>, body: Record<string, unknown>): Record<string, unknown> {
  if (s.kind !== 'quote' || s.discount.trim()) return body;
  const { discount: _omitted, ...rest } = body;
  return rest;
}
