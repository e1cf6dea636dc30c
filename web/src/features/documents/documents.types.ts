/** Shapes of the documents API's answers (server: documents.query.ts presentDocument / documentById). Money is a string of Rials. */
import type { DocumentKind, DocumentStatus } from '../../../../common/documents.schemas';

export type { DocumentKind, DocumentStatus };

export type Party = { name: string; economicCode?: string; nationalId?: string; registrationNumber?: string; postalCode?: string; address?: string; phone?: string };

export type DocumentSummary = {
  id: string;
  kind: DocumentKind;
  number: string | null;
  status: DocumentStatus;
  customerId: string;
  customerName: string;
  dealId: string | null;
  sourceId: string | null;
  issueDate: string;
  validUntil: string | null;
  dueDate: string | null;
  seller: Party;
  buyer: Party;
  vatRateBp: number;
  fees: { label: string; amount: string }[];
  subtotal: string;
  lineDiscountTotal: string;
  discount: string;
  taxTotal: string;
  feeTotal: string;
  grandTotal: string;
  paidTotal: string;
  balance: string;
  terms: string | null;
  notes: string | null;
  locale: 'fa' | 'en';
  sentAt: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  cancelledAt: string | null;
  publicExpiresAt: string | null;
  ownerId: string | null;
  createdAt: string;
  updatedAt: string;
};

export type DocumentLine = {
  id: string;
  position: number;
  productId: string | null;
  code: string | null;
  description: string;
  quantity: string;
  unit: string | null;
  unitPrice: string;
  discount: string;
  taxable: boolean;
  docDiscountShare: string;
  tax: string;
  total: string;
};

export type Payment = { id: string; amount: string; method: string; reference: string | null; paidAt: string; note: string | null };
export type DocumentEvent = { id: string; type: string; at: string; actorName: string | null; data: Record<string, unknown> };

export type Message = {
  id: string;
  channel: 'email' | 'sms';
  direction: 'in' | 'out';
  address: string;
  subject: string | null;
  body: string;
  status: string;
  provider: string | null;
  providerStatus: string | null;
  error: string | null;
  attempts: number;
  subjectType: string | null;
  subjectId: string | null;
  meta: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
};

export type DocumentDetail = DocumentSummary & {
  lines: DocumentLine[];
  payments: Payment[];
  events: DocumentEvent[];
  messages: Message[];
  related: { id: string; kind: DocumentKind; number: string | null; status: DocumentStatus }[];
};

export type DocumentPage = { items: DocumentSummary[]; total: number; page: number; pageSize: number };
export type SendResult = { number: string; email: string | null; sms: string | null; link: string; document: DocumentDetail };

export type Product = { id: string; code: string; nameFa: string; nameEn: string | null; unit: string | null; price: string; taxClass: 'standard' | 'exempt'; active?: boolean };

/** The 360° view's `purchases` section (server: documents.timeline.ts purchasesOf). */
export type Purchases = {
  products: { productId: string | null; name: string; code: string | null; quantity: string; amount: string; lastDate: string; invoices: number }[];
  orders: number;
  totalSpent: string;
  averageOrder: string;
  lastPurchase: string | null;
  outstanding: string;
  openQuotes: { id: string; number: string | null; status: string; grandTotal: string; validUntil: string | null }[];
};

/** Timeline items of kind `document`: one event of one of the customer's documents. */
export type DocumentTimelineData = {
  type: string;
  documentId: string;
  documentKind: DocumentKind;
  number: string | null;
  status: DocumentStatus;
  grandTotal: string;
  actorName: string | null;
  amount?: string;
  method?: string;
  balance?: string;
  email?: string | null;
  sms?: string | null;
  by?: string;
  note?: string | null;
  reason?: string;
  total?: string;
  [key: string]: unknown;
};

export const PAYMENT_METHOD_KEYS = ['cash', 'card', 'transfer', 'cheque', 'pos', 'online', 'other'] as const;
