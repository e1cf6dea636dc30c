/**
 * The page a customer answers on: server-rendered, phone-first, right-to-left in Persian and left-to-right in English,
 * every value escaped. It works without script (a plain form post); /s/_survey.js (a few hundred bytes) only shows a
 * score's follow-up question when the score calls for it. About 5 KB of HTML and CSS, and the font the browser may
 * already have.
 */
import { toPersianDigits } from '../../../common/fa-normalize.ts';
import { SCALES, isScored, type Question } from '../../../common/survey.schemas.ts';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const T = {
  fa: {
    dir: 'rtl', submit: 'ثبت پاسخ', update: 'ذخیرهٔ تغییر', thanks: 'سپاس از پاسخ شما! نظرتان به دست ما رسید.', hello: 'سلام',
    answered: 'این نظرسنجی پاسخ داده شده است. سپاس!', editUntil: 'تا {t} می‌توانید پاسخ خود را تغییر دهید.', required: 'لازم',
    npsLow: 'اصلاً', npsHigh: 'حتماً', cesLow: 'کاملاً مخالفم', cesHigh: 'کاملاً موافقم', optional: 'اختیاری', errors: 'لطفاً پاسخ‌های مشخص‌شده را کامل کنید.',
    csat: ['خیلی ناراضی', 'ناراضی', 'معمولی', 'راضی', 'خیلی راضی'], other: 'English', otherLang: 'en', err: {
      required: 'به این پرسش پاسخ دهید.', range: 'یکی از گزینه‌ها را انتخاب کنید.', long: 'متن طولانی است.',
    },
  },
  en: {
    dir: 'ltr', submit: 'Send', update: 'Save change', thanks: 'Thank you! We have your answer.', hello: 'Hello',
    answered: 'This survey has been answered. Thank you!', editUntil: 'You can change your answer until {t}.', required: 'required',
    npsLow: 'Not at all', npsHigh: 'Definitely', cesLow: 'Strongly disagree', cesHigh: 'Strongly agree', optional: 'optional', errors: 'Please complete the marked answers.',
    csat: ['Very unhappy', 'Unhappy', 'Neutral', 'Happy', 'Very happy'], other: 'فارسی', otherLang: 'fa', err: {
      required: 'Please answer this question.', range: 'Choose one of the options.', long: 'This text is too long.',
    },
  },
} as const;

export type Lang = 'fa' | 'en';
type PageInput = {
  lang: Lang; title: string; intro: string; thanks: string; name?: string; questions: readonly Question[]; action: string;
  values?: Record<string, unknown>; errors?: Record<string, string>; done?: 'thanks' | 'answered'; editableUntil?: string | null; embed?: boolean;
  /** Anonymous pages carry a honeypot field that people never fill. */
  honeypot?: boolean; langHref?: string;
};

const pick = (b: { fa: string; en?: string }, lang: Lang) => (lang === 'en' && b.en ? b.en : b.fa);
const digits = (n: number, lang: Lang) => (lang === 'fa' ? toPersianDigits(n) : String(n));

function scoreQuestion(q: Question, lang: Lang, value: unknown) {
  const t = T[lang];
  const { min, max } = SCALES[q.type as keyof typeof SCALES];
  const cells: string[] = [];
  for (let n = min; n <= max; n++) {
    const label = q.type === 'csat' ? `<span class="cap">${esc(t.csat[n - 1])}</span>` : '';
    const face = q.type === 'stars' ? '★' : digits(n, lang);
    cells.push(`<label class="cell${q.type === 'stars' ? ' star' : ''}"><input type="radio" name="${esc(q.id)}" value="${n}"${Number(value) === n && value !== '' && value !== undefined ? ' checked' : ''}${q.required ? ' required' : ''}><span class="n">${face}</span>${label}</label>`);
  }
  const ends = q.type === 'nps' ? [t.npsLow, t.npsHigh] : q.type === 'ces' ? [t.cesLow, t.cesHigh] : null;
  return `<div class="scale s-${q.type}" role="radiogroup">${cells.join('')}</div>${ends ? `<div class="ends"><span>${esc(ends[0])}</span><span>${esc(ends[1])}</span></div>` : ''}`;
}

