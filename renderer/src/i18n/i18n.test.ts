import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { catalogs, LOCALES, pickText, placeholders, translate } from './translate.js';
import { zhCN } from './zh-CN.js';

describe('i18n catalogs', () => {
  const keys = Object.keys(zhCN) as (keyof typeof zhCN)[];

  it('has every key in every locale, non-empty, and nothing extra', () => {
    for (const locale of LOCALES) {
      const catalog = catalogs[locale];
      expect(Object.keys(catalog).sort()).toEqual([...keys].sort());
      for (const key of keys) expect(catalog[key].trim(), `${locale} ${key}`).not.toBe('');
    }
  });

  it('uses the same placeholders in every locale', () => {
    for (const key of keys) expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'status.waiting', { count: 3 })).toBe('3 件待发送');
    expect(translate('en', 'status.waiting', { count: 3 })).toBe('3 waiting');
    expect(translate('en', 'status.waiting')).toBe('{count} waiting');
  });

  it('picks the half of bilingual data for the locale', () => {
    expect(pickText('zh-CN', { zh: '在线', en: 'Online' })).toBe('在线');
    expect(pickText('en', { zh: '在线', en: 'Online' })).toBe('Online');
  });

  it('labels the language switch in the language it switches to', () => {
    expect(zhCN['lang.switchTo']).toBe('English');
    expect(en['lang.switchTo']).toBe('中文');
  });
});
