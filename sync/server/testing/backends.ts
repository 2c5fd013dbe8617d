// The database backends every platform test runs against: PGlite always, PostgreSQL when
// TEST_DATABASE_URL is set. Each test gets its own database (PGlite in memory) or schema (PostgreSQL).
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../db/open.js';
import { applyMigrations } from '../db/migrations.js';
import { openPglite, type PgliteDatabase } from '../db/pglite.js';
import { dropPostgresSchema } from '../db/postgres.js';
import type { Database, DatabaseKind } from '../db/types.js';

export interface TestBackend {
  readonly name: DatabaseKind;
  readonly available: boolean;
  /** A fresh, migrated database; cleanup closes it and drops what it created. */
  open(): Promise<{ db: Database; cleanup(): Promise<void> }>;
}

const url = process.env.TEST_DATABASE_URL?.trim() || undefined;

let template: Promise<PgliteDatabase> | undefined;
let noted = false;
function noteSkipped(): void {
  if (noted || url) return;
  noted = true;
  console.log('[sync/server tests] TEST_DATABASE_URL is not set: PostgreSQL backend skipped, PGlite only.');
}

export function testBackends(): TestBackend[] {
  noteSkipped();
  return [
    {
      name: 'pglite',
      available: true,
      async open() {
        // One migrated in-memory template per test process; each test gets its own clone.
        template ??= openPglite().then(async (t) => (await applyMigrations(t), t));
        const db = await (await template).clone();
        return { db, cleanup: () => db.close() };
      },
    },
    {
      name: 'postgres',
      available: url !== undefined,
      async open() {
        if (!url) throw new Error('TEST_DATABASE_URL is not set');
        const schema = `t_${randomBytes(6).toString('hex')}`;
        const db = await openDatabase({ databaseUrl: url, schema });
        return {
          db,
          async cleanup() {
            await db.close();
            await dropPostgresSchema(url, schema);
          },
        };
      },
    },
  ];
}
