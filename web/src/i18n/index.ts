/** i18next set up with both languages bundled (two small JSON files; no loading flash). */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import fa from './fa.json';
import en from './en.json';

const stored = (() => {
  try {
    return (JSON.parse(localStorage.getItem('mehvar.prefs') ?? '{}') as { locale?: string }).locale;
  } catch {
    return undefined;
  }
})();

void i18n.use(initReactI18next).init({
  resources: { fa: { translation: fa }, en: { translation: en } },
  lng: stored === 'en' ? 'en' : 'fa',
  fallbackLng: 'fa',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
