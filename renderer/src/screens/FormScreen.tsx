// A form generated from the catalog item's declared fields. Errors show next to the field in plain
// words after the person leaves it or presses Next; ID numbers and card names are masked unless the
// field is being edited.
import { useRef, useState, type ReactNode } from 'react';
import type { CardIdentity } from '../../../main/api/devices.js';
import type { CatalogItem, FormField } from '../../../sync/protocol/catalog.js';
import {
  DEFAULT_MAX_LENGTH,
  displayValue,
  isMaskedWhileNotEditing,
  prefilledKeys,
  validateForm,
  type FieldProblem,
  type FormValues,
} from '../form/engine.js';
import type { ECertificateStatus } from '../form/e-certificates.js';
import type { MessageKey } from '../i18n/index.js';
import { materialKey } from '../materials/extras.js';
import { isActionable, MaterialsPanel, type MaterialsApi } from '../materials/MaterialsPanel.js';
import { useI18n } from '../i18n/index.js';
import { useFocusOnMount, useKeys } from '../ui/hooks.js';

const ECERT_MESSAGES = {
  'weak-identity': 'ecert.weakIdentity',
  offline: 'ecert.offline',
  loading: 'ecert.loading',
  failed: 'ecert.failed',
} as const satisfies Record<Exclude<ECertificateStatus['kind'], 'loaded' | 'not-used'>, MessageKey>;

/** Up to this many options show as large choice buttons; more as a drop-down list. */
const RADIO_MAX_OPTIONS = 8;

/** The on-screen keyboard layout for a field (touch kiosks); dates use the date picker. */
function keyboardFor(field: FormField): string | undefined {
  switch (field.type) {
    case 'idNumber':
      return 'id';
    case 'phone':
    case 'number':
      return 'numeric';
    case 'uscc':
      return 'letters';
    case 'text':
    case 'textarea':
      return 'pinyin';
    default:
      return undefined;
  }
}

function inputModeFor(field: FormField): React.HTMLAttributes<HTMLInputElement>['inputMode'] {
  switch (field.type) {
    case 'phone':
      return 'tel';
    case 'number':
      return 'decimal';
    default:
      return 'text';
  }
}

