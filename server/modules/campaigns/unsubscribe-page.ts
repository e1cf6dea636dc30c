/** The unsubscribe page a customer sees: one button, then a confirmation; Persian (right-to-left) or English. */
export type PageLang = 'fa' | 'en';
type State = 'ask' | 'done' | 'unknown' | 'busy';

const T = {
  fa: {
    dir: 'rtl', title: 'لغو اشتراک',
    ask: { email: 'با زدن دکمهٔ زیر، دیگر ایمیل تبلیغاتی از ما دریافت نمی‌کنید.', sms: 'با زدن دکمهٔ زیر، دیگر پیامک تبلیغاتی از ما دریافت نمی‌کنید.' },
    button: 'لغو اشتراک',
    done: { email: 'اشتراک شما لغو شد. دیگر ایمیل تبلیغاتی برایتان فرستاده نمی‌شود.', sms: 'اشتراک شما لغو شد. دیگر پیامک تبلیغاتی برایتان فرستاده نمی‌شود.' },
    unknown: 'این پیوند وجود ندارد.', busy: 'درخواست‌ها زیاد بود؛ لطفاً کمی بعد دوباره امتحان کنید.', other: 'English',
  },
  en: {
    dir: 'ltr', title: 'Unsubscribe',
    ask: { email: 'Press the button below and you will get no more marketing emails from us.', sms: 'Press the button below and you will get no more marketing text messages from us.' },
    button: 'Unsubscribe',
    done: { email: 'You are unsubscribed. No more marketing emails will be sent to you.', sms: 'You are unsubscribed. No more marketing text messages will be sent to you.' },
    unknown: 'This link does not exist.', busy: 'Too many requests; please try again a little later.', other: 'فارسی',
  },
} as const;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function unsubscribePage(o: { lang: PageLang; state: State; channel?: 'sms' | 'email'; action?: string }): string {
  const t = T[o.lang];
  const ch = o.channel ?? 'email';
  const body = o.state === 'ask'
    ? `<p>${esc(t.ask[ch])}</p><form method="post" action="${esc(o.action ?? '')}"><button type="submit" data-testid="unsubscribe">${esc(t.button)}</button></form>`
    : `<p data-testid="unsubscribe-state">${esc(o.state === 'done' ? t.done[ch] : o.state === 'unknown' ? t.unknown : t.busy)}</p>`;
  const other = o.state === 'ask' && o.action ? `<a class="lang" href="${esc(o.action.split('?')[0] + (o.lang === 'fa' ? '?lang=en' : ''))}">${t.other}</a>` : '';
  return `<!doctype html><html lang="${o.lang}" dir="${t.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${esc(t.title)}</title><style>
@font-face{font-family:Vazirmatn;src:url(/d/_font/vazirmatn-arabic-400-normal.woff2) format("woff2");font-weight:400;font-display:swap;unicode-range:U+0600-06FF,U+200C-200E,U+FB50-FDFF,U+FE70-FEFF}
@font-face{font-family:Vazirmatn;src:url(/d/_font/vazirmatn-arabic-700-normal.woff2) format("woff2");font-weight:700;font-display:swap;unicode-range:U+0600-06FF,U+200C-200E,U+FB50-FDFF,U+FE70-FEFF}
body{margin:0;font-family:Vazirmatn,system-ui,sans-serif;background:#f1f3f5;color:#212529;line-height:1.8}
main{max-width:560px;margin:0 auto;padding:16px}.card{background:#fff;border-radius:12px;padding:20px;box-shadow:0 1px 3px #0001}
h1{font-size:20px;margin:0 0 8px}button{font:inherit;font-weight:700;background:#c92a2a;color:#fff;border:0;border-radius:8px;padding:10px 20px;cursor:pointer}
.lang{display:inline-block;margin-top:12px;font-size:14px;color:#1c7ed6}</style></head>
<body><main><div class="card"><h1>${esc(t.title)}</h1>${body}${other}</div></main></body></html>`;
}
