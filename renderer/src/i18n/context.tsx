import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { BilingualText } from '../../../sync/protocol/result.js';
import { DEFAULT_LOCALE, pickText, translate, type Locale, type MessageKey, type MessageVars } from './translate.js';

export interface I18n {
  readonly locale: Locale;
  t(key: MessageKey, vars?: MessageVars): string;
  pick(text: BilingualText): string;
  setLocale(locale: Locale): void;
  /** Back to the default language: every new session starts in Chinese. */
  resetLocale(): void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, initialLocale = DEFAULT_LOCALE }: { children: ReactNode; initialLocale?: Locale }) {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const resetLocale = useCallback(() => setLocale(DEFAULT_LOCALE), []);
  const value = useMemo<I18n>(
    () => ({
      locale,
      t: (key, vars) => translate(locale, key, vars),
      pick: (text) => pickText(locale, text),
      setLocale,
      resetLocale,
    }),
    [locale, resetLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
