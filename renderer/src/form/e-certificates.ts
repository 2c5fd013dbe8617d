// 一证通办 in the form (pure): which declared fields an identified person's e-certificates fill, and which
// required materials they satisfy. The look-up itself is the host's (TerminalApi.lookupECertificates), online
// only; what comes back lives in session memory only and is dropped with the session.
import type { CatalogItem, FormField, Material } from '../../../sync/protocol/catalog.js';
import type { ECertificate } from '../../../sync/protocol/e-certificates.js';
import type { FormValues } from './engine.js';

/** What the form says about e-certificates for this person and service. */
export type ECertificateStatus =
  /** The service declares no e-certificate source: nothing is asked, nothing is said. */
  | { readonly kind: 'not-used' }
  /** A typed ID number proves nothing: another person's certificates are never fetched for it. */
  | { readonly kind: 'weak-identity' }
  | { readonly kind: 'offline' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed' }
  /** filled: field key → the value a certificate gave it; satisfied: material keys a certificate satisfies. */
  | { readonly kind: 'loaded'; readonly count: number; readonly filled: ReadonlyMap<string, string>; readonly satisfied: ReadonlySet<string> };

export function usesECertificates(service: CatalogItem): boolean {
  return service.form.some((f) => f.eCertificate) || service.materials.some((m) => m.eCertificate);
}

/** Values for fields with an e-certificate source the person's certificates have (first of each kind). */
export function eCertificateValues(fields: readonly FormField[], certificates: readonly ECertificate[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of fields) {
    const source = field.eCertificate;
    if (!source) continue;
    const value = certificates.find((c) => c.kind === source.kind)?.fields[source.field]?.trim();
    if (!value) continue;
    // A select only takes one of its options.
    if (field.type === 'select' && !field.options?.some((o) => o.value === value)) continue;
    out[field.key] = value;
  }
  return out;
}

/** Material keys an e-certificate of the person satisfies. */
export function eCertificateMaterials(materials: readonly Material[], certificates: readonly ECertificate[]): string[] {
  const kinds = new Set(certificates.map((c) => c.kind));
  return materials.filter((m) => m.eCertificate && kinds.has(m.eCertificate)).map((m) => m.key);
}

/**
 * What to apply to the form: certificate values only where the person has not typed anything, and
 * materials only where nothing was decided yet. Nothing the person did is overwritten.
 */
export function eCertificateChanges(
  service: CatalogItem,
  values: FormValues,
  certificates: readonly ECertificate[],
  materialKey: (key: string) => string,
): { readonly fields: Record<string, string>; readonly materials: string[] } {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(eCertificateValues(service.form, certificates))) {
    if ((values[key] ?? '').trim() === '') fields[key] = value;
  }
  const materials = eCertificateMaterials(service.materials, certificates).filter((key) => !values[materialKey(key)]);
  return { fields, materials };
}
