/**
 * The member's page on the public URL, server-rendered: phone-first (one column, large targets), right-to-left in
 * Persian and left-to-right in English, every value escaped, no script. (The Persian list separator is «،»: a middle dot beside Persian digits reads as a zero.) Sign-in (phone → code), then the balance,
 * tier progress, points about to expire, the rewards (redeem) and the history.
 */
import { toPersianDigits } from '../../../common/fa-normalize.ts';
import { formatDate } from '../../../common/jalali.ts';
import type { LedgerEntryView, MemberView, RewardView } from '../../../common/loyalty.schemas.ts';
import { plural } from '../../../common/plural.ts';

export type Lang = 'fa' | 'en';
const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const num = (n: number, lang: Lang) => (lang === 'fa' ? toPersianDigits(n.toLocaleString('en-US').replace(/,/g, '٬')) : n.toLocaleString('en-US'));

/**
 * Texts by language. A counted text is [one, other]: English picks by the number ("1 point", "3 points"); Persian keeps
 * the noun after a number singular, so its two forms are the same text.
 */
const T = {
  fa: {
    dir: 'rtl', title: 'باشگاه مشتریان', other: 'English', otherLang: 'en', phone: 'شمارهٔ همراه', send: 'دریافت کد ورود',
    phoneHint: 'کد ورود به شمارهٔ همراهی که در باشگاه ثبت شده پیامک می‌شود.', code: 'کد پیامک‌شده', enter: 'ورود',
    sent: 'اگر این شماره عضو باشگاه باشد، کد ورود تا لحظاتی دیگر پیامک می‌شود.', wrong: 'کد درست نیست؛ دوباره وارد کنید.',
    expired: 'این کد دیگر معتبر نیست؛ کد تازه بگیرید.', badPhone: 'شمارهٔ همراه را درست وارد کنید (۰۹…).', limited: 'درخواست‌ها زیاد بود؛ لطفاً کمی بعد دوباره امتحان کنید.',
    hello: 'سلام', balance: 'موجودی امتیاز', tier: 'سطح', noTier: 'بدون سطح', top: 'شما در بالاترین سطح هستید.', toNext: ['{n} امتیاز تا سطح {t}', '{n} امتیاز تا سطح {t}'], toNextSpend: ['{n} ریال خرید تا سطح {t}', '{n} ریال خرید تا سطح {t}'],
    expiring: ['{n} امتیاز در {d} منقضی می‌شود', '{n} امتیاز در {d} منقضی می‌شود'], rewards: 'جوایز', cost: ['{n} امتیاز', '{n} امتیاز'], left: '{n} عدد مانده', redeem: 'دریافت', out: 'تمام شد', short: 'امتیاز کافی نیست',
    noRewards: 'فعلاً جایزه‌ای تعریف نشده است.', history: 'گردش امتیاز', noHistory: 'هنوز گردشی ثبت نشده است.', logout: 'خروج', redeemed: 'جایزه ثبت شد: {r}',
    failed: { OUT_OF_STOCK: 'موجودی این جایزه تمام شده است.', INSUFFICIENT_POINTS: 'امتیاز کافی نیست.', NOT_FOUND: 'این جایزه دیگر در دسترس نیست.' } as Record<string, string>,
    kind: { earn: 'کسب', redeem: 'استفاده', expire: 'انقضا', adjust: 'اصلاح', reverse: 'برگشت' } as Record<string, string>,
  },
  en: {
    dir: 'ltr', title: 'Customer club', other: 'فارسی', otherLang: 'fa', phone: 'Mobile number', send: 'Get a sign-in code',
    phoneHint: 'We text a sign-in code to the mobile number registered with the club.', code: 'Code from the text', enter: 'Sign in',
    sent: 'If this number belongs to a club member, a sign-in code is on its way.', wrong: 'That code is not right; try again.',
    expired: 'This code is no longer valid; ask for a new one.', badPhone: 'Enter a mobile number (09…).', limited: 'Too many requests; please try again a little later.',
    hello: 'Hello', balance: 'Points balance', tier: 'Tier', noTier: 'No tier', top: 'You are at the top tier.', toNext: ['{n} point to {t}', '{n} points to {t}'], toNextSpend: ['{n} Rial of purchases to {t}', '{n} Rials of purchases to {t}'],
    expiring: ['{n} point expires on {d}', '{n} points expire on {d}'], rewards: 'Rewards', cost: ['{n} point', '{n} points'], left: '{n} left', redeem: 'Redeem', out: 'Out of stock', short: 'Not enough points',
    noRewards: 'No rewards yet.', history: 'Points history', noHistory: 'No history yet.', logout: 'Sign out', redeemed: 'Reward redeemed: {r}',
    failed: { OUT_OF_STOCK: 'This reward is out of stock.', INSUFFICIENT_POINTS: 'Not enough points.', NOT_FOUND: 'This reward is no longer available.' } as Record<string, string>,
    kind: { earn: 'Earned', redeem: 'Redeemed', expire: 'Expired', adjust: 'Adjusted', reverse: 'Reversed' } as Record<string, string>,
  },
} as const;

