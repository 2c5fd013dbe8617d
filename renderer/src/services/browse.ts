// Browsing the catalog: groups by life event (人生事件) and by department, bundles (一件事) on their own.
// Pure functions over catalog items already sorted for the list (high-frequency first).
import type { CatalogItem } from '../../../sync/protocol/catalog.js';

export interface BrowseGroup {
  /** Life event id, or a slug of the department's English name (stable, ASCII, usable in a testid). */
  readonly key: string;
  readonly items: readonly CatalogItem[];
}

/** The life events the i18n files name; anything else falls under 'other'. */
export const KNOWN_LIFE_EVENTS = [
  'birth',
  'housing',
  'business',
  'employment',
  'unemployment',
  'medical',
  'retirement',
  'elderly',
  'social_assistance',
  'relocation',
  'identity',
  'vehicle',
  'marriage',
  'death',
] as const;
export type KnownLifeEvent = (typeof KNOWN_LIFE_EVENTS)[number] | 'other';

export function lifeEventKey(id: string): KnownLifeEvent {
  return (KNOWN_LIFE_EVENTS as readonly string[]).includes(id) ? (id as KnownLifeEvent) : 'other';
}

/** Groups in order of how much they hold (the busiest life events first); items keep the list order. */
export function byLifeEvent(items: readonly CatalogItem[]): BrowseGroup[] {
  const groups = new Map<string, CatalogItem[]>();
  for (const item of items) {
    const events = item.lifeEvents.length > 0 ? item.lifeEvents.map(lifeEventKey) : ['other'];
    for (const key of new Set(events)) {
      const list = groups.get(key) ?? [];
      list.push(item);
      groups.set(key, list);
    }
  }
  return sortGroups(groups);
}

export function departmentSlug(item: Pick<CatalogItem, 'department'>): string {
  return (
    item.department.en
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'department'
  );
}

export function byDepartment(items: readonly CatalogItem[]): BrowseGroup[] {
  const groups = new Map<string, CatalogItem[]>();
  for (const item of items) {
    const key = departmentSlug(item);
    const list = groups.get(key) ?? [];
    list.push(item);
    groups.set(key, list);
  }
  return sortGroups(groups);
}

function sortGroups(groups: Map<string, CatalogItem[]>): BrowseGroup[] {
  return [...groups]
    .map(([key, list]) => ({ key, items: list }))
    .sort((a, b) => Number(a.key === 'other') - Number(b.key === 'other') || b.items.length - a.items.length || a.key.localeCompare(b.key));
}

export function bundlesOf(items: readonly CatalogItem[]): CatalogItem[] {
  return items.filter((i) => i.kind === 'bundle');
}

/** The services a bundle includes, in the bundle's order; ids missing from the catalog are skipped. */
export function includedServices(bundle: CatalogItem, all: readonly CatalogItem[]): CatalogItem[] {
  const byId = new Map(all.map((i) => [i.id, i]));
  return bundle.includes.flatMap((id) => {
    const item = byId.get(id);
    return item ? [item] : [];
  });
}

/** One page of a list: `size` null means everything on one page. */
export function pageOf<T>(list: readonly T[], page: number, size: number | null): { items: readonly T[]; page: number; pages: number } {
  if (size === null) return { items: list, page: 0, pages: 1 };
  const pages = Math.max(1, Math.ceil(list.length / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  return { items: list.slice(current * size, (current + 1) * size), page: current, pages };
}