function question(q: Question, lang: Lang, values: Record<string, unknown>, errors: Record<string, string>) {
  const t = T[lang];
  const v = values[q.id];
  let body = '';
  if (isScored(q.type)) body = scoreQuestion(q, lang, v);
  else if (q.type === 'single' || q.type === 'multi') {
    const chosen = new Set(Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);
    body = `<div class="opts">${q.options.map((o) => `<label class="opt"><input type="${q.type === 'single' ? 'radio' : 'checkbox'}" name="${esc(q.id)}" value="${esc(o.id)}"${chosen.has(o.id) ? ' checked' : ''}${q.type === 'single' && q.required ? ' required' : ''}> ${esc(pick(o.text, lang))}</label>`).join('')}</div>`;
  } else {
    body = `<textarea name="${esc(q.id)}" rows="3" maxlength="2000"${q.required ? ' required' : ''} dir="auto">${esc(v ?? '')}</textarea>`;
  }
  const fu = q.followUp
    ? `<div class="fu" data-for="${esc(q.id)}" data-max="${q.followUp.maxScore}"><label>${esc(pick(q.followUp.text, lang))} <span class="muted">(${esc(t.optional)})</span>
        <textarea name="${esc(q.id)}_followup" rows="3" maxlength="2000" dir="auto">${esc(values[`${q.id}_followup`] ?? '')}</textarea></label></div>`
    : '';
  const err = errors[q.id] ? `<p class="err" id="e-${esc(q.id)}">${esc(errors[q.id] === 'required' ? t.err.required : errors[q.id].includes('characters') ? t.err.long : t.err.range)}</p>` : '';
  return `<fieldset class="q${errors[q.id] ? ' bad' : ''}"><legend>${esc(pick(q.text, lang))}${q.required ? '' : ` <span class="muted">(${esc(t.optional)})</span>`}</legend>${body}${err}${fu}</fieldset>`;
}

export function renderSurveyPage(p: PageInput): string {
  const t = T[p.lang];
  const values = p.values ?? {};
  const errors = p.errors ?? {};
  let main: string;
  if (p.done === 'thanks' && !p.editableUntil) main = `<div class="card state" data-testid="survey-state">${esc(p.thanks || t.thanks)}</div>`;
  else if (p.done === 'answered' && !p.editableUntil) main = `<div class="card state" data-testid="survey-state">${esc(t.answered)}</div>`;
  else {
    const note = p.done ? `<div class="card state" data-testid="survey-state">${esc(p.done === 'thanks' ? (p.thanks || t.thanks) : t.answered)}${p.editableUntil ? `<br><span class="muted">${esc(t.editUntil.replace('{t}', p.editableUntil))}</span>` : ''}</div>` : '';
    main = `${note}<form method="post" action="${esc(p.action)}" class="card" novalidate>
${Object.keys(errors).length ? `<p class="err" role="alert">${esc(t.errors)}</p>` : ''}
${p.questions.map((q) => question(q, p.lang, values, errors)).join('\n')}
${p.honeypot ? '<div class="hp" aria-hidden="true"><label>Website <input name="website" tabindex="-1" autocomplete="off"></label></div>' : ''}
<button type="submit" data-testid="survey-submit">${esc(p.done ? t.update : t.submit)}</button></form>`;
  }
  const greet = p.name ? `<p>${esc(t.hello)} ${esc(p.name)}${p.lang === 'fa' ? '،' : ','}</p>` : '';
  return `<!doctype html>
<html lang="${p.lang}" dir="${t.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(p.title)}</title>
<style>
@font-face{font-family:Vazirmatn;src:url(/d/_font/vazirmatn-arabic-400-normal.woff2) format("woff2");font-weight:400;font-display:swap;unicode-range:U+0600-06FF,U+200C-200E,U+FB50-FDFF,U+FE70-FEFF}
@font-face{font-family:Vazirmatn;src:url(/d/_font/vazirmatn-arabic-700-normal.woff2) format("woff2");font-weight:700;font-display:swap;unicode-range:U+0600-06FF,U+200C-200E,U+FB50-FDFF,U+FE70-FEFF}
*{box-sizing:border-box}body{margin:0;font-family:Vazirmatn,system-ui,sans-serif;background:${p.embed ? '#fff' : '#f1f3f5'};color:#212529;line-height:1.7}
main{max-width:560px;margin:0 auto;padding:${p.embed ? '8px' : '16px'}}.card{background:#fff;border-radius:12px;padding:16px;margin-bottom:14px;box-shadow:0 1px 3px #0001}
h1{font-size:1.2rem;margin:0 0 6px}.muted{color:#6c757d;font-size:.85rem}.top{display:flex;justify-content:space-between;align-items:baseline;gap:8px}
.top a{font-size:.85rem;color:#1c7ed6}fieldset{border:0;margin:0 0 18px;padding:0}legend{font-weight:700;margin-bottom:8px;padding:0}
.scale{display:flex;flex-wrap:wrap;gap:6px}.cell{flex:1 0 38px;position:relative}.cell input{position:absolute;opacity:0;inset:0;margin:0}
.cell .n{display:block;text-align:center;border:1px solid #ced4da;border-radius:8px;padding:8px 0;font-weight:700;cursor:pointer;background:#fff}
.cell input:checked+.n{background:#1c7ed6;border-color:#1c7ed6;color:#fff}.cell input:focus-visible+.n{outline:3px solid #a5d8ff}
.s-csat .cell{flex:1 0 56px}.cap{display:block;text-align:center;font-size:.72rem;color:#495057;line-height:1.3;margin-top:3px}
.star .n{font-size:1.4rem;color:#adb5bd;padding:2px 0}.star input:checked+.n{background:#fff3bf;border-color:#fab005;color:#f08c00}
.ends{display:flex;justify-content:space-between;font-size:.78rem;color:#6c757d;margin-top:4px}
.opts{display:flex;flex-direction:column;gap:6px}.opt{display:flex;gap:8px;align-items:center;cursor:pointer}
textarea{width:100%;font:inherit;padding:8px;border:1px solid #ced4da;border-radius:8px}.fu{margin-top:10px}
button{font:inherit;border:0;border-radius:8px;padding:12px 18px;cursor:pointer;background:#2f9e44;color:#fff;font-weight:700;width:100%}
.err{color:#c92a2a;font-size:.9rem;margin:6px 0 0}.bad .n,.bad textarea{border-color:#fa5252}.state{font-weight:700;color:#1864ab;background:#e7f5ff}
.hp{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
@media (max-width:420px){.s-nps .cell{flex:1 0 calc(100%/6 - 6px)}}
</style></head><body><main>
<div class="card"><div class="top"><h1>${esc(p.title)}</h1>${p.langHref ? `<a href="${esc(p.langHref)}" hreflang="${t.otherLang}">${esc(t.other)}</a>` : ''}</div>${greet}${p.intro ? `<p class="muted">${esc(p.intro)}</p>` : ''}</div>
${main}
</main><script src="/s/_survey.js" defer></script></body></html>`;
}

