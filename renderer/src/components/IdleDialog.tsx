import { useI18n } from '../i18n/index.js';
import { useFocusOnMount } from '../ui/hooks.js';

/** Shown in the last seconds before an idle session ends. Any touch or key keeps the session. */
export function IdleDialog({ seconds, onStay, onEnd }: { seconds: number; onStay: () => void; onEnd: () => void }) {
  const { t } = useI18n();
  const stayRef = useFocusOnMount<HTMLButtonElement>();
  return (
    <div className="overlay" role="presentation" data-idle-ignore>
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="idle-title"
        aria-describedby="idle-text"
        data-testid="idle-dialog"
      >
        <h2 id="idle-title">{t('idle.title')}</h2>
        <p id="idle-text" aria-live="polite">
          {t('idle.countdown', { seconds })}
        </p>
        <p className="dialog__countdown" data-testid="idle-countdown" aria-hidden="true">
          {seconds}
        </p>
        <div className="actions">
          <button ref={stayRef} type="button" className="button button--primary" data-testid="idle-stay" onClick={onStay}>
            {t('idle.stay')}
          </button>
          <button type="button" className="button" data-testid="idle-end" onClick={onEnd}>
            {t('idle.end')}
          </button>
        </div>
      </div>
    </div>
  );
}