const CSS = `@font-face{font-family:Vazirmatn;src:url(/d/_font/vazirmatn-arabic-400-normal.woff2) format("woff2");font-weight:400;font-display:swap;unicode-range:U+0600-06FF,U+200C-200E,U+FB50-FDFF,U+FE70-FEFF}
@font-face{font-family:Vazirmatn;src:url(/d/_font/vazirmatn-arabic-700-normal.woff2) format("woff2");font-weight:700;font-display:swap;unicode-range:U+0600-06FF,U+200C-200E,U+FB50-FDFF,U+FE70-FEFF}
*{box-sizing:border-box}body{margin:0;font-family:Vazirmatn,system-ui,sans-serif;background:#f1f3f5;color:#212529;line-height:1.7}
main{max-width:560px;margin:0 auto;padding:16px}.card{background:#fff;border-radius:12px;padding:16px;margin-bottom:14px;box-shadow:0 1px 3px #0001}
h1{font-size:1.2rem;margin:0}h2{font-size:1rem;margin:0 0 8px}.muted{color:#6c757d;font-size:.85rem}.top{display:flex;justify-content:space-between;align-items:baseline;gap:8px}
a{color:#1c7ed6}label{display:block;font-weight:700;margin-bottom:6px}input{width:100%;font:inherit;font-size:1.1rem;padding:10px;border:1px solid #ced4da;border-radius:8px;direction:ltr;text-align:center;letter-spacing:.05em}
button{font:inherit;border:0;border-radius:8px;padding:12px 18px;cursor:pointer;background:#2f9e44;color:#fff;font-weight:700;width:100%;margin-top:10px}
button[disabled]{background:#ced4da;color:#495057;cursor:not-allowed}.link{background:none;color:#1c7ed6;width:auto;padding:0;margin:0;font-weight:400}
.err{color:#c92a2a;font-weight:700}.ok{color:#1864ab;background:#e7f5ff}.big{font-size:2rem;font-weight:700;line-height:1.2}
.badge{display:inline-block;background:#f3d9fa;color:#862e9c;border-radius:12px;padding:2px 10px;font-weight:700;font-size:.85rem}
.bar{height:10px;background:#e9ecef;border-radius:5px;overflow:hidden;margin:8px 0 4px}.bar span{display:block;height:100%;background:#ae3ec9}
.row{display:flex;justify-content:space-between;align-items:center;gap:10px;padding:10px 0;border-top:1px solid #f1f3f5}.row:first-of-type{border-top:0}
.row button{width:auto;margin:0;padding:8px 14px;flex:none}.plus{color:#2b8a3e;font-weight:700}.minus{color:#c92a2a;font-weight:700}.warn{color:#e8590c;font-size:.85rem}
.grow{flex:1;min-width:0;overflow-wrap:anywhere}`;

function shell(lang: Lang, body: string, langHref: string): string {
  const t = T[lang];
  return `<!doctype html>
<html lang="${lang}" dir="${t.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(t.title)}</title><style>${CSS}</style></head><body><main>
<div class="card"><div class="top"><h1>${esc(t.title)}</h1><a href="${esc(langHref)}" hreflang="${t.otherLang}" data-testid="club-lang">${esc(t.other)}</a></div></div>
${body}
</main></body></html>`;
}

type Counted = 'toNext' | 'toNextSpend' | 'expiring' | 'cost';
/** A counted text with its number filled in (Persian digits in Persian). */
const counted = (lang: Lang, key: Counted, n: number) => {
  const [one, other] = T[lang][key];
  return plural(n, one, other).replace('{n}', num(n, lang));
};

const q = (lang: Lang) => (lang === 'en' ? '?lang=en' : '');

/** Step 1 (phone) or step 2 (code), with a message. */
export function renderSignIn(lang: Lang, step: { phone?: string; codeStep?: boolean; message?: 'sent' | 'wrong' | 'expired' | 'badPhone' | 'limited' }): string {
  const t = T[lang];
  const msg = step.message ? `<p class="${step.message === 'sent' ? 'card ok' : 'err'}" role="${step.message === 'sent' ? 'status' : 'alert'}" data-testid="club-message">${esc(t[step.message])}</p>` : '';
  const form = step.codeStep
    ? `<form method="post" action="/club/login${q(lang)}" class="card" data-testid="club-code-form">${msg}
<input type="hidden" name="phone" value="${esc(step.phone)}">
<label for="code">${esc(t.code)}</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required data-testid="club-code">
<button type="submit" data-testid="club-enter">${esc(t.enter)}</button></form>
<form method="post" action="/club/code${q(lang)}" class="card"><input type="hidden" name="phone" value="${esc(step.phone)}"><button type="submit" class="link">${esc(t.send)}</button></form>`
    : `<form method="post" action="/club/code${q(lang)}" class="card" data-testid="club-phone-form">${msg}
<label for="phone">${esc(t.phone)}</label><input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" value="${esc(step.phone ?? '')}" required data-testid="club-phone">
<p class="muted">${esc(t.phoneHint)}</p><button type="submit" data-testid="club-send">${esc(t.send)}</button></form>`;
  return shell(lang, form, `/club${lang === 'en' ? '' : '?lang=en'}`);
}

