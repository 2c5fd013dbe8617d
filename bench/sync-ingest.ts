// Platform ingest: many terminals pushing new applications at once (raw HTTP pushes in the RxDB wire shape,
// one application per request, as a terminal sends a fresh submission), against the platform as its own
// process. Figures: applications/s and latency percentiles; beside them the database's own ceiling measured
// in the same run on the same database (concurrent single-row INSERT transactions on as many connections as
// the platform's pool, and a multi-row bulk INSERT). The load generator shares the machine's 2 cores.
import { SYNC_PATHS } from '../sync/protocol/replication.js';
import type { ApplicationDoc } from '../sync/protocol/application.js';
import { BENCH_ADMIN_TOKEN, startBenchPlatform } from '../sync/chaos/bench-platform.js';
import { syntheticApplication } from '../sync/chaos/synthetic-application.js';
import {
  provisionTerminal,
  terminalRequestHeaders,
  type TerminalCredential,
} from '../sync/chaos/terminal-client.js';
import { percentile, round2, type Bench } from './types.js';

const PUSHES_PER_TERMINAL = 5;
const PLATFORM_POOL = 10; // sync/server/db/postgres.ts default

export const benches: Bench[] = [
  {
    name: 'sync: platform ingest, many terminals pushing at once',
    async run({ quick }) {
      const terminals = quick ? 100 : 1000;
      const platform = await startBenchPlatform();
      try {
        const creds: TerminalCredential[] = [];
        for (let i = 0; i < terminals; i += 50) {
          const ids = Array.from(
            { length: Math.min(50, terminals - i) },
            (_, j) => `B-${String(i + j).padStart(5, '0')}`,
          );
          creds.push(
            ...(await Promise.all(ids.map((id) => provisionTerminal(platform.url, BENCH_ADMIN_TOKEN, id)))),
          );
        }
        const latencies: number[] = [];
        const sent: ApplicationDoc[] = [];
        let failures = 0;
        const started = performance.now();
        await Promise.all(
          creds.map(async (cred) => {
            for (let i = 0; i < PUSHES_PER_TERMINAL; i++) {
              const doc = syntheticApplication(cred.terminalId);
              const url = `${platform.url}${SYNC_PATHS.push('applications')}`;
              const body = JSON.stringify([{ assumedMasterState: null, newDocumentState: doc }]);
              // Timed from before authentication, as a terminal experiences it.
              const t0 = performance.now();
              const auth = await terminalRequestHeaders(cred, { method: 'POST', url, body });
              const res = await fetch(url, {
                method: 'POST',
                headers: { ...auth, 'content-type': 'application/json' },
                body,
              }).catch(() => null);
              const ok = res?.ok === true;
              await res?.text().catch(() => '');
              latencies.push(performance.now() - t0);
              if (ok) sent.push(doc);
              else failures++;
            }
          }),
        );
        const wallMs = performance.now() - started;
        latencies.sort((a, b) => a - b);
        const perSec = (sent.length / wallMs) * 1000;
        const { bulkMs, singleMs } = await platform.stopAndMeasureDatabase(
          sent,
          platform.db === 'postgres' ? PLATFORM_POOL : 1,
        );
        return {
          figures: {
            database: platform.dbNote,
            terminals,
            applications: sent.length,
            'failed pushes': failures,
            'applications/s': Math.round(perSec),
            'p50 latency (ms)': round2(percentile(latencies, 50)),
            'p99 latency (ms)': round2(percentile(latencies, 99)),
            [`db ceiling: single-row INSERT tx/s (${platform.db === 'postgres' ? PLATFORM_POOL : 1} connections)`]:
              Math.round((sent.length / singleMs) * 1000),
            'db ceiling: bulk INSERT rows/s': Math.round((sent.length / bulkMs) * 1000),
          },
          ratio: {
            name: 'applications/s (issue 4 target; p99 target < 200 ms)',
            value: Math.round(perSec),
            target: '≥ 3000',
          },
        };
      } finally {
        await platform.close();
      }
    },
  },
];
