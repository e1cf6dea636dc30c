/**
 * The page a customer opens from the link in their email or SMS: the quote (or invoice) on a phone-sized, right-to-
 * left page, its PDF, and — for a quote that is still open — buttons to accept or decline it. Server-rendered HTML
 * with every value escaped; no script.
 */
import { toPersianDigits } from '../../../common/fa-normalize.ts';
import { formatDate } from '../../../common/jalali.ts';
import { formatMoney } from '../../../common/money.ts';
import type { DocumentRow } from './documents.service.ts';
import { KIND_NAME } from './documents.service.ts';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

type Line = { description: string; quantity: string; unit: string | null; unitPrice: string; total: string };

const T = {
  fa: {
    dir: 'rtl', for: 'برای', number: 'شماره', date: 'تاریخ', validUntil: 'اعتبار تا', item: 'شرح', qty: 'تعداد', price: 'فی', total: 'جمع',
    subtotal: 'جمع اقلام', discount: 'تخفیف', tax: 'مالیات بر ارزش افزوده', fees: 'هزینه‌های دیگر', grand: 'مبلغ قابل پرداخت', pdf: 'دریافت PDF',
    accept: 'پذیرفتن پیش‌فاکتور', reject: 'رد کردن', note: 'توضیح (اختیاری)', accepted: 'این پیش‌فاکتور را پذیرفته‌اید. سپاس! به‌زودی با شما تماس می‌گیریم.',
    rejected: 'این پیش‌فاکتور رد شد.', expired: 'اعتبار این پیش‌فاکتور تمام شده است؛ برای پیش‌فاکتور تازه با ما تماس بگیرید.', paid: 'پرداخت شده', terms: 'شرایط',
    seller: 'فروشنده', balance: 'مانده',
  },
  en: {
    dir: 'ltr', for: 'For', number: 'No.', date: 'Date', validUntil: 'Valid until', item: 'Item', qty: 'Qty', price: 'Unit price', total: 'Total',
    subtotal: 'Subtotal', discount: 'Discount', tax: 'VAT', fees: 'Other charges', grand: 'Amount due', pdf: 'Download PDF',
    accept: 'Accept quote', reject: 'Decline', note: 'Note (optional)', accepted: 'You accepted this quote. Thank you — we will be in touch shortly.',
    rejected: 'This quote was declined.', expired: 'This quote has expired; contact us for a new one.', paid: 'Paid', terms: 'Terms',
    seller: 'Seller', balance: 'Balance',
  },
} as const;