export type MemberPage = { name: string; member: MemberView; rewards: RewardView[]; history: LedgerEntryView[]; notice?: { ok: boolean; text: string } };

export function renderMember(lang: Lang, p: MemberPage): string {
  const t = T[lang];
  const m = p.member;
  const tierName = (x: { nameFa: string; nameEn: string }) => (lang === 'en' ? x.nameEn : x.nameFa);
  const pct = m.nextTier ? Math.max(0, Math.min(100, ((m.qualifying - (m.tier?.threshold ?? 0)) / Math.max(1, m.nextTier.threshold - (m.tier?.threshold ?? 0))) * 100)) : 100;
  const progress = m.nextTier
    ? `<div class="bar" role="progressbar" aria-valuenow="${Math.round(pct)}" aria-valuemin="0" aria-valuemax="100"><span style="width:${pct.toFixed(1)}%"></span></div>
<p class="muted" data-testid="club-to-next">${esc(counted(lang, m.basis === 'spend' ? 'toNextSpend' : 'toNext', m.pointsToNext).replace('{t}', tierName(m.nextTier)))}</p>`
    : `<p class="muted" data-testid="club-to-next">${m.tier ? esc(t.top) : ''}</p>`;
  const expiring = m.expiring.map((e) => `<p class="warn">${esc(counted(lang, 'expiring', e.points).replace('{d}', formatDate(e.at, lang)))}</p>`).join('');
  const rewards = p.rewards.length ? p.rewards.map((r) => {
    const out = r.stock != null && r.stock <= 0;
    const short = r.points > m.balance;
    const label = out ? t.out : short ? t.short : t.redeem;
    return `<form method="post" action="/club/redeem${q(lang)}" class="row" data-testid="club-reward"><input type="hidden" name="rewardId" value="${esc(r.id)}">
<div class="grow"><b>${esc(lang === 'en' && r.nameEn ? r.nameEn : r.nameFa)}</b><div class="muted">${esc(counted(lang, 'cost', r.points))}${r.stock != null ? (lang === 'fa' ? '، ' : ' · ') + esc(t.left.replace('{n}', num(r.stock, lang))) : ''}</div>
${r.description ? `<div class="muted">${esc(r.description)}</div>` : ''}</div><button type="submit"${out || short ? ' disabled' : ''} data-testid="club-redeem">${esc(label)}</button></form>`;
  }).join('') : `<p class="muted">${esc(t.noRewards)}</p>`;
  const history = p.history.length ? p.history.map((e) => `<div class="row"><div class="grow">${esc(t.kind[e.kind] ?? e.kind)}${e.reason ? ` <span class="muted"><bdi>${esc(lang === 'fa' ? toPersianDigits(e.reason) : e.reason)}</bdi></span>` : ''}<div class="muted">${esc(formatDate(e.at, lang))}</div></div>
<span class="${e.points >= 0 ? 'plus' : 'minus'}" dir="ltr">${e.points >= 0 ? '+' : '−'}${esc(num(Math.abs(e.points), lang))}</span></div>`).join('') : `<p class="muted">${esc(t.noHistory)}</p>`;
  const notice = p.notice ? `<p class="card ${p.notice.ok ? 'ok' : 'err'}" role="${p.notice.ok ? 'status' : 'alert'}" data-testid="club-message">${esc(p.notice.text)}</p>` : '';
  const body = `${notice}<div class="card" data-testid="club-member"><p>${esc(t.hello)} ${esc(p.name)}${lang === 'fa' ? '،' : ','}</p>
<div class="top"><div><div class="muted">${esc(t.balance)}</div><div class="big" data-testid="club-balance">${esc(num(m.balance, lang))}</div></div>
<span class="badge" data-testid="club-tier">${esc(m.tier ? tierName(m.tier) : t.noTier)}</span></div>${progress}${expiring}</div>
<div class="card"><h2>${esc(t.rewards)}</h2>${rewards}</div>
<div class="card" data-testid="club-history"><h2>${esc(t.history)}</h2>${history}</div>
<form method="post" action="/club/logout${q(lang)}" class="card"><button type="submit" class="link" data-testid="club-logout">${esc(t.logout)}</button></form>`;
  return shell(lang, body, `/club${lang === 'en' ? '' : '?lang=en'}`);
}

export const redeemedText = (lang: Lang, reward: RewardView) => T[lang].redeemed.replace('{r}', lang === 'en' && reward.nameEn ? reward.nameEn : reward.nameFa);
export const failedText = (lang: Lang, code: string) => T[lang].failed[code] ?? T[lang].failed.NOT_FOUND;
export const limitedPage = (lang: Lang) => renderSignIn(lang, { message: 'limited' });
