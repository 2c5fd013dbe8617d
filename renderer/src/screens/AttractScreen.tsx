import type { BilingualText } from '../../../sync/protocol/result.js';
import { useI18n } from '../i18n/index.js';
import { useKeys } from '../ui/hooks.js';

/** Waiting for someone: one giant start target; any key starts on the keypad profile. */
export function AttractScreen({
  terminalName,
  keypad,
  onStart,
  onQuery,
}: {
  terminalName: BilingualText;
  keypad: boolean;
  onStart: () => void;
  /** 办件查询 (a scanned receipt QR opens it too, from the shell). */
  onQuery: () => void;
}) {
  const { t, pick } = useI18n();
  useKeys((event) => {
    // Tab moves focus (to the language switch); every other key starts.
    if (event.key === 'Tab' || event.key === 'Shift') return false;
    // F7 (elder mode) and F8 (read aloud) work on every screen, this one too: they must not start.
    if (event.key === 'F7' || event.key === 'F8') return false;
    // Enter/Space on a focused button (the query button) is that button's own.
    if (!keypad && document.activeElement instanceof HTMLButtonElement && document.activeElement.dataset.testid === 'attract-query') return false;
    if (!keypad && event.key !== 'Enter' && event.key !== ' ') return false;
    onStart();
    return true;
  });
  return (
    <main className="screen attract">
      <button type="button" className="attract__start" data-testid="attract-start" onClick={onStart}>
        <span className="attract__welcome">{t('attract.welcome')}</span>
        <span className="attract__name" data-testid="attract-terminal-name">
          {pick(terminalName)}
        </span>
        <span className="attract__cta">{keypad ? t('attract.startKeypad') : t('attract.startTouch')}</span>
        <span className="attract__hint">{t('attract.cardHint')}</span>
      </button>
      <button type="button" className="attract__query button" data-testid="attract-query" onClick={onQuery}>
        <span className="attract__query-title">{t('attract.query')}</span>
        <span className="attract__hint">{t('attract.queryHint')}</span>
      </button>
    </main>
  );
}
