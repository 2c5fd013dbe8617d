// One chaos run: platform + terminals as processes behind the fault proxy, random SIGKILLs during pushes,
// an operator moving applications on, then healing and reconciliation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import type { ApplicationDoc } from '../protocol/application.js';
import { ATTACHMENT_PATHS } from '../protocol/attachment.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { freePort, PlatformProcess, TerminalProcess } from './processes.js';
import { reconcile, STATUS_PROGRESSION, statusRank, type ReconcileReport } from './reconcile.js';
import { seededRng, type Rng } from './rng.js';
import { provisionTerminal } from './terminal-client.js';

export interface ChaosOptions {
  seed: number;
  trials: number;
  terminals: number;
  db: 'pglite' | 'postgres';
  /** PostgreSQL server URL (a throwaway database is created in it). */
  databaseUrl?: string | undefined;
  log?: (line: string) => void;
  /** How long healing may take before the run is declared failed. */
  healTimeoutMs?: number;
}

export interface ChaosResult extends ReconcileReport {
  seed: number;
  trials: number;
  kills: { platform: number; terminal: number };
  faults: Record<string, number>;
  operatorChanges: number;
  seconds: number;
}

const TERMINAL_IDS = ['T-CHAOS-0001', 'T-CHAOS-0002', 'T-CHAOS-0003', 'T-CHAOS-0004'];
const ADMIN_TOKEN = 'chaos-admin-token';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runChaos(opts: ChaosOptions): Promise<ChaosResult> {
  const log = opts.log ?? (() => undefined);
  const started = Date.now();
  const rng = seededRng(opts.seed);
  const dir = mkdtempSync(join(tmpdir(), 'yichuang-chaos-'));
  const throwaway = opts.db === 'postgres' ? await createThrowawayDatabase(opts.databaseUrl) : null;
  const platformPort = await freePort();
  const platform = new PlatformProcess({
    port: platformPort,
    dataDir: join(dir, 'platform'),
    databaseUrl: throwaway?.url,
    adminToken: ADMIN_TOKEN,
  });
  const admin = `http://127.0.0.1:${platformPort}`;
  let proxy: FaultProxy | null = null;
  const terminals: TerminalProcess[] = [];
  const confirmed = new Map<string, string>();
  const kills = { platform: 0, terminal: 0 };
  let operatorChanges = 0;
  let operating = true;

  try {
    await platform.start();
    proxy = await startFaultProxy({ upstreamPort: platformPort, rng });
    const via = `http://127.0.0.1:${proxy.port}`;
    for (let i = 0; i < Math.min(opts.terminals, TERMINAL_IDS.length); i++) {
      const credential = await provisionTerminal(admin, ADMIN_TOKEN, TERMINAL_IDS[i]!);
      terminals.push(
        new TerminalProcess(credential.terminalId, via, credential.secret, join(dir, `terminal-${i}.log`)),
      );
    }
    await Promise.all(terminals.map((t) => t.start()));

    // The operator works through the back office directly (not through the faulty link).
    const operator = (async () => {
      const opRng = seededRng(opts.seed ^ 0x5eed);
      while (operating) {
        await sleep(150);
        if (!platform.running) continue;
        if (await operatorStep(admin, opRng, confirmed).catch(() => false)) operatorChanges++;
      }
    })();

    for (let trial = 1; trial <= opts.trials; trial++) {
      for (const t of terminals) t.submit(rng.int(1, 6));
      await sleep(rng.int(0, 600));
      const victim = rng.chance(0.4) ? 'platform' : rng.pick(terminals);
      if (victim === 'platform') {
        await platform.kill();
        kills.platform++;
        await sleep(rng.int(0, 500));
        await platform.start();
      } else {
        await victim.kill();
        kills.terminal++;
        await sleep(rng.int(0, 300));
        await victim.start();
      }
      log(`trial ${trial}/${opts.trials}: killed ${victim === 'platform' ? 'platform' : victim.terminalId}`);
    }

    // Heal: no more faults; wait until every terminal has pushed everything and holds the platform's statuses.
    operating = false;
    await operator;
    proxy.setFaulty(false);
    const deadline = Date.now() + (opts.healTimeoutMs ?? 90_000);
    let report: ReconcileReport;
    for (;;) {
      const views = await Promise.all(
        terminals.map(async (t) => ({
          terminalId: t.terminalId,
          submitted: t.submitted,
          local: await t.dump(),
        })),
      );
      const onPlatform = await listAll(admin);
      report = reconcile(views, onPlatform, confirmed, await attachmentHashes(admin, onPlatform));
      if (report.problems.length === 0 || Date.now() > deadline) break;
      await sleep(500);
    }
    return {
      ...report,
      seed: opts.seed,
      trials: opts.trials,
      kills,
      faults: { ...proxy.counts },
      operatorChanges,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    operating = false;
    await Promise.all(terminals.map((t) => t.stop().catch(() => undefined)));
    await proxy?.close();
    await platform.stop();
    await throwaway?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function adminFetch(base: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
    signal: AbortSignal.timeout(5000),
  });
}

/** Every attachment the applications reference, as the operator downloads it: sha256 -> hash of the bytes. */
async function attachmentHashes(base: string, docs: readonly ApplicationDoc[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (const ref of docs.flatMap((d) => d.attachments ?? [])) {
    if (out.has(ref.sha256)) continue;
    const res = await adminFetch(base, ATTACHMENT_PATHS.admin(ref.sha256));
    out.set(ref.sha256, res.ok ? createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex') : null);
  }
  return out;
}

export async function listAll(base: string): Promise<ApplicationDoc[]> {
  const out: ApplicationDoc[] = [];
  let after = 0;
  for (;;) {
    const res = await adminFetch(base, `/v1/admin/applications?after=${after}&limit=500`);
    if (!res.ok) throw new Error(`admin list answered ${res.status}`);
    const { applications } = (await res.json()) as {
      applications: { application: ApplicationDoc; seq: number }[];
    };
    out.push(...applications.map((a) => a.application));
    if (applications.length < 500) return out;
    after = applications[applications.length - 1]!.seq;
  }
}

/** Moves one random unfinished application one step on; true when the platform confirmed it. */
async function operatorStep(base: string, rng: Rng, confirmed: Map<string, string>): Promise<boolean> {
  const open = (await listAll(base)).filter((a) => statusRank(a.status) >= 0 && a.status !== 'completed');
  if (open.length === 0) return false;
  const app = rng.pick(open);
  const next = STATUS_PROGRESSION[statusRank(app.status) + 1]!;
  const res = await adminFetch(base, `/v1/admin/applications/${app.id}/status`, {
    method: 'POST',
    body: JSON.stringify({ status: next, note: `chaos ${next}` }),
  });
  if (!res.ok) return false;
  confirmed.set(app.id, next);
  return true;
}

export async function createThrowawayDatabase(
  serverUrl: string | undefined,
): Promise<{ url: string; drop(): Promise<void> }> {
  if (!serverUrl) throw new Error('--db postgres needs TEST_DATABASE_URL or DATABASE_URL');
  const name = `chaos_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
