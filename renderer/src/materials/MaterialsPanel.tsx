// Materials on the form page: for each one, capture it with the document camera (preview shown, the page
// read offline, check-digit-verified numbers OFFERED as prefill for the person to confirm), or defer it
// (容缺) when the catalog allows, which asks for the signed commitment on the review page.
// On a keypad machine the form's Enter walk stops on each material that has something to decide (the item
// takes the focus, visibly): 1 captures, 2 defers or undoes it, Enter goes on (FormScreen). After a capture,
// each offer to fill a field carries its own key (3, 4, … on the focused material), shown on its button.
import { useState } from 'react';
import type { DocumentField, TerminalApi } from '../../../main/api/index.js';
import type { CatalogItem, Material } from '../../../sync/protocol/catalog.js';
import { maskIdNumber } from '../../../sync/protocol/id-numbers.js';
import type { FormValues } from '../form/engine.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useKeys } from '../ui/hooks.js';
import { pageKey } from './attachments.js';
import { decisionMessage, materialDecision, materialKey } from './extras.js';
import { fillOffers, type FillOffer } from './ocr-offers.js';

export type MaterialsApi = Pick<TerminalApi, 'captureDocument' | 'ocrDocument'>;

/** A material the person can do something about here: capture it (a camera is there) or defer it. */
export function isActionable(material: Material, canCapture: boolean): boolean {
  return canCapture || material.deferrable;
}

interface Capture {
  readonly busy: 'capturing' | 'reading' | null;
  readonly preview: string | null;
  readonly error: string | null;
  readonly offers: readonly DocumentField[] | null;
  readonly lowConfidence: boolean;
  readonly filled: readonly string[];
}

const EMPTY: Capture = { busy: null, preview: null, error: null, offers: null, lowConfidence: false, filled: [] };

const KIND_LABEL: Record<DocumentField['kind'], MessageKey> = {
  resident_id: 'materials.kind.resident_id',
  uscc: 'materials.kind.uscc',
  passport_mrz: 'materials.kind.passport_mrz',
  exit_entry_permit_mrz: 'materials.kind.exit_entry_permit_mrz',
};

