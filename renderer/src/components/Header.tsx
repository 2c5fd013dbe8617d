import type { BilingualText } from '../../../sync/protocol/result.js';
import { useI18n } from '../i18n/index.js';
import { usePreferences } from '../ui/preferences.js';
import { LanguageSwitch } from './LanguageSwitch.js';

/** The text of the current screen for read-aloud: its main region as the person sees it. */
export function screenText(): string {
  const main = document.querySelector('main');
  return (main?.innerText ?? '').replace(/\s+/g, ' ').trim().slice(0, 600);
}

export function Header({ terminalName, onCancel, keypad = false }: { terminalName: BilingualText | null; onCancel?: (() => void) | undefined; keypad?: boolean }) {
  const { t, pick, locale } = useI18n();
  const { elderMode, setElderMode, readAloud } = usePreferences();
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <span className="app-header__logo" aria-hidden="true">
          {t('app.name')}
        </span>
        <span className="app-header__name" data-testid="terminal-name">
          {terminalName ? pick(terminalName) : t('app.tagline')}
        </span>
      </div>
      <div className="app-header__actions">
        {onCancel && (
          <button type="button" className="button button--quiet" data-testid="session-cancel" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
        <button
          type="button"
          className="button button--quiet app-header__toggle"
          data-testid="elder-mode-switch"
          aria-pressed={elderMode}
          onClick={() => setElderMode(!elderMode)}
        >
          {keypad && `${t('prefs.elderModeKey')} `}
          {t('prefs.elderMode')}
        </button>
        <button type="button" className="button button--quiet" data-testid="read-aloud" onClick={() => readAloud(screenText(), locale)}>
          {keypad && `${t('prefs.readAloudKey')} `}
          {t('prefs.readAloud')}
        </button>
        <LanguageSwitch />
      </div>
    </header>
  );
}
