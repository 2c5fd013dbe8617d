import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleCatalogPath } from '../../kiosk-config/load.js';
import type { Database } from './db/types.js';
import { DEV_ENROLLMENT_CODE, DEV_TERMINAL_IDS, issueDevEnrollmentCodes, seedCatalogIfEmpty } from './seed.js';
import { enrollTerminal } from './auth/enrollment.js';
import { countCatalogItems } from './store/catalog-store.js';
import { testBackends } from './testing/backends.js';
import { makeCatalogItem } from './testing/fixtures.js';

describe.each(testBackends())('seeding on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    let db: Database;
    let cleanup: () => Promise<void>;
    let dir: string;
    const logs: string[] = [];
    const log = (m: string) => logs.push(m);
    beforeEach(async () => {
      ({ db, cleanup } = await backend.open());
      dir = mkdtempSync(join(tmpdir(), 'yc-seed-'));
      logs.length = 0;
    });
    afterEach(async () => {
      await cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('seeds valid items once, skipping (and naming) invalid ones', async () => {
      const file = join(dir, 'catalog.json');
      writeFileSync(file, JSON.stringify([makeCatalogItem('a'), { ...makeCatalogItem('b'), department: 'x' }, makeCatalogItem('c')]));
      expect(await seedCatalogIfEmpty(db, file, log)).toEqual({ seeded: 2, skipped: 1 });
      expect(logs.some((l) => l.includes('item 1 (b)') && l.includes('department'))).toBe(true);
      expect(await seedCatalogIfEmpty(db, file, log)).toEqual({ seeded: 0, skipped: 0 });
      expect(await countCatalogItems(db)).toBe(2);
    });

    it('starts with an empty catalog when the file is missing, and says so', async () => {
      expect(await seedCatalogIfEmpty(db, join(dir, 'missing.json'), log)).toEqual({ seeded: 0, skipped: 0 });
      expect(logs.join('\n')).toMatch(/not found/);
    });

    it('the kiosk-config sample catalog, if present, seeds without skipping items', async () => {
      const result = await seedCatalogIfEmpty(db, sampleCatalogPath(), log);
      expect(result.skipped, logs.join('\n')).toBe(0);
    });

    it('issues the development enrolment code at every start, so a dev terminal can (re-)enrol', async () => {
      await issueDevEnrollmentCodes(db);
      const first = await enrollTerminal(db, 'T-HALL-0001', DEV_ENROLLMENT_CODE, {});
      await expect(enrollTerminal(db, 'T-HALL-0001', DEV_ENROLLMENT_CODE, {})).rejects.toMatchObject({ code: 'code_used' });
      await issueDevEnrollmentCodes(db); // the platform restarts
      const second = await enrollTerminal(db, 'T-HALL-0001', DEV_ENROLLMENT_CODE, {});
      expect(second.credential).not.toBe(first.credential);
      const r = await db.query<{ id: string }>('SELECT id FROM terminals ORDER BY id');
      expect(r.rows.map((x) => x.id)).toEqual([...DEV_TERMINAL_IDS].sort());
    });
  });
});
