/**
 * The lead form as a visitor sees it: server-rendered, right-to-left in Persian and left-to-right in English, every
 * value escaped, no inline script (CSP). It works as a plain form post; /f/_form.js adds the proof of work, a JSON
 * submit and the frame's height for the embedding page. EMBED_SCRIPT is the snippet a website includes.
 */
import type { LeadFormRow } from './forms.service.ts';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
export type Lang = 'fa' | 'en';
const T = {
  fa: { dir: 'rtl', submit: 'ارسال', thanks: 'سپاس! اطلاعات شما به دست ما رسید.', errors: 'لطفاً موارد مشخص‌شده را اصلاح کنید.', required: 'این مورد لازم است.', bad: 'مقدار درست نیست.', working: 'در حال ارسال…' },
  en: { dir: 'ltr', submit: 'Send', thanks: 'Thank you! We have your details.', errors: 'Please fix the marked fields.', required: 'This is required.', bad: 'This value is not valid.', working: 'Sending…' },
} as const;
const pick = (b: { fa: string; en: string }, lang: Lang) => (lang === 'en' && b.en ? b.en : b.fa);
const INPUT_TYPE = { text: 'text', tel: 'tel', email: 'email', date: 'text', number: 'text', textarea: 'text' } as const;

export function renderLeadPage(form: LeadFormRow, opts: { values?: Record<string, unknown>; errors?: Record<string, string>; thanks?: boolean } = {}): string {
  const lang = form.language;
  const t = T[lang];
  const values = opts.values ?? {};
  const errors = opts.errors ?? {};
  const thanksText = form.thankYou.kind === 'message' ? pick(form.thankYou.text, lang) : t.thanks;
  let main: string;
  if (opts.thanks) main = `<div class="card state" data-testid="lead-thanks">${esc(thanksText)}</div>`;
  else {
    const fields = form.fields.map((f) => {
      const v = typeof values[f.key] === 'string' ? values[f.key] : '';
      const err = errors[f.key] ? `<p class="err" id="e-${esc(f.key)}">${esc(errors[f.key] === 'required' ? t.required : t.bad)}</p>` : '';
      const attrs = `id="f-${esc(f.key)}" name="${esc(f.key)}"${f.required ? ' required' : ''}${err ? ` aria-invalid="true" aria-describedby="e-${esc(f.key)}"` : ''}`;
      const input = f.type === 'textarea' ? `<textarea ${attrs} rows="3">${esc(v)}</textarea>`
        : `<input ${attrs} type="${INPUT_TYPE[f.type]}"${f.type === 'tel' || f.type === 'email' ? ' dir="ltr"' : ''}${f.type === 'number' ? ' inputmode="decimal"' : ''} value="${esc(v)}">`;
      return `<div class="fld${err ? ' bad' : ''}"><label for="f-${esc(f.key)}">${esc(pick(f.label, lang))}${f.required ? ' <span aria-hidden="true">*</span>' : ''}</label>${input}${err}</div>`;
    }).join('\n');
    const consents = form.consents.map((c) => `<label class="consent"><input type="checkbox" name="consent_${c.channel}" value="on"${values[`consent_${c.channel}`] ? ' checked' : ''}> <span>${esc(pick(c.text, lang))}</span></label>`).join('\n');
    main = `<form method="post" action="/f/${esc(form.token)}" class="card" data-pow="${form.proofOfWork}" data-working="${esc(t.working)}" data-thanks="${esc(thanksText)}">
${Object.keys(errors).length ? `<p class="err" role="alert">${esc(t.errors)}</p>` : ''}
${fields}
${consents}
<div class="hp" aria-hidden="true"><label>Website <input name="website" tabindex="-1" autocomplete="off"></label></div>
<input type="hidden" name="pow_challenge" value=""><input type="hidden" name="pow_nonce" value="">
<button type="submit" data-testid="lead-submit">${esc(t.submit)}</button><p class="err" data-role="msg" hidden></p></form>`;
  }
  return `<!doctype html>
<html lang="${lang}" dir="${t.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(pick(form.title, lang))}</title>
<style>
@font-face{font-family:Vazirmatn;src:url(/d/_font/vazirmatn-arabic-400-normal.woff2) format("woff2");font-weight:400;font-display:swap;unicode-range:U+0600-06FF,U+200C-200E,U+FB50-FDFF,U+FE70-FEFF}
@font-face{font-family:Vazirmatn;src:url(/d/_font/vazirmatn-arabic-700-normal.woff2) format("woff2");font-weight:700;font-display:swap;unicode-range:U+0600-06FF,U+200C-200E,U+FB50-FDFF,U+FE70-FEFF}
*{box-sizing:border-box}body{margin:0;font-family:Vazirmatn,system-ui,sans-serif;background:#fff;color:#212529;line-height:1.7}
main{max-width:560px;margin:0 auto;padding:8px}.card{background:#fff;border-radius:12px;padding:12px}h1{font-size:1.15rem;margin:0 0 8px}
.fld{margin-bottom:12px}label{display:block;font-weight:700;margin-bottom:4px}input[type=text],input[type=tel],input[type=email],textarea{width:100%;font:inherit;padding:8px;border:1px solid #ced4da;border-radius:8px}
.consent{display:flex;gap:8px;align-items:flex-start;font-weight:400;font-size:.9rem;margin-bottom:10px}.consent input{margin-top:6px}
button{font:inherit;border:0;border-radius:8px;padding:12px 18px;cursor:pointer;background:#1c7ed6;color:#fff;font-weight:700;width:100%}button:disabled{opacity:.6}
.err{color:#c92a2a;font-size:.9rem;margin:4px 0 0}.bad input,.bad textarea{border-color:#fa5252}.state{font-weight:700;color:#1864ab;background:#e7f5ff}
.hp{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
</style></head><body><main><h1>${esc(pick(form.title, lang))}</h1>
${main}
</main><script src="/f/_form.js" defer></script></body></html>`;
}

