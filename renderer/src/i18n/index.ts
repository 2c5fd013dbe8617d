export * from './translate.js';
export { I18nProvider, useI18n, type I18n } from './context.js';
