/**
 * i18next set up with both languages bundled (small JSON files; no loading flash). The core strings live in
 * fa.json/en.json; a feature may keep its own strings beside it in `features/<name>/i18n/{fa,en}.json`, which are
 * merged in under their top-level keys (a feature file must not reuse a key the core files define).
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import fa from './fa.json';
import en from './en.json';

type Bundle = Record<string, unknown>;
const featureFiles = import.meta.glob<Bundle>('../features/*/i18n/*.json', { eager: true, import: 'default' });

function withFeatures(core: Bundle, lang: 'fa' | 'en'): Bundle {
  const out: Bundle = { ...core };
  for (const [path, bundle] of Object.entries(featureFiles)) {
    if (!path.endsWith(`/${lang}.json`)) continue;
    for (const [key, value] of Object.entries(bundle)) {
      if (key in out) throw new Error(`i18n: ${path} redefines "${key}"`);
      out[key] = value;
    }
  }
  return out;
}

const stored = (() => {
  try {
    return (JSON.parse(localStorage.getItem('mehvar.prefs') ?? '{}') as { locale?: string }).locale;
  } catch {
    return undefined;
  }
})();

void i18n.use(initReactI18next).init({
  resources: { fa: { translation: withFeatures(fa, 'fa') }, en: { translation: withFeatures(en, 'en') } },
  lng: stored === 'en' ? 'en' : 'fa',
  fallbackLng: 'fa',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
