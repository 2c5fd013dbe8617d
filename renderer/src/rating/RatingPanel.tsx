// 好差评 on the done screen: five levels in one tap; below 基本满意 a second step asks why (choices and
// optional text); skipping is always possible (a button, Escape, or simply leaving).
import { useState } from 'react';
import { useI18n } from '../i18n/index.js';
import { useKeys } from '../ui/hooks.js';
import { asksForReason, LEVELS, REASONS, type RatingLevel } from './levels.js';

export interface RatingAnswer {
  readonly level: RatingLevel;
  readonly reasons: string[];
  readonly text: string;
}

export function RatingPanel({
  keypad,
  onAsking,
  onRate,
  onSkip,
}: {
  keypad: boolean;
  /** The person is answering the why-question: the caller holds its countdown meanwhile. */
  onAsking: (asking: boolean) => void;
  onRate: (answer: RatingAnswer) => void;
  onSkip: () => void;
}) {
  const { t } = useI18n();
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [reasons, setReasons] = useState<readonly string[]>([]);
  const [text, setText] = useState('');

  const choose = (chosen: RatingLevel) => {
    if (asksForReason(chosen)) {
      setLevel(chosen);
      onAsking(true);
    } else onRate({ level: chosen, reasons: [], text: '' });
  };
  const toggle = (code: string) => setReasons((prev) => (prev.includes(code) ? prev.filter((r) => r !== code) : [...prev, code]));
  // The platform's rule (and GB/T 39734's): a rating below 基本满意 names at least one reason.
  const canSend = level !== null && reasons.length > 0;
  const send = () => {
    if (canSend) onRate({ level, reasons: [...reasons], text });
  };

  useKeys(
    (event) => {
      const target = event.target as HTMLElement | null;
      if (target?.tagName === 'TEXTAREA') return false;
      if (event.key === 'Escape') {
        onSkip();
        return true;
      }
      if (!/^[1-9]$/.test(event.key)) {
        if (event.key === 'Enter') {
          if (level === null) onSkip();
          else send();
          return true;
        }
        return false;
      }
      const digit = Number(event.key);
      if (level === null) {
        const picked = LEVELS[digit - 1];
        if (picked) choose(picked.level);
      } else {
        const reason = REASONS[digit - 1];
        if (reason) toggle(reason.code);
      }
      return true;
    },
    { inInputs: true },
  );

  if (level === null) {
    return (
      <section className="rating" aria-labelledby="rating-title" data-testid="rating">
        <h2 id="rating-title">{t('rating.title')}</h2>
        <p className="hint">{keypad ? t('rating.keypadHint') : t('rating.hint')}</p>
        <div className="rating__levels">
          {LEVELS.map(({ level: value, label }, i) => (
            <button key={value} type="button" className={`rating__level rating__level--${value}`} data-testid={`rating-level-${value}`} onClick={() => choose(value)}>
              {keypad && (
                <span className="tab__key" aria-hidden="true">
                  {i + 1}
                </span>
              )}
              {t(label)}
            </button>
          ))}
        </div>
        <div className="actions">
          <button type="button" className="button" data-testid="rating-skip" onClick={onSkip}>
            {t('rating.skip')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="rating" aria-labelledby="rating-why" data-testid="rating-reasons">
      <h2 id="rating-why">{t('rating.whyTitle')}</h2>
      <div className="rating__reasons" role="group" aria-labelledby="rating-why">
        {REASONS.map(({ code, label }, i) => (
          <button
            key={code}
            type="button"
            className="tab"
            aria-pressed={reasons.includes(code)}
            data-testid={`rating-reason-${code}`}
            onClick={() => toggle(code)}
          >
            {keypad && (
              <span className="tab__key" aria-hidden="true">
                {i + 1}
              </span>
            )}
            {t(label)}
          </button>
        ))}
      </div>
      {!keypad && (
        <label className="rating__text">
          <span>{t('rating.textLabel')}</span>
          <textarea className="input input--area" data-testid="rating-text" maxLength={500} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
      )}
      <div className="actions">
        <button type="button" className="button" data-testid="rating-skip" onClick={onSkip}>
          {t('rating.skip')}
        </button>
        <button type="button" className="button button--primary" data-testid="rating-send" disabled={!canSend} onClick={send}>
          {t('rating.send')}
        </button>
      </div>
    </section>
  );
}
