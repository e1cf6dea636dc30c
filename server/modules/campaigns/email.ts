/**
 * A campaign email: the personal text as plain text and as simple HTML (right-to-left when it is Persian), the tracked
 * link clickable, an unsubscribe link in the footer of every email, the open pixel, and the List-Unsubscribe headers
 * (RFC 2369 and RFC 8058 one-click: a mail client's "unsubscribe" button posts to the same page).
 */
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const isPersian = (s: string) => /[\u0600-\u06FF]/.test(s);

export const UNSUBSCRIBE_TEXT = { fa: 'لغو دریافت ایمیل‌ها', en: 'Unsubscribe' };

export function campaignEmail(input: { subject: string; text: string; links: { click?: string; open: string; unsubscribe: string } }) {
  const rtl = isPersian(input.text) || isPersian(input.subject);
  const label = rtl ? UNSUBSCRIBE_TEXT.fa : UNSUBSCRIBE_TEXT.en;
  const text = `${input.text}\n\n--\n${label}: ${input.links.unsubscribe}\n`;
  let body = escapeHtml(input.text);
  if (input.links.click) {
    const url = escapeHtml(input.links.click);
    body = body.split(url).join(`<a href="${url}">${url}</a>`);
  }
  body = body.replace(/\r?\n/g, '<br>\n');
  const dir = rtl ? 'rtl' : 'ltr';
  const html = `<!doctype html><html lang="${rtl ? 'fa' : 'en'}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(input.subject)}</title></head>`
    + `<body style="font-family:Tahoma,Vazirmatn,sans-serif;direction:${dir};text-align:${rtl ? 'right' : 'left'};line-height:1.8">`
    + `<div>${body}</div><hr style="border:0;border-top:1px solid #ddd;margin-top:24px">`
    + `<p style="font-size:12px;color:#777"><a href="${escapeHtml(input.links.unsubscribe)}">${label}</a></p>`
    + `<img src="${escapeHtml(input.links.open)}" width="1" height="1" alt="" style="display:block;border:0"></body></html>`;
  return {
    subject: input.subject, text, html,
    headers: { 'List-Unsubscribe': `<${input.links.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
