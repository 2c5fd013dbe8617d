// Which 告知承诺 clauses a person commits to, from the catalog (sync/protocol/catalog.ts `commitment`).
// A service: its own clauses, or the standard ones. A bundle (一件事): its own clauses or the standard ones,
// then one part per included service that declares clauses, under the service's name — and a clause already
// shown is never repeated, so each service's commitment appears once even where services share clauses.
// What the person signed or confirmed is stored with the application exactly as shown (signedCommitment).
import type { SignedCommitment } from '../../../sync/protocol/application.js';
import type { CatalogItem } from '../../../sync/protocol/catalog.js';
import type { BilingualText } from '../../../sync/protocol/result.js';
import type { FormValues } from '../form/engine.js';
import { translate, type MessageKey } from '../i18n/translate.js';
import { deferredMaterials, hasCommitment, needsSignature } from '../materials/extras.js';

export interface CommitmentSection {
  /** The catalog item the clauses come from: the applied-for service or bundle for the main part. */
  readonly serviceId: string;
  /** The included service this part belongs to; null for the main part. */
  readonly service: BilingualText | null;
  readonly clauses: readonly BilingualText[];
}

/** The terminal's standard clauses, for services whose catalog entry declares none. */
export const STANDARD_COMMITMENT: readonly BilingualText[] = (['commitment.clause1', 'commitment.clause2', 'commitment.clause3'] as const satisfies readonly MessageKey[]).map(
  (key) => ({ zh: translate('zh-CN', key), en: translate('en', key) }),
);

export function commitmentSections(item: CatalogItem, catalog: readonly CatalogItem[], standard: readonly BilingualText[]): CommitmentSection[] {
  const shown = new Set<string>();
  const fresh = (clauses: readonly BilingualText[]) =>
    clauses.filter((c) => {
      const key = c.zh.trim();
      if (shown.has(key)) return false;
      shown.add(key);
      return true;
    });
  const sections: CommitmentSection[] = [{ serviceId: item.id, service: null, clauses: fresh(item.commitment ?? standard) }];
  if (item.kind !== 'bundle') return sections;
  const byId = new Map(catalog.map((i) => [i.id, i]));
  for (const id of item.includes) {
    const service = byId.get(id);
    if (!service?.commitment) continue;
    const clauses = fresh(service.commitment);
    if (clauses.length > 0) sections.push({ serviceId: service.id, service: service.name, clauses });
  }
  return sections;
}

/**
 * The commitment as the review page shows it when the person submits (the same sections and deferred
 * materials), in both languages, for the application to carry; undefined when no commitment was taken.
 */
export function signedCommitment(
  service: CatalogItem,
  catalog: readonly CatalogItem[],
  values: FormValues,
  standard: readonly BilingualText[] = STANDARD_COMMITMENT,
): SignedCommitment | undefined {
  if (!needsSignature(service, values) || !hasCommitment(values)) return undefined;
  const copy = (t: BilingualText): BilingualText => ({ zh: t.zh, en: t.en });
  return {
    deferredMaterials: deferredMaterials(service, values).map((m) => ({ key: m.key, name: copy(m.name) })),
    parts: commitmentSections(service, catalog, standard).map((s) => ({ serviceId: s.serviceId, service: s.service ? copy(s.service) : null, clauses: s.clauses.map(copy) })),
  };
}
