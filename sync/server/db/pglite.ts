// Embedded PostgreSQL (PGlite, WASM): the default platform database, data in a folder or in memory.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult } from './types.js';

export interface PgliteOptions {
  /** Folder for the data; omitted = in memory (tests). */
  dataDir?: string;
}

export async function openPglite(options: PgliteOptions = {}): Promise<Database> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pg = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
  await pg.waitReady;
  const asQueryable = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
      const result = await q.query<Row>(sql, params as unknown[]);
      return { rows: result.rows };
    },
  });
  const top = asQueryable(pg);
  return {
    kind: 'pglite',
    query: top.query,
    // PGlite serialises: other queries wait while a transaction holds the connection.
    transaction: (fn) => pg.transaction((tx) => fn(asQueryable(tx))),
    close: () => pg.close(),
  };
}