export function renderPublicPage(doc: DocumentRow, lines: Line[], opts: { token: string; unit: 'rial' | 'toman'; timeZone: string; message?: string }) {
  const l = doc.locale;
  const t = T[l];
  const m = (v: bigint | string) => esc(formatMoney(BigInt(v), { unit: opts.unit, locale: l, withUnit: true }));
  const num = (s: string) => esc(l === 'fa' ? toPersianDigits(s) : s);
  const open = doc.kind === 'quote' && doc.status === 'sent';
  const state = doc.status === 'accepted' ? t.accepted : doc.status === 'rejected' ? t.rejected : doc.status === 'expired' ? t.expired : doc.status === 'paid' ? t.paid : '';
  const rows = lines.map((x) => `<tr><td>${esc(x.description)}</td><td class="n">${num(x.quantity)}${x.unit ? ' ' + esc(x.unit) : ''}</td><td class="n">${m(x.unitPrice)}</td><td class="n">${m(x.total)}</td></tr>`).join('');
  const sum = (label: string, v: bigint, strong = false) => (v === 0n && !strong ? '' : `<tr${strong ? ' class="grand"' : ''}><th>${esc(label)}</th><td class="n">${m(v)}</td></tr>`);
  return `<!doctype html>
<html lang="${l}" dir="${t.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(KIND_NAME[l][doc.kind])} ${esc(doc.number ?? '')}</title>
<style>
@font-face{font-family:Vazirmatn;src:url(/d/_font/vazirmatn-arabic-400-normal.woff2) format("woff2");font-weight:400;unicode-range:U+0600-06FF,U+200C-200E,U+FB50-FDFF,U+FE70-FEFF}
@font-face{font-family:Vazirmatn;src:url(/d/_font/vazirmatn-arabic-700-normal.woff2) format("woff2");font-weight:700;unicode-range:U+0600-06FF,U+200C-200E,U+FB50-FDFF,U+FE70-FEFF}
@font-face{font-family:Vazirmatn;src:url(/d/_font/vazirmatn-latin-400-normal.woff2) format("woff2");font-weight:400;unicode-range:U+0000-00FF}
@font-face{font-family:Vazirmatn;src:url(/d/_font/vazirmatn-latin-700-normal.woff2) format("woff2");font-weight:700;unicode-range:U+0000-00FF}
*{box-sizing:border-box}body{margin:0;font-family:Vazirmatn,system-ui,sans-serif;background:#f1f3f5;color:#212529;line-height:1.7}
main{max-width:760px;margin:0 auto;padding:16px}.card{background:#fff;border-radius:12px;padding:16px 18px;margin-bottom:14px;box-shadow:0 1px 3px #0001}
h1{font-size:1.3rem;margin:0 0 4px}.muted{color:#6c757d;font-size:.9rem}table{width:100%;border-collapse:collapse}
td,th{padding:8px 6px;border-bottom:1px solid #e9ecef;text-align:start;vertical-align:top}.n{text-align:end;white-space:nowrap;direction:ltr;unicode-bidi:isolate}
html[dir=rtl] .n{direction:rtl}.lines th{font-size:.85rem;color:#495057;background:#f8f9fa}.sums th{font-weight:400;color:#495057}
.grand th,.grand td{font-weight:700;font-size:1.05rem;border-bottom:0}.state{padding:12px 14px;border-radius:10px;background:#e7f5ff;color:#1864ab;font-weight:700}
form{display:flex;flex-direction:column;gap:10px}textarea{font:inherit;padding:8px;border:1px solid #ced4da;border-radius:8px;min-height:70px}
.actions{display:flex;gap:10px;flex-wrap:wrap}button,.btn{font:inherit;border:0;border-radius:8px;padding:10px 18px;cursor:pointer;text-decoration:none;display:inline-block}
.ok{background:#2f9e44;color:#fff;font-weight:700;flex:1}.no{background:#e9ecef;color:#212529}.btn{background:#1c7ed6;color:#fff}
@media (max-width:520px){.lines td:nth-child(3),.lines th:nth-child(3){display:none}}
</style></head><body><main>
<div class="card"><div class="muted">${esc(doc.seller.name)}</div><h1>${esc(KIND_NAME[l][doc.kind])} ${num(doc.number ?? '')}</h1>
<div class="muted">${esc(t.for)} ${esc(doc.buyer.name)} · ${esc(t.date)} ${esc(formatDate(String(doc.issueDate), l, opts.timeZone))}${doc.validUntil ? ` · ${esc(t.validUntil)} ${esc(formatDate(String(doc.validUntil), l, opts.timeZone))}` : ''}</div></div>
${opts.message ? `<div class="card state" role="status">${esc(opts.message)}</div>` : state ? `<div class="card state" role="status" data-testid="public-state">${esc(state)}</div>` : ''}
<div class="card"><table class="lines"><thead><tr><th>${esc(t.item)}</th><th class="n">${esc(t.qty)}</th><th class="n">${esc(t.price)}</th><th class="n">${esc(t.total)}</th></tr></thead><tbody>${rows}</tbody></table>
<table class="sums">${sum(t.subtotal, doc.subtotal)}${sum(t.discount, doc.lineDiscountTotal + doc.discount)}${sum(t.tax, doc.taxTotal)}${sum(t.fees, doc.feeTotal)}${sum(t.grand, doc.grandTotal, true)}${doc.kind === 'invoice' && doc.paidTotal > 0n ? sum(t.balance, doc.grandTotal - doc.paidTotal, true) : ''}</table></div>
${doc.terms ? `<div class="card"><strong>${esc(t.terms)}</strong><div class="muted">${esc(doc.terms)}</div></div>` : ''}
<div class="card actions"><a class="btn" href="/d/${esc(opts.token)}/pdf" data-testid="public-pdf">${esc(t.pdf)}</a></div>
${open ? `<div class="card"><form method="post" action="/d/${esc(opts.token)}/decision"><label>${esc(t.note)}<br><textarea name="note" maxlength="1000"></textarea></label>
<div class="actions"><button class="ok" name="decision" value="accept" data-testid="public-accept">${esc(t.accept)}</button><button class="no" name="decision" value="reject" data-testid="public-reject">${esc(t.reject)}</button></div></form></div>` : ''}
</main></body></html>`;
}
