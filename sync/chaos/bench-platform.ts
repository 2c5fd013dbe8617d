// The platform as a real process for the sync benchmarks, on PostgreSQL when TEST_DATABASE_URL or
// DATABASE_URL is set (a throwaway database), else on PGlite in a temporary folder, plus the database's own
// baselines measured on the same database: bulk multi-row INSERT, and concurrent single-row INSERTs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPglite } from '../server/db/pglite.js';
import type { ApplicationDoc } from '../protocol/application.js';
import { freePort, PlatformProcess } from './processes.js';
import { createThrowawayDatabase } from './run-chaos.js';

export const BENCH_ADMIN_TOKEN = 'bench-admin-token';

export interface BenchPlatform {
  readonly url: string;
  readonly db: 'postgres' | 'pglite';
  /** Says which database and why, for the printed figures. */
  readonly dbNote: string;
  /** Stops the platform (PGlite: the baselines then open its folder) and runs the database's baselines. */
  stopAndMeasureDatabase(
    rows: readonly ApplicationDoc[],
    concurrency: number,
  ): Promise<{ bulkMs: number; singleMs: number }>;
  close(): Promise<void>;
}

const RAW_TABLE = `CREATE TABLE IF NOT EXISTS bench_raw_applications (
  id text PRIMARY KEY, terminal_id text NOT NULL, doc jsonb NOT NULL, status text NOT NULL, seq bigint NOT NULL UNIQUE,
  received_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())`;

interface Sql {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

async function bulkInsert(sql: Sql, rows: readonly ApplicationDoc[]): Promise<number> {
  await sql.query(RAW_TABLE);
  await sql.query('TRUNCATE bench_raw_applications');
  const started = performance.now();
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const values = chunk
      .map((_, j) => `($${j * 5 + 1}, $${j * 5 + 2}, $${j * 5 + 3}::jsonb, $${j * 5 + 4}, $${j * 5 + 5})`)
      .join(', ');
    const params = chunk.flatMap((d, j) => [
      d.id,
      d.terminalId,
      JSON.stringify({ ...d, status: 'received' }),
      'received',
      i + j + 1,
    ]);
    await sql.query(
      `INSERT INTO bench_raw_applications (id, terminal_id, doc, status, seq) VALUES ${values}`,
      params,
    );
  }
  return performance.now() - started;
}

async function singleInserts(connections: Sql[], rows: readonly ApplicationDoc[]): Promise<number> {
  await connections[0]!.query('TRUNCATE bench_raw_applications');
  let next = 0;
  const started = performance.now();
  await Promise.all(
    connections.map(async (c) => {
      for (let i = next++; i < rows.length; i = next++) {
        const d = rows[i]!;
        await c.query(
          'INSERT INTO bench_raw_applications (id, terminal_id, doc, status, seq) VALUES ($1, $2, $3::jsonb, $4, $5)',
          [d.id, d.terminalId, JSON.stringify({ ...d, status: 'received' }), 'received', i + 1],
        );
      }
    }),
  );
  return performance.now() - started;
}

export async function startBenchPlatform(): Promise<BenchPlatform> {
  const serverUrl = process.env.TEST_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim() || undefined;
  const dir = mkdtempSync(join(tmpdir(), 'yichuang-bench-'));
  const throwaway = serverUrl ? await createThrowawayDatabase(serverUrl) : null;
  const port = await freePort();
  const dataDir = join(dir, 'platform');
  const platform = new PlatformProcess({
    port,
    dataDir,
    databaseUrl: throwaway?.url,
    adminToken: BENCH_ADMIN_TOKEN,
  });
  await platform.start();
  let closed = false;
  return {
    url: `http://127.0.0.1:${port}`,
    db: throwaway ? 'postgres' : 'pglite',
    dbNote: throwaway
      ? 'PostgreSQL (throwaway database on TEST_DATABASE_URL/DATABASE_URL)'
      : 'PGlite: no TEST_DATABASE_URL/DATABASE_URL set, so NOT the PostgreSQL figure the target is about',
    async stopAndMeasureDatabase(rows, concurrency) {
      await platform.stop();
      if (throwaway) {
        const clients = await Promise.all(
          Array.from({ length: concurrency }, async () => {
            const c = new pg.Client({ connectionString: throwaway.url });
            await c.connect();
            return c;
          }),
        );
        try {
          const bulkMs = await bulkInsert(clients[0]!, rows);
          const singleMs = await singleInserts(clients, rows);
          return { bulkMs, singleMs };
        } finally {
          await Promise.all(clients.map((c) => c.end()));
        }
      }
      // PGlite allows one connection: the platform's folder, opened in this process once the platform is down.
      const db = await openPglite({ dataDir });
      try {
        const bulkMs = await bulkInsert(db, rows);
        const singleMs = await singleInserts([db], rows);
        return { bulkMs, singleMs };
      } finally {
        await db.close();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await platform.stop();
      await throwaway?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
