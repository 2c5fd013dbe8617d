import type { BilingualText } from '../../../sync/protocol/result.js';
import { useI18n } from '../i18n/index.js';
import { LanguageSwitch } from './LanguageSwitch.js';

export function Header({ terminalName, onCancel }: { terminalName: BilingualText | null; onCancel?: (() => void) | undefined }) {
  const { t, pick } = useI18n();
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
        <LanguageSwitch />
      </div>
    </header>
  );
}
