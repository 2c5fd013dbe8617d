// 告知承诺: shown on the review page when a material is deferred (容缺). The text can be read aloud; the
// person signs below it, and the application cannot be submitted unsigned.
import type { Material } from '../../../sync/protocol/catalog.js';
import { useI18n } from '../i18n/index.js';
import { usePreferences } from '../ui/preferences.js';
import { SignaturePad } from './SignaturePad.js';

export function CommitmentPanel({
  deferred,
  signed,
  missingSignature,
  onSign,
}: {
  deferred: readonly Material[];
  signed: boolean;
  /** Submit was tried without a signature: say so next to the pad. */
  missingSignature: boolean;
  onSign: (path: string) => void;
}) {
  const { t, pick, locale } = useI18n();
  const { readAloud } = usePreferences();
  const materials = deferred.map((m) => pick(m.name)).join(locale === 'en' ? ', ' : '、');
  const text = [t('commitment.intro', { materials }), t('commitment.clause1'), t('commitment.clause2'), t('commitment.clause3')];
  return (
    <section className="commitment" aria-labelledby="commitment-title" data-testid="commitment">
      <h2 id="commitment-title">{t('commitment.title')}</h2>
      <div className="commitment__text" data-testid="commitment-text">
        {text.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
      <button
        type="button"
        className="button"
        data-testid="commitment-read-aloud"
        onClick={() => readAloud([t('commitment.title'), ...text].join('\n'), locale)}
      >
        {t('commitment.readAloud')}
      </button>
      <h3>{t('signature.title')}</h3>
      {missingSignature && !signed && (
        <p className="notice notice--error" role="alert" data-testid="signature-required">
          {t('signature.required')}
        </p>
      )}
      <SignaturePad signed={signed} onChange={onSign} />
    </section>
  );
}
