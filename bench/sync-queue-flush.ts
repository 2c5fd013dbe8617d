// Queue flush after reconnect: N applications queued on a terminal (RxDB, memory storage) while the platform
// was away; the terminal reconnects; time until every one is acknowledged (pulled back as 'received').
// Baseline in the same run: a raw multi-row INSERT of the same rows into the same database.
// Target (issue 4): the flush reaches at least 50 % of the raw bulk insert's throughput.
import { addRxPlugin, createRxDatabase, type RxCollection, type RxJsonSchema, type RxStorage } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { firstValueFrom, filter } from 'rxjs';
import type { ApplicationDoc } from '../sync/protocol/application.js';
import { applicationMigrationStrategies, applicationRxSchema, catalogRxSchema, catalogMigrationStrategies } from '../sync/protocol/rxdb-schemas.js';
import { fieldEncryptedStorage } from '../renderer/src/data/encrypted-storage.js';
import { BENCH_ADMIN_TOKEN, startBenchPlatform } from '../sync/chaos/bench-platform.js';
import { syntheticApplication } from '../sync/chaos/synthetic-application.js';
import { provisionTerminal, startTerminalClient } from '../sync/chaos/terminal-client.js';
import { round2, type Bench } from './types.js';

const TERMINAL_ID = 'T-FLUSH-0001';

addRxPlugin(RxDBLocalDocumentsPlugin);

export const benches: Bench[] = [
  {
    name: 'sync: queue flush after reconnect vs raw bulk insert',
    async run({ quick }) {
      const n = quick ? 1000 : 10_000;
      const platform = await startBenchPlatform();
      // Encrypted at rest as on a real terminal (renderer/src/data/database.ts).
      const storage = fieldEncryptedStorage({ storage: getRxStorageMemory() as RxStorage<unknown, unknown> });
      const db = await createRxDatabase<{ catalog: RxCollection; applications: RxCollection }>({
        name: `benchflush${Date.now()}`,
        storage,
        password: 'bench-local-data-key',
        multiInstance: false,
        // sync/client keeps held (refused) applications in a local document, as the renderer's database allows.
        localDocuments: true,
      });
      try {
        await db.addCollections({
          catalog: { schema: catalogRxSchema as unknown as RxJsonSchema<unknown>, migrationStrategies: catalogMigrationStrategies },
          applications: { schema: applicationRxSchema as unknown as RxJsonSchema<unknown>, migrationStrategies: applicationMigrationStrategies },
        });
        const docs: ApplicationDoc[] = Array.from({ length: n }, () => syntheticApplication(TERMINAL_ID));
        await db.applications.bulkInsert(docs.map(({ _deleted: _, ...d }) => d));
        const bytes = docs.reduce((sum, d) => sum + JSON.stringify(d).length, 0);

        // A real queue was written long before the reconnect: nothing of it is still decrypted in memory.
        storage.forgetPlaintext();
        const credential = await provisionTerminal(platform.url, BENCH_ADMIN_TOKEN, TERMINAL_ID);
        const started = performance.now();
        const rep = startTerminalClient({
          platformUrl: platform.url,
          credential,
          catalog: db.catalog,
          applications: db.applications,
          retry: { initialMs: 100, maxMs: 1000 },
          pollIntervalMs: 200,
        });
        await firstValueFrom(
          db.applications.count({ selector: { status: 'queued' } }).$.pipe(filter((c: number) => c === 0)),
        );
        const flushMs = performance.now() - started;
        await rep.stop();

        const { bulkMs } = await platform.stopAndMeasureDatabase(docs, 1);
        const flushPerSec = (n / flushMs) * 1000;
        const rawPerSec = (n / bulkMs) * 1000;
        return {
          figures: {
            database: platform.dbNote,
            applications: n,
            'avg application JSON bytes': Math.round(bytes / n),
            'flush until all acknowledged (ms)': Math.round(flushMs),
            'flush applications/s': Math.round(flushPerSec),
            'raw bulk INSERT (ms)': Math.round(bulkMs),
            'raw bulk INSERT rows/s': Math.round(rawPerSec),
          },
          ratio: {
            name: 'flush throughput / raw bulk insert throughput',
            value: round2(flushPerSec / rawPerSec),
            target: '≥ 0.5',
          },
        };
      } finally {
        await db.close();
        await platform.close();
      }
    },
  },
];