export function MaterialsPanel({
  service,
  values,
  api,
  onChange,
  keypad = false,
  canCapture = true,
}: {
  service: CatalogItem;
  values: FormValues;
  /** Absent where no host is connected (static rendering): the list only. */
  api?: MaterialsApi;
  onChange: (key: string, value: string) => void;
  /** Keypad machine: keys shown on the actions, digits act on the focused material. */
  keypad?: boolean;
  /** A document camera is configured: offer capturing (a teller machine usually has none). */
  canCapture?: boolean;
}) {
  const { t, pick } = useI18n();
  const [captures, setCaptures] = useState<Readonly<Record<string, Capture>>>({});

  const update = (key: string, patch: Partial<Capture>) => setCaptures((prev) => ({ ...prev, [key]: { ...(prev[key] ?? EMPTY), ...patch } }));

  const capture = async (material: Material) => {
    if (!api) return;
    update(material.key, { ...EMPTY, busy: 'capturing' });
    try {
      const shot = await api.captureDocument();
      if (!shot.ok) {
        update(material.key, { busy: null, error: pick(shot.error.message) });
        return;
      }
      const page = `data:${shot.value.mime};base64,${shot.value.imageBase64}`;
      update(material.key, { busy: 'reading', preview: page });
      // The page goes with the application as an attachment on submit (attachments.ts).
      onChange(pageKey(material.key), page);
      onChange(materialKey(material.key), 'captured');
      // The page just shown is the page read: what the person sees is what the numbers come from.
      const read = await api.ocrDocument({ imageBase64: shot.value.imageBase64 });
      if (!read.ok) {
        update(material.key, { busy: null, error: pick(read.error.message), offers: [] });
        return;
      }
      update(material.key, { busy: null, offers: read.value.fields, lowConfidence: read.value.textConfidence < 60 });
    } catch (error) {
      update(material.key, { busy: null, error: t('materials.failed', { reason: error instanceof Error ? error.name : 'unknown' }) });
    }
  };

  const toggleDefer = (m: Material) => onChange(materialKey(m.key), materialDecision(values, m.key) === 'deferred' ? '' : 'deferred');

  const fill = (material: Material, offer: FillOffer) => {
    onChange(offer.field.key, offer.read.value);
    update(material.key, { filled: [...(captures[material.key]?.filled ?? []), offer.field.key] });
  };

  // Keypad: on a focused material, 1 captures, 2 defers (or undoes it), 3… accept what the capture offers.
  useKeys(
    (event) => {
      if (!keypad || !api || !/^[1-9]$/.test(event.key)) return false;
      const item = (event.target as HTMLElement | null)?.closest?.<HTMLElement>('[data-material-key]');
      const material = service.materials.find((m) => m.key === item?.dataset['materialKey']);
      if (!material) return false;
      const state = captures[material.key] ?? EMPTY;
      if (event.key === '1' && canCapture && state.busy === null) void capture(material);
      else if (event.key === '2' && material.deferrable) toggleDefer(material);
      else {
        const offer = fillOffers(state.offers, service.form).find((o) => o.key === event.key);
        if (offer && !state.filled.includes(offer.field.key)) fill(material, offer);
      }
      return true;
    },
    { inInputs: false },
  );

  if (service.materials.length === 0) return null;

  const shown = (read: DocumentField) => (read.kind === 'resident_id' ? maskIdNumber(read.value) : read.value);

  const offerRow = (material: Material, read: DocumentField, index: number, state: Capture, offers: readonly FillOffer[]) => (
    <li key={`${read.kind}-${index}`} className="materials__offer" data-testid={`ocr-offer-${material.key}-${index}`} data-kind={read.kind}>
      <span>
        {t('materials.read', { kind: t(KIND_LABEL[read.kind]) })} <span className="mono">{shown(read)}</span>
      </span>
      {offers
        .filter((o) => o.read === read)
        .map((offer) => {
          const done = state.filled.includes(offer.field.key);
          return (
            <button
              key={offer.field.key}
              type="button"
              className="button"
              data-testid={`ocr-fill-${material.key}-${offer.field.key}`}
              data-key={keypad ? offer.key : undefined}
              disabled={done}
              onClick={() => fill(material, offer)}
            >
              {keypad && !done && offer.key && <span className="key-hint">{offer.key}</span>}
              {done ? t('materials.filled', { field: pick(offer.field.label) }) : t('materials.fill', { field: pick(offer.field.label) })}
            </button>
          );
        })}
    </li>
  );

  return (
    <section className="materials" aria-labelledby="materials-title" data-testid="materials">
      <h2 id="materials-title">{t('form.materials')}</h2>
      <p className="field__help">{t('materials.hint')}</p>
      {keypad && api && <p className="field__help" data-testid="materials-keypad-hint">{t('materials.keypadHint')}</p>}
      <ul className="materials__list">
        {service.materials.map((m) => {
          const decision = materialDecision(values, m.key);
          const captured = captures[m.key] ?? EMPTY;
          // Back from the review page the panel is new, but the captured page is still in the session.
          const state = captured.preview === null && values[pageKey(m.key)] ? { ...captured, preview: values[pageKey(m.key)]! } : captured;
          return (
            <li
              key={m.key}
              className="materials__item"
              data-testid={`material-${m.key}`}
              data-decision={decision ?? 'none'}
              data-material-key={m.key}
              // Focusable by the keypad walk only (touch and Tab users reach the buttons themselves).
              tabIndex={keypad ? -1 : undefined}
              aria-label={keypad ? pick(m.name) : undefined}
            >
              <p className="materials__name">
                {pick(m.name)}
                <span className="field__req">{m.required ? t('common.required') : t('common.optional')}</span>
                {m.deferrable && <span className="materials__note"> ({t('form.materialDeferrable')})</span>}
              </p>
              <p className="materials__state" data-testid={`material-${m.key}-state`}>
                {t(decisionMessage(decision))}
              </p>
              {api && decision !== 'e-certificate' && isActionable(m, canCapture) && (
                <div className="actions">
                  {canCapture && (
                    <button
                      type="button"
                      className="button"
                      data-testid={`material-${m.key}-capture`}
                      disabled={state.busy !== null}
                      onClick={() => void capture(m)}
                    >
                      {keypad && <span className="key-hint">1</span>}
                      {state.preview ? t('materials.captureAgain') : t('materials.capture')}
                    </button>
                  )}
                  {m.deferrable && (
                    <button
                      type="button"
                      className="button"
                      data-testid={`material-${m.key}-defer`}
                      aria-pressed={decision === 'deferred'}
                      onClick={() => toggleDefer(m)}
                    >
                      {keypad && <span className="key-hint">2</span>}
                      {decision === 'deferred' ? t('materials.undefer') : t('materials.defer')}
                    </button>
                  )}
                </div>
              )}
              {state.busy && (
                <p role="status" data-testid={`material-${m.key}-busy`}>
                  {state.busy === 'capturing' ? t('materials.capturing') : t('materials.reading')}
                </p>
              )}
              {state.error && (
                <p className="notice notice--error" role="alert" data-testid={`material-${m.key}-error`}>
                  {state.error}
                </p>
              )}
              {state.preview && decision === 'captured' && (
                <img className="materials__preview" src={state.preview} alt={t('materials.previewAlt', { name: pick(m.name) })} data-testid={`material-${m.key}-preview`} />
              )}
              {state.offers && state.offers.length === 0 && !state.error && (
                <p data-testid={`material-${m.key}-no-offer`}>{t('materials.nothingRead')}</p>
              )}
              {state.lowConfidence && <p data-testid={`material-${m.key}-low-confidence`}>{t('materials.lowConfidence')}</p>}
              {state.offers && state.offers.length > 0 && (
                <ul
                  className="materials__offers"
                  // "Filled in" is said when it happens; on a keypad the offers are brought into view under the focused item.
                  aria-live="polite"
                  ref={(el) => {
                    if (keypad) el?.scrollIntoView?.({ block: 'nearest' });
                  }}
                >
                  {state.offers.map((read, i) => offerRow(m, read, i, state, fillOffers(state.offers, service.form)))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
