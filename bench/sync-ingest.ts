// Platform ingest: many terminals pushing new applications (raw HTTP pushes in the RxDB wire shape, one
// application per signed request, as a terminal sends a fresh submission) against the platform as its own
// process, on PostgreSQL when TEST_DATABASE_URL/DATABASE_URL is set. Beside it, the database's own ceiling
// measured in the same run on the same database (concurrent single-row INSERT transactions on as many
// connections as the platform's pool, and a multi-row bulk INSERT). The load generator shares the cores.
//
// Why two kinds of load. Issue 4 asks for ≥ 3,000 applications/s AND p99 < 200 ms with 1,000 terminals.
// A closed loop (every terminal sends its next push the moment the last one is answered) keeps exactly
// 1,000 requests in flight, so by Little's law the mean latency is 1,000 / throughput: 333 ms at 3,000/s.
// Such a run can only show the saturation throughput; its latency is set by the number of terminals, not
// by the platform, and p99 < 200 ms is impossible by construction. So the latency target is measured with
// open-loop load, as terminals really behave: each of the 1,000 terminals pushes at a steady interval so
// that together they offer 3,000 applications/s (then a step above), whether or not earlier pushes have been
// answered. Latency is timed from the moment each push was due, so a platform (or generator) falling behind
// shows in the tail and is never hidden. The closed-loop saturation figure is printed beside it.
// The platform does the same durable work per application in both: signature check, nonce stored, the
// application and its status history committed to PostgreSQL before the 200.
import { SYNC_PATHS } from '../sync/protocol/replication.js';
import type { ApplicationDoc } from '../sync/protocol/application.js';
import { BENCH_ADMIN_TOKEN, startBenchPlatform } from '../sync/chaos/bench-platform.js';
import { syntheticApplication } from '../sync/chaos/synthetic-application.js';
import {
  provisionTerminal,
  pushingTerminal,
  rawPusher,
  type PushingTerminal,
  type RawPusher,
  type TerminalCredential,
} from '../sync/chaos/terminal-client.js';
import { percentile, round2, type Bench } from './types.js';

const PUSH_PATH = SYNC_PATHS.push('applications');
const CLOSED_LOOP_PUSHES_PER_TERMINAL = 5;
const PLATFORM_POOL = 10; // sync/server/db/postgres.ts default
/** The database ceiling is a rate: measured on this many of the stored rows, to keep the run short. */
const CEILING_ROWS = 5000;

interface Pushed {
  readonly doc: ApplicationDoc;
  readonly body: string;
  readonly terminal: PushingTerminal;
}

function prepare(terminals: readonly PushingTerminal[], count: number): Pushed[] {
  return Array.from({ length: count }, (_, n) => {
    const terminal = terminals[n % terminals.length]!;
    const doc = syntheticApplication(terminal.terminalId);
    return { doc, terminal, body: JSON.stringify([{ assumedMasterState: null, newDocumentState: doc }]) };
  });
}

interface LoadResult {
  readonly stored: ApplicationDoc[];
  readonly failed: number;
  /** Sorted, ms. */
  readonly latencies: number[];
  readonly wallMs: number;
}

