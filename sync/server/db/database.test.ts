import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBackends } from '../testing/backends.js';
import { applyMigrations, MIGRATIONS } from './migrations.js';
import { openDatabase } from './open.js';
import type { Database } from './types.js';

describe.each(testBackends())('database layer on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    let db: Database;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ db, cleanup } = await backend.open());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('applies migrations once', async () => {
      expect(await applyMigrations(db)).toEqual([]);
      const r = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(r.rows.map((x) => Number(x.version))).toEqual(MIGRATIONS.map((m) => m.version));
    });

    it('rolls a failed transaction back entirely', async () => {
      await expect(
        db.transaction(async (tx) => {
          await tx.query(`INSERT INTO terminals (id, key_salt, key_hash) VALUES ('T-ROLLBACK', 's', 'h')`);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await db.query('SELECT id FROM terminals')).rows).toEqual([]);
    });
  });
});

describe('PGlite in a data folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yc-pglite-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps data across restarts', async () => {
    const first = await openDatabase({ dataDir: join(dir, 'data') });
    await first.query(`INSERT INTO terminals (id, key_salt, key_hash) VALUES ('T-KEEP', 's', 'h')`);
    await first.close();
    const second = await openDatabase({ dataDir: join(dir, 'data') });
    expect((await second.query<{ id: string }>('SELECT id FROM terminals')).rows).toEqual([{ id: 'T-KEEP' }]);
    await second.close();
  });
});
