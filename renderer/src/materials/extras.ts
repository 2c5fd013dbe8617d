// What the person decided about materials and the commitment, kept beside the form values under keys that
// begin with '_' (never a catalog field key) and submitted in the application's formData. The data layer
// stores formData strings of at most 2000 characters and has no attachments yet, so:
//   _material.<key> = 'captured' | 'deferred'  — the captured image itself is NOT stored (shown only);
//   _commitment     = 'signed'                 — the 告知承诺 was shown and signed;
//   _signature      = an SVG path in a 300×100 box (signature-path.ts), at most 2000 characters.
// On a keypad machine without a touch screen (profile `signature: 'keypad-confirm'`) nothing is drawn: the
// person confirms the commitment by key instead, and that explicit confirmation is kept with its time:
//   _commitment = 'keypad-confirmed', _commitmentConfirmedAt = ISO 8601 time of the key press.
import type { CatalogItem, Material } from '../../../sync/protocol/catalog.js';
import type { FormValues } from '../form/engine.js';

export type MaterialDecision = 'captured' | 'deferred';

export const COMMITMENT_KEY = '_commitment';
export const SIGNATURE_KEY = '_signature';
export const CONFIRMED_AT_KEY = '_commitmentConfirmedAt';
export const materialKey = (key: string): string => `_material.${key}`;

export function isExtraKey(key: string): boolean {
  return key.startsWith('_');
}

export function materialDecision(values: FormValues, key: string): MaterialDecision | null {
  const value = values[materialKey(key)];
  return value === 'captured' || value === 'deferred' ? value : null;
}

/** Required materials the person chose to hand in later (容缺). */
export function deferredMaterials(service: CatalogItem, values: FormValues): Material[] {
  return service.materials.filter((m) => m.deferrable && materialDecision(values, m.key) === 'deferred');
}

/** A commitment is needed exactly when something was deferred; then a signature is required. */
export function needsSignature(service: CatalogItem, values: FormValues): boolean {
  return deferredMaterials(service, values).length > 0;
}

export function isSigned(values: FormValues): boolean {
  return (values[SIGNATURE_KEY] ?? '').length > 0;
}

/** When the commitment was confirmed by key (keypad-confirm profiles); null when it was not. */
export function confirmedAt(values: FormValues): string | null {
  const at = values[CONFIRMED_AT_KEY] ?? '';
  return at !== '' && !Number.isNaN(Date.parse(at)) ? at : null;
}

/** The commitment has been taken: signed by hand, or confirmed by key. */
export function hasCommitment(values: FormValues): boolean {
  return isSigned(values) || confirmedAt(values) !== null;
}

/** The '_' entries to store with the application (empty ones left out; the commitment only when signed). */
export function extrasForSubmit(service: CatalogItem, values: FormValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of service.materials) {
    const decision = materialDecision(values, m.key);
    if (decision && (decision !== 'deferred' || m.deferrable)) out[materialKey(m.key)] = decision;
  }
  if (needsSignature(service, values) && isSigned(values)) {
    out[COMMITMENT_KEY] = 'signed';
    out[SIGNATURE_KEY] = values[SIGNATURE_KEY]!;
  } else if (needsSignature(service, values) && confirmedAt(values)) {
    out[COMMITMENT_KEY] = 'keypad-confirmed';
    out[CONFIRMED_AT_KEY] = confirmedAt(values)!;
  }
  return out;
}
