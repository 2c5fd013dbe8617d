// Embedded PostgreSQL (PGlite, WASM): the default platform database, data in a folder or in memory.
import { mkdirSync } from 'node:fs';
import { PGlite, type PGliteInterface } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './types.js';

export interface PgliteOptions {
  /** Folder for the data; omitted = in memory (tests). */
  dataDir?: string;
}

export interface PgliteDatabase extends Database {
  /** An independent copy of the whole database (tests clone a migrated template). */
  clone(): Promise<PgliteDatabase>;
}

export async function openPglite(options: PgliteOptions = {}): Promise<PgliteDatabase> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pg = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  await pg.waitReady;
  return pgliteDatabase(pg);
}

/** Wraps an open PGlite (tests wrap clones of a migrated template, which is much faster than a fresh start). */
export function pgliteDatabase(pg: PGliteInterface): PgliteDatabase {
  const asQueryable = (q: Pick<PGliteInterface, 'query'>): Queryable => ({
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await q.query<Row>(sql, params as unknown[]);
      return { rows: result.rows };
    },
  });
  return {
    kind: 'pglite',
    query: asQueryable(pg).query,
    // PGlite serialises: other queries wait while a transaction holds the connection.
    transaction: (fn) => pg.transaction((tx) => fn(asQueryable(tx))),
    close: () => pg.close(),
    clone: async () => pgliteDatabase(await pg.clone()),
  };
}
