// 告知承诺: shown on the review page when a material is deferred (容缺). The text can be read aloud. Then,
// as the terminal's profile says: the person signs below it with a finger ('drawn'), or — on a keypad
// machine without a touch screen — confirms it by key ('keypad-confirm'), which is recorded with its time
// instead of a drawing. The application cannot be submitted before either.
import type { Material } from '../../../sync/protocol/catalog.js';
import { useI18n } from '../i18n/index.js';
import { STANDARD_COMMITMENT, type CommitmentSection } from './commitment-text.js';
import { usePreferences } from '../ui/preferences.js';
import { SignaturePad } from './SignaturePad.js';

export type CommitmentMode = 'drawn' | 'keypad-confirm';

export { STANDARD_COMMITMENT } from './commitment-text.js';

const DEFAULT_SECTIONS: readonly CommitmentSection[] = [{ serviceId: '', service: null, clauses: STANDARD_COMMITMENT }];

/** The commitment's text as shown and read aloud: the intro naming the deferred materials, then each part. */
export function useCommitmentText(deferred: readonly Material[], sections: readonly CommitmentSection[] = DEFAULT_SECTIONS): string[] {
  const { t, pick, locale } = useI18n();
  const materials = deferred.map((m) => pick(m.name)).join(locale === 'en' ? ', ' : '、');
  return [t('commitment.intro', { materials }), ...sections.flatMap((s) => [...(s.service ? [pick(s.service)] : []), ...s.clauses.map(pick)])];
}

export function CommitmentPanel({
  deferred,
  sections = DEFAULT_SECTIONS,
  mode = 'drawn',
  keypad = false,
  signed,
  confirmedAt = null,
  signature,
  missingSignature,
  onSign,
  onConfirm,
}: {
  deferred: readonly Material[];
  /** The clauses from the catalog (commitment-text.ts); the standard ones when absent. */
  sections?: readonly CommitmentSection[];
  mode?: CommitmentMode;
  /** Show the keys (keypad machines): 1 confirms, 2 reads the commitment aloud. */
  keypad?: boolean;
  signed: boolean;
  /** The signature PNG (data: URL) already given in this session, shown again on the pad. */
  signature?: string;
  /** keypad-confirm: when the person confirmed (ISO 8601); null before. */
  confirmedAt?: string | null;
  /** Submit was tried without a signature or confirmation: say so next to it. */
  missingSignature: boolean;
  onSign: (png: string) => void;
  onConfirm?: () => void;
}) {
  const { t, pick, locale } = useI18n();
  const { readAloud } = usePreferences();
  const text = useCommitmentText(deferred, sections);
  const materials = deferred.map((m) => pick(m.name)).join(locale === 'en' ? ', ' : '、');
  const time = confirmedAt ? new Date(confirmedAt).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }) : '';
  return (
    <section className="commitment" aria-labelledby="commitment-title" data-testid="commitment" data-mode={mode}>
      <h2 id="commitment-title">{t('commitment.title')}</h2>
      <div className="commitment__text" data-testid="commitment-text">
        <p>{t('commitment.intro', { materials })}</p>
        {sections.map((section, i) => (
          <div key={section.service ? section.service.zh : `main-${i}`} className="commitment__part" data-testid={section.service ? 'commitment-service-part' : 'commitment-main-part'}>
            {section.service && <h3 className="commitment__service">{pick(section.service)}</h3>}
            {section.clauses.map((clause) => (
              <p key={clause.zh}>{pick(clause)}</p>
            ))}
          </div>
        ))}
      </div>
      <button
        type="button"
        className="button"
        data-testid="commitment-read-aloud"
        onClick={() => readAloud([t('commitment.title'), ...text].join('\n'), locale)}
      >
        {keypad && <span className="key-hint">2</span>}
        {t('commitment.readAloud')}
      </button>
      {mode === 'drawn' ? (
        <>
          <h3>{t('signature.title')}</h3>
          {missingSignature && !signed && (
            <p className="notice notice--error" role="alert" data-testid="signature-required">
              {t('signature.required')}
            </p>
          )}
          <SignaturePad signed={signed} signature={signature ?? ''} onChange={onSign} />
        </>
      ) : (
        <>
          <h3>{t('commitment.confirmTitle')}</h3>
          <p>{t('commitment.confirmHint')}</p>
          {missingSignature && !confirmedAt && (
            <p className="notice notice--error" role="alert" data-testid="signature-required">
              {t('commitment.confirmRequired')}
            </p>
          )}
          {confirmedAt ? (
            <p className="notice" role="status" data-testid="commitment-confirmed" data-confirmed-at={confirmedAt}>
              {t('commitment.confirmed', { time })}
            </p>
          ) : (
            <button type="button" className="button button--primary" data-testid="commitment-confirm" onClick={onConfirm}>
              {keypad && <span className="key-hint">1</span>}
              {t('commitment.confirm')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
