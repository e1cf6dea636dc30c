/** Shapes of the documents API's answers, from the response schemas in common/ (documents, messaging, sales, profile). */
import type {
  DocumentKind, DocumentStatus, partyView, documentSummary, documentLineView, paymentView, documentEventView, documentDetail, documentPage, documentSent,
  documentLink,
} from '../../../../common/documents.schemas';
import type { messageView } from '../../../../common/messaging.schemas';
import type { productView } from '../../../../common/sales.schemas';
import type { purchasesSection, documentTimelineData } from '../../../../common/profile.schemas';
import type { Answer } from '../../api/types';

export type { DocumentKind, DocumentStatus };

export type Party = Answer<typeof partyView>;
export type DocumentSummary = Answer<typeof documentSummary>;
export type DocumentLine = Answer<typeof documentLineView>;
export type Payment = Answer<typeof paymentView>;
export type DocumentEvent = Answer<typeof documentEventView>;
export type Message = Answer<typeof messageView>;
export type DocumentDetail = Answer<typeof documentDetail>;
export type DocumentPage = Answer<typeof documentPage>;
export type SendResult = Answer<typeof documentSent>;
/** The public link of a sent document and when it stops working. */
export type DocumentLink = Answer<typeof documentLink>;

/** A product as the line picker lists it (GET /api/products). */
export type Product = Answer<typeof productView>;

/** The 360° view's `purchases` section (server: documents.timeline.ts purchasesOf). */
export type Purchases = Answer<typeof purchasesSection>;

/** Timeline items of kind `document`: one event of one of the customer's documents. */
export type DocumentTimelineData = Answer<typeof documentTimelineData>;

export const PAYMENT_METHOD_KEYS = ['cash', 'card', 'transfer', 'cheque', 'pos', 'online', 'other'] as const;
