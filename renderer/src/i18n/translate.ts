// Pure lookup: no React here, so the form engine, receipts and tests can use it too.
import type { BilingualText } from '../../../sync/protocol/result.js';
import { en } from './en.js';
import { zhCN, type MessageKey } from './zh-CN.js';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export type MessageVars = Readonly<Record<string, string | number>>;

export const catalogs: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = {
  'zh-CN': zhCN,
  en,
};

export function translate(locale: Locale, key: MessageKey, vars?: MessageVars): string {
  const template = catalogs[locale][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

/** Picks the locale's half of data that arrives bilingual (catalog names, host errors). */
export function pickText(locale: Locale, text: BilingualText): string {
  return locale === 'en' ? text.en : text.zh;
}

export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

export type { MessageKey };
