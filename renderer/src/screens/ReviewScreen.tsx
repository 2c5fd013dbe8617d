import { useMemo, useState } from 'react';
import type { CardIdentity } from '../../../main/api/devices.js';
import type { CatalogItem, FormField } from '../../../sync/protocol/catalog.js';
import { maskIdNumber, maskName } from '../../../sync/protocol/id-numbers.js';
import { displayValue, type FormValues } from '../form/engine.js';
import { CommitmentPanel, STANDARD_COMMITMENT, useCommitmentText, type CommitmentMode } from '../commitment/CommitmentPanel.js';
import { commitmentSections } from '../commitment/commitment-text.js';
import { useI18n } from '../i18n/index.js';
import { usePreferences } from '../ui/preferences.js';
import { confirmedAt, CONFIRMED_AT_KEY, decisionMessage, deferredMaterials, hasCommitment, isSigned, materialDecision, needsSignature, SIGNATURE_KEY } from '../materials/extras.js';
import { useFocusOnMount, useKeys } from '../ui/hooks.js';

export function ReviewScreen({
  service,
  card,
  values,
  online,
  onSubmit: submitNow,
  onEdit,
  onSetExtra,
  commitmentMode = 'drawn',
  keypad = false,
  catalog = [],
  now = () => new Date(),
}: {
  service: CatalogItem;
  card: CardIdentity;
  values: FormValues;
  online: boolean;
  onSubmit: () => void;
  onEdit: () => void;
  /** Materials decisions and the signature ('_' keys of materials/extras.ts). */
  onSetExtra?: (key: string, value: string) => void;
  /** How the 告知承诺 is taken on this terminal (profile `signature`). */
  commitmentMode?: CommitmentMode;
  /** The catalog, for a bundle's included services' commitment clauses. */
  catalog?: readonly CatalogItem[];
  /** Keypad machine: 1 confirms the commitment, 2 reads it aloud. */
  keypad?: boolean;
  now?: () => Date;
}) {
  const { t, pick, locale } = useI18n();
  const { readAloud } = usePreferences();
  const [missingSignature, setMissingSignature] = useState(false);
  const signatureNeeded = needsSignature(service, values);
  const signed = isSigned(values);
  const confirmed = confirmedAt(values);
  const deferred = deferredMaterials(service, values);
  const sections = useMemo(() => commitmentSections(service, catalog, STANDARD_COMMITMENT), [service, catalog]);
  const commitmentText = useCommitmentText(deferred, sections);
  const confirm = () => onSetExtra?.(CONFIRMED_AT_KEY, now().toISOString());
  // A deferred material needs the signed (or, by keypad, confirmed) commitment first; nothing is submitted without it.
  const onSubmit = () => {
    if (signatureNeeded && !hasCommitment(values)) {
      setMissingSignature(true);
      return;
    }
    submitNow();
  };
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  useKeys((event) => {
    if (event.key === 'Escape' || event.key === 'Backspace') {
      onEdit();
      return true;
    }
    if (event.key === 'Enter') {
      onSubmit();
      return true;
    }
    if (signatureNeeded && commitmentMode === 'keypad-confirm' && event.key === '1') {
      if (!confirmed) confirm();
      return true;
    }
    if (signatureNeeded && keypad && event.key === '2') {
      readAloud([t('commitment.title'), ...commitmentText].join('\n'), locale);
      return true;
    }
    return false;
  });

  // Name and ID number prefilled from the card and left unchanged are already in the applicant rows.
  const repeatsApplicant = (field: FormField): boolean =>
    (field.prefill === 'card.name' && values[field.key] === card.name) ||
    (field.prefill === 'card.idNumber' && (values[field.key] ?? '').trim().toUpperCase() === card.idNumber.toUpperCase());

  const shownValue = (field: FormField): string => {
    const value = values[field.key] ?? '';
    if (!value.trim()) return t('review.empty');
    if (field.type === 'select') {
      const option = field.options?.find((o) => o.value === value);
      return option ? pick(option.label) : value;
    }
    return displayValue(field, value);
  };

  return (
    <main className="screen review">
      <p className="eyebrow">{pick(service.name)}</p>
      <h1 ref={headingRef} tabIndex={-1}>
        {t('review.title')}
      </h1>
      <p className="lead">{t('review.hint')}</p>
      {!online && (
        <p className="notice notice--offline" role="status" data-testid="review-offline">
          {t('review.offline')}
        </p>
      )}
      <dl className="summary" data-testid="review-summary">
        <div className="summary__row">
          <dt>{t('review.service')}</dt>
          <dd>{pick(service.name)}</dd>
        </div>
        <div className="summary__row">
          <dt>{t('review.department')}</dt>
          <dd>{pick(service.department)}</dd>
        </div>
        <div className="summary__row">
          <dt>{t('review.applicant')}</dt>
          <dd data-testid="review-applicant-name">{maskName(card.name)}</dd>
        </div>
        <div className="summary__row">
          <dt>{t('review.cardType')}</dt>
          <dd>{t(`cardType.${card.cardType}`)}</dd>
        </div>
        <div className="summary__row">
          <dt>{t('review.idNumber')}</dt>
          <dd data-testid="review-id-number" className="mono">
            {maskIdNumber(card.idNumber)}
          </dd>
        </div>
        {service.form.filter((field) => !repeatsApplicant(field)).map((field) => (
          <div className="summary__row" key={field.key}>
            <dt>{pick(field.label)}</dt>
            <dd data-testid={`review-field-${field.key}`}>{shownValue(field)}</dd>
          </div>
        ))}
        {service.materials.map((m) => {
          const decision = materialDecision(values, m.key);
          return (
            <div className="summary__row" key={`material-${m.key}`}>
              <dt>{pick(m.name)}</dt>
              <dd data-testid={`review-material-${m.key}`} data-decision={decision ?? 'none'}>
                {t(decisionMessage(decision))}
              </dd>
            </div>
          );
        })}
      </dl>
      {signatureNeeded && (
        <CommitmentPanel
          deferred={deferred}
          sections={sections}
          mode={commitmentMode}
          keypad={keypad}
          confirmedAt={confirmed}
          onConfirm={confirm}
          signed={signed}
          signature={values[SIGNATURE_KEY] ?? ''}
          missingSignature={missingSignature}
          onSign={(png) => onSetExtra?.(SIGNATURE_KEY, png)}
        />
      )}
      <div className="actions actions--bottom">
        <button type="button" className="button" data-testid="review-edit" onClick={onEdit}>
          {t('review.edit')}
        </button>
        <button type="button" className="button button--primary" data-testid="review-submit" onClick={onSubmit}>
          {t('review.submit')}
        </button>
      </div>
    </main>
  );
}
