// Which 告知承诺 clauses a person commits to, from the catalog (sync/protocol/catalog.ts `commitment`).
// A service: its own clauses, or the standard ones. A bundle (一件事): its own clauses or the standard ones,
// then one part per included service that declares clauses, under the service's name — and a clause already
// shown is never repeated, so each service's commitment appears once even where services share clauses.
import type { CatalogItem } from '../../../sync/protocol/catalog.js';
import type { BilingualText } from '../../../sync/protocol/result.js';

export interface CommitmentSection {
  /** The included service this part belongs to; null for the main part. */
  readonly service: BilingualText | null;
  readonly clauses: readonly BilingualText[];
}

export function commitmentSections(item: CatalogItem, catalog: readonly CatalogItem[], standard: readonly BilingualText[]): CommitmentSection[] {
  const shown = new Set<string>();
  const fresh = (clauses: readonly BilingualText[]) =>
    clauses.filter((c) => {
      const key = c.zh.trim();
      if (shown.has(key)) return false;
      shown.add(key);
      return true;
    });
  const sections: CommitmentSection[] = [{ service: null, clauses: fresh(item.commitment ?? standard) }];
  if (item.kind !== 'bundle') return sections;
  const byId = new Map(catalog.map((i) => [i.id, i]));
  for (const id of item.includes) {
    const service = byId.get(id);
    if (!service?.commitment) continue;
    const clauses = fresh(service.commitment);
    if (clauses.length > 0) sections.push({ service: service.name, clauses });
  }
  return sections;
}