/**
 * In the frame: tells the parent page its height; solves the proof of work (Web Crypto sha256) before submitting; submits
 * as JSON and shows the thank-you or follows the redirect (the top window's, when framed).
 */
export const FORM_SCRIPT = `(function(){function h(){try{parent.postMessage({mehvarLeadHeight:document.documentElement.scrollHeight},'*')}catch(e){}}
window.addEventListener('load',h);if(window.ResizeObserver)new ResizeObserver(h).observe(document.body);
var f=document.querySelector('form[data-pow]');if(!f||!window.fetch||!window.crypto||!crypto.subtle)return;var d=+f.getAttribute('data-pow'),b=f.querySelector('button'),m=f.querySelector('[data-role=msg]');
function z(a){var n=0;for(var i=0;i<a.length;i++){if(a[i]===0){n+=8;continue}var x=a[i];while(!(x&128)){n++;x<<=1}return n}return n}
async function solve(c){var e=new TextEncoder();for(var i=0;;i++){var g=new Uint8Array(await crypto.subtle.digest('SHA-256',e.encode(c+':'+i)));if(z(g)>=d)return String(i)}}
f.addEventListener('submit',async function(ev){ev.preventDefault();b.disabled=true;var t=b.textContent;b.textContent=f.getAttribute('data-working');m.hidden=true;
try{var data={};new FormData(f).forEach(function(v,k){data[k]=v});
if(d>0){var r=await fetch(f.action+'/challenge',{method:'POST'});var j=await r.json();data.pow_challenge=j.challenge;data.pow_nonce=await solve(j.challenge)}
var s=await fetch(f.action,{method:'POST',headers:{'content-type':'application/json',accept:'application/json'},body:JSON.stringify(data)});var a=await s.json();
if(s.ok&&a.redirect){try{top.location.href=a.redirect}catch(e){location.href=a.redirect}return}
if(s.ok){var p=document.createElement('div');p.className='card state';p.setAttribute('data-testid','lead-thanks');p.textContent=a.message||f.getAttribute('data-thanks');f.replaceWith(p);h();return}
f.querySelectorAll('.fld').forEach(function(x){x.classList.remove('bad')});var det=(a.error&&a.error.details)||{};Object.keys(det).forEach(function(k){var i=document.getElementById('f-'+k);if(i)i.parentNode.classList.add('bad')});
m.textContent=(a.error&&a.error.message)||'Error';m.hidden=false}catch(e){m.textContent=String(e);m.hidden=false}b.disabled=false;b.textContent=t;h()})})();`;

/** <script src="https://crm.example/f/TOKEN/embed.js" async></script>: puts the form's frame where the script is, sized to its content. */
export function embedScript(origin: string, token: string): string {
  const src = JSON.stringify(`${origin}/f/${token}`);
  // The frame's address comes from where the script was loaded (the CRM as the visitor reaches it), else the public URL.
  return `(function(){var s=document.currentScript,m=s&&s.src&&s.src.match(/^(.*)\\/embed\\.js(?:[?#].*)?$/),u=m?m[1]:${src},f=document.createElement('iframe');f.src=u;f.title='form';f.setAttribute('loading','lazy');
f.style.cssText='width:100%;max-width:600px;border:0;height:480px;display:block';
window.addEventListener('message',function(e){if(e.source===f.contentWindow&&e.data&&typeof e.data.mehvarLeadHeight==='number')f.style.height=Math.min(4000,e.data.mehvarLeadHeight+8)+'px'});
if(s&&s.parentNode)s.parentNode.insertBefore(f,s);else document.body.appendChild(f)})();`;
}
