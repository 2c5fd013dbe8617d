// Picks the backend: PostgreSQL when a connection string is given, otherwise PGlite; then migrates.
import { applyMigrations } from './migrations.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import type { Database } from './types.js';

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  /** PGlite folder; ignored when databaseUrl is set; omitted = in memory. */
  dataDir?: string | undefined;
  /** PostgreSQL schema (tests). */
  schema?: string | undefined;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const db = options.databaseUrl
    ? await openPostgres({ connectionString: options.databaseUrl, ...(options.schema ? { schema: options.schema } : {}) })
    : await openPglite(options.dataDir ? { dataDir: options.dataDir } : {});
  try {
    await applyMigrations(db);
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
  return db;
}
