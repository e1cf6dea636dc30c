/**
 * The documents API's English sentences → the user's language. The generic error texts ("This conflicts with an
 * existing record") would mislead here: a quote that was already sent or an invoice already paid says so.
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { errorMessage, translateFieldMessage, type FieldErrors } from '../../lib/errors';
import type { Money } from '../../lib/money';

const MESSAGES: Record<string, string> = {
  'This document was already sent; use “send again” to send it once more': 'documents.err.alreadySent',
  'A draft has not been sent yet': 'documents.err.notSent',
  'A cancelled document cannot be sent': 'documents.err.cancelledSend',
  'A credit note is sent with “send again”': 'documents.err.creditNoteSend',
  'The customer has no email address and no mobile number that agreed to SMS': 'documents.err.noRecipient',
  'Only an accepted quote turns into an invoice': 'documents.err.notAccepted',
  'This quote already has an invoice': 'documents.err.hasInvoice',
  'Issue (send) the invoice before recording a payment': 'documents.err.issueFirst',
  'This invoice is already paid in full': 'documents.err.paid',
  'This invoice is cancelled': 'documents.err.cancelled',
  'The payment is more than what is left to pay': 'documents.err.overpay',
  'A payment must be more than zero': 'documents.err.zeroPayment',
  'An issued invoice cannot be edited; cancel it (a credit note is made) and issue a new one': 'documents.err.invoiceLocked',
  'A sent quote cannot be edited; make a new version instead': 'documents.err.quoteLocked',
  'This quote has an invoice; cancel the invoice instead': 'documents.err.cancelInvoiceFirst',
  'This quote was already accepted': 'documents.err.alreadyAccepted',
  'This quote was already declined': 'documents.err.alreadyDeclined',
  'This quote has expired; ask for a new one': 'documents.err.expired',
  'Only a sent quote can be accepted or declined': 'documents.err.decideSentOnly',
  'The document has not been sent yet': 'documents.err.noLink',
  'Already cancelled': 'documents.err.alreadyCancelled',
  'A credit note cannot be cancelled': 'documents.err.creditNoteCancel',
  'The deal belongs to another customer': 'documents.err.otherDeal',
  'Some lines are not right': 'documents.err.lines',
};

const FIELD_MESSAGES: Record<string, string> = {
  'no such product': 'documents.field.noProduct',
  'this product is no longer sold': 'documents.field.inactiveProduct',
  'required for a line without a product': 'documents.field.needsProduct',
  'add at least one line': 'documents.field.noLines',
  'must be more than zero': 'documents.field.positive',
  'Quantity must be more than zero': 'documents.field.positive',
  'must be greater than 0': 'documents.field.positive',
  'must be a positive number with at most 3 decimals (and 11 whole digits)': 'documents.field.quantity',
  'Quantity must be a positive number with at most 3 decimals': 'documents.field.quantity',
  'Unit price cannot be negative': 'documents.field.negative',
  'Discount cannot be negative': 'documents.field.negative',
  'A fee cannot be negative': 'documents.field.negative',
  'Discount cannot be more than the line amount': 'documents.field.lineDiscountTooBig',
  'Discount cannot be more than the lines after their own discounts': 'documents.field.discountTooBig',
  'Amount is larger than the largest amount Mehvar can store': 'documents.field.tooLarge',
  'send money as a string of whole Rials, e.g. "12500000"': 'documents.field.amount',
  'another customer’s deal': 'documents.field.otherDeal',
  'no address': 'documents.field.noEmail',
  'no mobile number': 'documents.field.noMobile',
  'no SMS consent': 'documents.field.noConsent',
  'say why': 'fieldErrors.required',
};

export function docErrorMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    const key = MESSAGES[err.message];
    if (key) return t(key);
    if (/^(The SMS gateway|The email server) refused/.test(err.message)) return t('channels.refused', { message: err.message });
    if (err.message === 'No email server is configured') return t('channels.noSmtp');
    if (err.message === 'No SMS gateway is configured') return t('channels.noSms');
  }
  return errorMessage(t, err);
}

/** `details` of a 400/422 from the documents API, each message in the user's language. */
export function docFieldErrors(t: TFunction, err: unknown, money?: Money): FieldErrors {
  if (!(err instanceof ApiError) || !err.details || (err.code !== 'VALIDATION_FAILED' && err.code !== 'UNPROCESSABLE')) return {};
  const out: FieldErrors = {};
  for (const [path, msg] of Object.entries(err.details)) {
    if (typeof msg !== 'string') continue;
    const key = FIELD_MESSAGES[msg];
    const atMost = /^at most (\d+) Rials$/.exec(msg);
    if (key) out[path] = t(key);
    else if (atMost && money) out[path] = t('documents.field.atMost', { amount: money.format(atMost[1]) });
    else out[path] = translateFieldMessage(t, msg);
  }
  return out;
}