export function FormScreen({
  service,
  card,
  values,
  onChange,
  onNext,
  onBack,
  materialsApi,
  keypad = false,
  canCapture = true,
  eCertificates,
}: {
  service: CatalogItem;
  card: CardIdentity;
  values: FormValues;
  onChange: (key: string, value: string) => void;
  onNext: () => void;
  onBack: () => void;
  /** The document camera and OCR; without it the materials are listed only. */
  materialsApi?: MaterialsApi;
  /** Keypad machine: the Enter walk also stops on each material with something to decide. */
  keypad?: boolean;
  /** A document camera is configured (materials can be captured). */
  canCapture?: boolean;
  /** 一证通办: what the e-certificate look-up gave (online only). */
  eCertificates?: ECertificateStatus;
}) {
  const { t, pick } = useI18n();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const formRef = useRef<HTMLFormElement>(null);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [attempted, setAttempted] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  // Materials the keypad walk has already stopped on (each once; the person may come back with Escape).
  const materialsVisited = useRef<Set<string>>(new Set());

  const fields = service.form;
  const problems = validateForm(fields, values);
  const problemCount = Object.keys(problems).length;
  const fromCard = prefilledKeys(fields, card, values);
  const shown = (key: string): FieldProblem | null => (attempted || touched.has(key) ? (problems[key] ?? null) : null);

  /**
   * Next: either on to the review, or to the first field that needs attention. On a keypad (no Tab key)
   * pressing Enter repeatedly therefore walks the person through exactly the fields still to fill in.
   */
  const attemptNext = () => {
    if (problemCount === 0) {
      // Keypad (no Tab, no touch): stop on each material that can be captured or deferred before the review.
      const material = keypad && materialsApi ? service.materials.find((m) => isActionable(m, canCapture) && values[materialKey(m.key)] !== 'e-certificate' && !materialsVisited.current.has(m.key)) : undefined;
      if (material) {
        materialsVisited.current.add(material.key);
        formRef.current?.querySelector<HTMLElement>(`[data-material-key="${material.key}"]`)?.focus();
        return;
      }
      onNext();
      return;
    }
    setAttempted(true);
    const first = fields.find((f) => problems[f.key]);
    if (first) formRef.current?.querySelector<HTMLElement>(`[data-field-key="${first.key}"]`)?.focus();
  };

  useKeys(
    (event) => {
      if (event.key === 'Escape') {
        onBack();
        return true;
      }
      const target = event.target as HTMLElement | null;
      // Keypad: on a choice, digit N picks the N-th option (the choices show their numbers).
      if (target instanceof HTMLInputElement && target.type === 'radio' && /^[1-9]$/.test(event.key)) {
        const field = fields.find((f) => f.key === target.name);
        const option = field?.options?.[Number(event.key) - 1];
        if (field && option) {
          onChange(field.key, option.value);
          formRef.current?.querySelector<HTMLElement>(`[data-testid="field-${field.key}-option-${option.value}"]`)?.focus();
        }
        return true;
      }
      // Enter outside any field (e.g. right after the screen appears): same as pressing Next.
      if (event.key === 'Enter' && !(target && target.closest('input, textarea, select'))) {
        attemptNext();
        return true;
      }
      return false;
    },
    { inInputs: true },
  );

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    attemptNext();
  };

  const blur = (key: string) => {
    setEditing((k) => (k === key ? null : k));
    setTouched((prev) => (prev.has(key) ? prev : new Set(prev).add(key)));
  };

  const renderControl = (field: FormField, describedBy: string | undefined, invalid: boolean): ReactNode => {
    const value = values[field.key] ?? '';
    const common = {
      id: `field-${field.key}`,
      'data-testid': `field-${field.key}`,
      'data-field-key': field.key,
      'data-keyboard': keyboardFor(field),
      'aria-invalid': invalid || undefined,
      'aria-describedby': describedBy,
      'aria-required': field.required || undefined,
      onBlur: () => blur(field.key),
    };
    if (field.type === 'select') {
      const options = field.options ?? [];
      if (options.length <= RADIO_MAX_OPTIONS) {
        return (
          <div className="choices" role="radiogroup" aria-labelledby={`label-${field.key}`} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
            {options.map((option, i) => (
              <label key={option.value} className={`choice${value === option.value ? ' choice--selected' : ''}`}>
                <input
                  type="radio"
                  name={field.key}
                  value={option.value}
                  checked={value === option.value}
                  data-testid={`field-${field.key}-option-${option.value}`}
                  data-field-key={i === 0 ? field.key : undefined}
                  onChange={() => onChange(field.key, option.value)}
                  onBlur={() => blur(field.key)}
                />
                <span>{pick(option.label)}</span>
              </label>
            ))}
          </div>
        );
      }
      return (
        <select {...common} className="input" value={value} onChange={(e) => onChange(field.key, e.target.value)}>
          <option value="">{t('form.choose')}</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {pick(option.label)}
            </option>
          ))}
        </select>
      );
    }
    const maxLength = field.maxLength ?? DEFAULT_MAX_LENGTH[field.type];
    if (field.type === 'textarea') {
      return (
        <textarea {...common} className="input input--area" rows={4} maxLength={maxLength} value={value} onChange={(e) => onChange(field.key, e.target.value)} />
      );
    }
    const masked = isMaskedWhileNotEditing(field) && editing !== field.key;
    return (
      <input
        {...common}
        className="input"
        type={field.type === 'date' ? 'date' : 'text'}
        inputMode={inputModeFor(field)}
        autoComplete="off"
        spellCheck={false}
        maxLength={masked ? undefined : maxLength}
        value={masked ? displayValue(field, value) : value}
        data-masked={masked || undefined}
        onFocus={() => setEditing(field.key)}
        onChange={(e) => {
          if (!masked) onChange(field.key, e.target.value);
        }}
      />
    );
  };

  return (
    <main className="screen form-screen">
      <p className="eyebrow">{pick(service.name)}</p>
      <h1 ref={headingRef} tabIndex={-1}>
        {t('form.title')}
      </h1>
      {attempted && problemCount > 0 && (
        <p className="notice notice--error" role="alert" data-testid="form-errors-summary">
          {t('form.errorsSummary', { count: problemCount })}
        </p>
      )}
      {eCertificates && eCertificates.kind !== 'not-used' && (
        <p className="notice" role="status" data-testid="ecert-status" data-state={eCertificates.kind}>
          {eCertificates.kind === 'loaded'
            ? eCertificates.count > 0
              ? t('ecert.loaded', { count: eCertificates.count })
              : t('ecert.none')
            : t(ECERT_MESSAGES[eCertificates.kind])}
        </p>
      )}
      <form ref={formRef} className="form" noValidate onSubmit={submit} data-testid="service-form">
        {fields.length === 0 && <p className="lead">{t('form.noFields')}</p>}
        {fields.map((field) => {
          const problem = shown(field.key);
          const errorId = `error-${field.key}`;
          const helpId = field.help ? `help-${field.key}` : null;
          const describedBy = [helpId, problem ? errorId : null].filter(Boolean).join(' ') || undefined;
          return (
            <div key={field.key} className={`field${problem ? ' field--invalid' : ''}`}>
              <label id={`label-${field.key}`} htmlFor={`field-${field.key}`} className="field__label">
                {pick(field.label)}
                <span className="field__req">{field.required ? t('common.required') : t('common.optional')}</span>
                {eCertificates?.kind === 'loaded' && values[field.key] !== '' && eCertificates.filled.get(field.key) === values[field.key] && (
                  <span className="badge badge--card" data-testid={`field-${field.key}-ecert`}>
                    {t('form.fromECertificate')}
                  </span>
                )}
                {fromCard.has(field.key) && (
                  <span className="badge badge--card" data-testid={`field-${field.key}-from`}>
                    {t(card.identifiedBy === 'typed' ? 'form.fromTyped' : card.identifiedBy === 'qr' ? 'form.fromQr' : 'form.fromCard')}
                  </span>
                )}
              </label>
              {field.help && (
                <p id={helpId ?? undefined} className="field__help">
                  {pick(field.help)}
                </p>
              )}
              {renderControl(field, describedBy, problem !== null)}
              {problem && (
                <p id={errorId} className="field__error" data-testid={`field-error-${field.key}`}>
                  {t(problem.message, problem.vars)}
                </p>
              )}
            </div>
          );
        })}
        <MaterialsPanel service={service} values={values} api={materialsApi} onChange={onChange} keypad={keypad} canCapture={canCapture} />
        <div className="actions actions--bottom">
          <button type="button" className="button" data-testid="form-back" onClick={onBack}>
            {t('common.back')}
          </button>
          <button type="submit" className="button button--primary" data-testid="form-next">
            {t('common.next')}
          </button>
        </div>
      </form>
    </main>
  );
}