/** Shows each follow-up only for the scores it is for (the page works without it: follow-ups then always show). */
export const SURVEY_SCRIPT = `document.querySelectorAll('.fu').forEach(function(f){var q=f.getAttribute('data-for'),m=+f.getAttribute('data-max');
function u(){var c=document.querySelector('input[name="'+q+'"]:checked');f.hidden=!c||+c.value>m}
document.querySelectorAll('input[name="'+q+'"]').forEach(function(i){i.addEventListener('change',u)});u()});`;

/** The website widget: a button that opens the anonymous survey in a frame. <script src=".../s/widget.js" data-key="…"> */
export const WIDGET_SCRIPT = `(function(){var s=document.currentScript,k=s&&s.getAttribute('data-key');if(!k)return;var base=s.src.replace(/\\/s\\/widget\\.js.*$/,'');
var lang=s.getAttribute('data-lang')||'fa',label=s.getAttribute('data-label')||(lang==='en'?'Your feedback':'نظر شما');
var b=document.createElement('button');b.textContent=label;b.setAttribute('type','button');
b.style.cssText='position:fixed;bottom:20px;'+(lang==='en'?'right':'left')+':20px;z-index:2147483000;padding:10px 16px;border:0;border-radius:20px;background:#1c7ed6;color:#fff;font:inherit;cursor:pointer;box-shadow:0 2px 8px #0003';
var f;b.onclick=function(){if(f){f.remove();f=null;return}f=document.createElement('iframe');f.src=base+'/s/a/'+encodeURIComponent(k)+'?embed=1&lang='+lang;f.title=label;
f.style.cssText='position:fixed;bottom:70px;'+(lang==='en'?'right':'left')+':20px;width:min(380px,92vw);height:min(560px,75vh);border:0;border-radius:12px;box-shadow:0 4px 20px #0004;z-index:2147483000;background:#fff';document.body.appendChild(f)};
document.body.appendChild(b)})();`;

const MESSAGES = {
  fa: { NOT_FOUND: 'این پیوند وجود ندارد یا مهلت آن تمام شده است.', RATE_LIMITED: 'درخواست‌ها زیاد بود؛ لطفاً کمی بعد دوباره امتحان کنید.' },
  en: { NOT_FOUND: 'This link does not exist or has expired.', RATE_LIMITED: 'Too many requests; please try again a little later.' },
} as const;

/** A short page instead of a JSON error, for customers who open an expired link or press too often. */
export function renderMessagePage(lang: Lang, code: 'NOT_FOUND' | 'RATE_LIMITED'): string {
  const t = T[lang];
  return `<!doctype html><html lang="${lang}" dir="${t.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${esc(MESSAGES[lang][code])}</title><style>body{margin:0;font-family:Vazirmatn,system-ui,sans-serif;background:#f1f3f5;color:#212529}
main{max-width:560px;margin:0 auto;padding:16px}.card{background:#fff;border-radius:12px;padding:16px;box-shadow:0 1px 3px #0001;font-weight:700}</style></head>
<body><main><div class="card">${esc(MESSAGES[lang][code])}</div></main></body></html>`;
}
