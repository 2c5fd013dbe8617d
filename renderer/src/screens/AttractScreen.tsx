import type { BilingualText } from '../../../sync/protocol/result.js';
import { useI18n } from '../i18n/index.js';
import { useKeys } from '../ui/hooks.js';

/** Waiting for someone: one giant start target; any key starts on the keypad profile. */
export function AttractScreen({
  terminalName,
  keypad,
  onStart,
}: {
  terminalName: BilingualText;
  keypad: boolean;
  onStart: () => void;
}) {
  const { t, pick } = useI18n();
  useKeys((event) => {
    // Tab moves focus (to the language switch); every other key starts.
    if (event.key === 'Tab' || event.key === 'Shift') return false;
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
    </main>
  );
}
