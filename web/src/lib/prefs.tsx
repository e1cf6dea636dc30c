/** Display preferences (language, calendar, currency, time zone): one source for direction, i18n and formatting. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useDirection } from '@mantine/core';
import i18n from '../i18n';
import type { Calendar, Currency, Locale } from '../api/types';

export type Prefs = { locale: Locale; calendar: Calendar; currency: Currency; timeZone: string };

const STORAGE_KEY = 'mehvar.prefs';
export const DEFAULT_PREFS: Prefs = { locale: 'fa', calendar: 'jalali', currency: 'IRT', timeZone: 'Asia/Tehran' };

function loadPrefs(): Prefs {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? { ...DEFAULT_PREFS, ...(JSON.parse(raw) as Partial<Prefs>) } : DEFAULT_PREFS;
  } catch {
    return DEFAULT_PREFS;
  }
}

type PrefsContextValue = { prefs: Prefs; applyPrefs: (next: Partial<Prefs>) => void };
const PrefsContext = createContext<PrefsContextValue | null>(null);

export function PrefsProvider({ children }: { children: ReactNode }) {
  const [prefs, setPrefs] = useState<Prefs>(loadPrefs);
  const { setDirection } = useDirection();

  const applyPrefs = useCallback((next: Partial<Prefs>) => {
    setPrefs((current) => {
      const merged = { ...current, ...next };
      // The login page has no user yet, so the last choice on this device is remembered locally.
      localStorage.setItem(STORAGE_KEY, JSON.stringify(merged));
      return merged;
    });
  }, []);

  useEffect(() => {
    const dir = prefs.locale === 'fa' ? 'rtl' : 'ltr';
    document.documentElement.lang = prefs.locale;
    document.documentElement.dir = dir;
    setDirection(dir);
    if (i18n.language !== prefs.locale) void i18n.changeLanguage(prefs.locale);
    document.title = i18n.t('app.name');
  }, [prefs.locale, setDirection]);

  const value = useMemo(() => ({ prefs, applyPrefs }), [prefs, applyPrefs]);
  return <PrefsContext.Provider value={value}>{children}</PrefsContext.Provider>;
}

export function usePrefs(): PrefsContextValue {
  const ctx = useContext(PrefsContext);
  if (!ctx) throw new Error('usePrefs outside PrefsProvider');
  return ctx;
}

export function initialLocale(): Locale {
  return loadPrefs().locale;
}
