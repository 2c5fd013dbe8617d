// What the person decided about materials and the commitment, kept beside the form values under keys that
// begin with '_' (never a catalog field key). In the application's formData:
//   _material.<key> = 'captured' | 'deferred' | 'e-certificate' ('e-certificate': satisfied by the person's
//                     e-certificate, 一证通办, online)
//   _commitment     = 'signed'                 — the 告知承诺 was shown and signed.
// Images stay out of formData: the signature (_signature, a PNG data: URL) and captured pages (_page.<key>) are
// stored as attachments of the application on submit (attachments.ts). Applications of contract version 1 carry
// their signature as an SVG path in formData._signature instead; that stays readable.
// On a keypad machine without a touch screen (profile `signature: 'keypad-confirm'`) nothing is drawn: the
// person confirms the commitment by key instead, and that explicit confirmation is kept with its time:
//   _commitment = 'keypad-confirmed', _commitmentConfirmedAt = ISO 8601 time of the key press.
import type { CatalogItem, Material } from '../../../sync/protocol/catalog.js';
import type { FormValues } from '../form/engine.js';
import type { MessageKey } from '../i18n/translate.js';

export type MaterialDecision = 'captured' | 'deferred' | 'e-certificate';

/** The words for a decision (none: hand it in at the counter). */
export function decisionMessage(decision: MaterialDecision | null): MessageKey {
  switch (decision) {
    case 'captured':
      return 'materials.captured';
    case 'deferred':
      return 'materials.deferred';
    case 'e-certificate':
      return 'materials.fromECertificate';
    case null:
      return 'materials.atCounter';
  }
}

export const COMMITMENT_KEY = '_commitment';
export const SIGNATURE_KEY = '_signature';
export const CONFIRMED_AT_KEY = '_commitmentConfirmedAt';
export const materialKey = (key: string): string => `_material.${key}`;

export function isExtraKey(key: string): boolean {
  return key.startsWith('_');
}

export function materialDecision(values: FormValues, key: string): MaterialDecision | null {
  const value = values[materialKey(key)];
  return value === 'captured' || value === 'deferred' || value === 'e-certificate' ? value : null;
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
  // The signature itself goes as a PNG attachment (attachments.ts).
  if (needsSignature(service, values) && isSigned(values)) {
    out[COMMITMENT_KEY] = 'signed';
  } else if (needsSignature(service, values) && confirmedAt(values)) {
    out[COMMITMENT_KEY] = 'keypad-confirmed';
    out[CONFIRMED_AT_KEY] = confirmedAt(values)!;
  }
  return out;
}
