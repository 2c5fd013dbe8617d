// One form for a bundle (一件事): the bundle's own fields first (the catalog author's merged form), then
// every field an included service needs that is not asked yet. A field several services need — same key
// and same type — is asked once. The same key with another type is a different question: it is asked
// separately under a key naming its service, with the service's name in its label.
//
// What is submitted: ONE application whose serviceId is the bundle's id, with all the answers. That is
// what 一件事一次办 promises the citizen (one number, one receipt, one trip), it fits the application
// schema as it is, and the platform, which has the same catalog, can derive each included service's
// answers from the keys (shared keys are shared answers).
import type { CatalogItem, FormField } from '../../../sync/protocol/catalog.js';

export interface MergedBundleForm {
  readonly fields: FormField[];
  /** Merged key → the ids of the services that need it (the bundle's own fields list the bundle). */
  readonly neededBy: Readonly<Record<string, readonly string[]>>;
}

/** svc-water-transfer + accountNumber → svcWaterTransfer_accountNumber (a valid field key). */
export function serviceScopedKey(serviceId: string, key: string): string {
  const camel = serviceId.replace(/[^a-zA-Z0-9]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^a-zA-Z0-9]/g, '');
  return `${/^[a-zA-Z]/.test(camel) ? camel : `s${camel}`}_${key}`;
}

export function mergeBundleForm(bundle: CatalogItem, catalog: readonly CatalogItem[]): MergedBundleForm {
  const byId = new Map(catalog.map((i) => [i.id, i]));
  const fields: FormField[] = [];
  const types = new Map<string, FormField['type']>();
  const neededBy: Record<string, string[]> = {};
  const add = (field: FormField, ownerId: string) => {
    fields.push(field);
    types.set(field.key, field.type);
    neededBy[field.key] = [ownerId];
  };
  for (const field of bundle.form) add(field, bundle.id);
  for (const serviceId of bundle.includes) {
    const service = byId.get(serviceId);
    if (!service) continue;
    for (const field of service.form) {
      const askedType = types.get(field.key);
      if (askedType === field.type) {
        if (!neededBy[field.key]!.includes(serviceId)) neededBy[field.key]!.push(serviceId);
        continue;
      }
      if (askedType === undefined) {
        add(field, serviceId);
        continue;
      }
      const key = serviceScopedKey(serviceId, field.key);
      if (types.has(key)) continue;
      add(
        {
          ...field,
          key,
          label: { zh: `${field.label.zh}（${service.name.zh}）`, en: `${field.label.en} (${service.name.en})` },
        },
        serviceId,
      );
    }
  }
  return { fields, neededBy };
}

/** The item as the session uses it: a bundle carries its merged form; a service is unchanged. */
export function withMergedForm(item: CatalogItem, catalog: readonly CatalogItem[]): CatalogItem {
  if (item.kind !== 'bundle' || item.includes.length === 0) return item;
  return { ...item, form: mergeBundleForm(item, catalog).fields };
}
