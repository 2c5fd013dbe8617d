// First-start conveniences: the sample catalog and the development terminals.
import { readFileSync } from 'node:fs';
import { catalogItemSchema, type CatalogItem } from '../protocol/index.js';
import { createEnrollmentCode } from './auth/enrollment.js';
import type { Database } from './db/types.js';
import { issuePath } from './errors.js';
import { countCatalogItems, publishCatalogItems } from './store/catalog-store.js';

export type Log = (message: string) => void;

export const DEV_TERMINAL_IDS = ['T-HALL-0001', 'T-BANK-0001', 'T-WIN-0001', 'T-DEV-0001'] as const;
/**
 * With --dev-terminals, each development terminal may enrol with this public code (re-issued at every
 * platform start, valid 30 days), so `npm start` and the e2e tests need no operator step. Never in production.
 */
export const DEV_ENROLLMENT_CODE = 'dev-enrollment-code-0001';

export interface SeedResult {
  seeded: number;
  skipped: number;
}

/**
 * Publishes the sample catalog when the platform's catalog is empty. A missing file means an empty
 * catalog (logged); an invalid item is skipped with its index, id and field logged, never half-stored.
 */
export async function seedCatalogIfEmpty(db: Database, path: string, log: Log): Promise<SeedResult> {
  if ((await countCatalogItems(db)) > 0) return { seeded: 0, skipped: 0 };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    log(code === 'ENOENT' ? `sample catalog not found at ${path}; starting with an empty catalog` : `sample catalog ${path} unreadable (${(e as Error).message}); starting with an empty catalog`);
    return { seeded: 0, skipped: 0 };
  }
  // The file is a list of items; { items: [...] } is accepted too.
  const list = Array.isArray(raw) ? raw : Array.isArray((raw as { items?: unknown })?.items) ? (raw as { items: unknown[] }).items : null;
  if (list === null) {
    log(`sample catalog ${path} is not a list of catalog items; starting with an empty catalog`);
    return { seeded: 0, skipped: 0 };
  }
  const items: CatalogItem[] = [];
  let skipped = 0;
  list.forEach((entry, i) => {
    const parsed = catalogItemSchema.safeParse(entry);
    if (parsed.success) {
      items.push(parsed.data);
      return;
    }
    skipped++;
    const issue = parsed.error.issues[0];
    const id = typeof (entry as { id?: unknown })?.id === 'string' ? (entry as { id: string }).id : '?';
    log(`sample catalog item ${i} (${id}) skipped: ${issue ? `${issuePath(issue) || '(root)'}: ${issue.message}` : 'invalid'}`);
  });
  if (items.length > 0) await publishCatalogItems(db, items);
  log(`catalog seeded from ${path}: ${items.length} item(s)${skipped ? `, ${skipped} skipped` : ''}`);
  return { seeded: items.length, skipped };
}

export async function issueDevEnrollmentCodes(db: Database): Promise<void> {
  for (const id of DEV_TERMINAL_IDS) await createEnrollmentCode(db, id, 30 * 24 * 60, DEV_ENROLLMENT_CODE);
}
