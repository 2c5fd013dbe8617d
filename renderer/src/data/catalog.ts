import type { CatalogDoc } from './database.js';

/** Services as the list shows them: high-frequency first, then the platform's sort order, then name. */
export function sortCatalog<T extends Pick<CatalogDoc, 'highFrequency' | 'sortOrder' | 'name' | 'id'>>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) =>
      Number(b.highFrequency) - Number(a.highFrequency) ||
      a.sortOrder - b.sortOrder ||
      a.name.zh.localeCompare(b.name.zh, 'zh-CN') ||
      a.id.localeCompare(b.id),
  );
}
