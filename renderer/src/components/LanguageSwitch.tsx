import { useI18n } from '../i18n/index.js';

/** On every screen: one large button that switches between Chinese and English. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  const next = locale === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <button
      type="button"
      className="button button--quiet lang-switch"
      data-testid="lang-switch"
      lang={next}
      aria-label={`${t('lang.switchLabel')}: ${t('lang.switchTo')}`}
      onClick={() => setLocale(next)}
    >
      {t('lang.switchTo')}
    </button>
  );
}