/** Open loop: push n is due at start + n / rate, whatever happened to the earlier ones. */
async function openLoop(pusher: RawPusher, pushes: readonly Pushed[], perSec: number): Promise<LoadResult> {
  const stored: ApplicationDoc[] = [];
  const latencies: number[] = [];
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  let next = 0;
  while (next < pushes.length) {
    const due = Math.min(pushes.length, Math.floor(((performance.now() - started) * perSec) / 1000) + 1);
    for (; next < due; next++) {
      const p = pushes[next]!;
      const dueAt = started + (next * 1000) / perSec;
      inFlight.push(
        pusher.post(p.terminal, PUSH_PATH, p.body).then((status) => {
          latencies.push(performance.now() - dueAt);
          if (status === 200) stored.push(p.doc);
          else failed++;
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  return { stored, failed, latencies: latencies.sort((a, b) => a - b), wallMs: performance.now() - started };
}

/** Closed loop: every terminal pushes its next application as soon as the last one is answered. */
async function closedLoop(pusher: RawPusher, terminals: readonly PushingTerminal[], perTerminal: number): Promise<LoadResult> {
  const stored: ApplicationDoc[] = [];
  const latencies: number[] = [];
  let failed = 0;
  const work = terminals.map((t) => prepare([t], perTerminal));
  const started = performance.now();
  await Promise.all(
    work.map(async (pushes) => {
      for (const p of pushes) {
        const t0 = performance.now();
        const status = await pusher.post(p.terminal, PUSH_PATH, p.body);
        latencies.push(performance.now() - t0);
        if (status === 200) stored.push(p.doc);
        else failed++;
      }
    }),
  );
  return { stored, failed, latencies: latencies.sort((a, b) => a - b), wallMs: performance.now() - started };
}

export const benches: Bench[] = [
  {
    name: 'sync: platform ingest, many terminals pushing at once',
    async run({ quick }) {
      const terminalCount = quick ? 100 : 1000;
      // Offered rates (applications/s) and how long each is held; the first is the target.
      const steps = quick
        ? [{ perSec: 300, seconds: 3 }]
        : [
            { perSec: 3000, seconds: 10 },
            { perSec: 4000, seconds: 5 },
          ];
      const platform = await startBenchPlatform();
      const pusher = rawPusher(platform.url, terminalCount);
      try {
        const creds: TerminalCredential[] = [];
        for (let i = 0; i < terminalCount; i += 50) {
          const ids = Array.from({ length: Math.min(50, terminalCount - i) }, (_, j) => `B-${String(i + j).padStart(5, '0')}`);
          creds.push(...(await Promise.all(ids.map((id) => provisionTerminal(platform.url, BENCH_ADMIN_TOKEN, id)))));
        }
        const terminals = await Promise.all(creds.map(pushingTerminal));

        const figures: Record<string, number | string> = { database: platform.dbNote, terminals: terminalCount };
        const stored: ApplicationDoc[] = [];
        let target: { p99: number; ok: boolean } | null = null;
        for (const step of steps) {
          const run = await openLoop(pusher, prepare(terminals, step.perSec * step.seconds), step.perSec);
          stored.push(...run.stored);
          const label = `open loop, ${step.perSec}/s offered for ${step.seconds} s`;
          const ackPerSec = (run.stored.length / (step.seconds * 1000)) * 1000;
          figures[`${label}: failed`] = run.failed;
          figures[`${label}: acknowledged/s`] = Math.round(ackPerSec);
          figures[`${label}: until the last answer (s)`] = round2(run.wallMs / 1000);
          figures[`${label}: p50 latency (ms)`] = round2(percentile(run.latencies, 50));
          figures[`${label}: p99 latency (ms)`] = round2(percentile(run.latencies, 99));
          target ??= { p99: percentile(run.latencies, 99), ok: run.failed === 0 && run.wallMs < step.seconds * 1000 + 1000 };
        }

        const closed = await closedLoop(pusher, terminals, CLOSED_LOOP_PUSHES_PER_TERMINAL);
        stored.push(...closed.stored);
        const closedPerSec = (closed.stored.length / closed.wallMs) * 1000;
        figures[`closed loop (saturation), ${terminalCount} terminals × ${CLOSED_LOOP_PUSHES_PER_TERMINAL}: failed`] = closed.failed;
        figures['closed loop (saturation): applications/s'] = Math.round(closedPerSec);
        figures['closed loop: p50 latency (ms) (= terminals / throughput, Little\'s law)'] = round2(percentile(closed.latencies, 50));
        figures['closed loop: p99 latency (ms)'] = round2(percentile(closed.latencies, 99));

        const sample = stored.slice(0, CEILING_ROWS);
        const connections = platform.db === 'postgres' ? PLATFORM_POOL : 1;
        const { bulkMs, singleMs } = await platform.stopAndMeasureDatabase(sample, connections);
        figures[`db ceiling: single-row INSERT tx/s (${connections} connections)`] = Math.round((sample.length / singleMs) * 1000);
        figures['db ceiling: bulk INSERT rows/s'] = Math.round((sample.length / bulkMs) * 1000);
        return {
          figures,
          ratio: {
            // p99 at the offered target rate, counted only if every push was acknowledged and the platform
            // kept pace (the last answer within a second of the last push being due); otherwise not met.
            name: `p99 latency (ms) at ${steps[0]!.perSec}/s offered by ${terminalCount} terminals, all acknowledged (issue 4: ≥ 3,000/s with p99 < 200 ms)`,
            value: target?.ok ? round2(target.p99) : Number.POSITIVE_INFINITY,
            target: '< 200',
          },
        };
      } finally {
        pusher.close();
        await platform.close();
      }
    },
  },
];
