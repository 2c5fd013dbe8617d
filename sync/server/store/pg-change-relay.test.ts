// Two platform instances on one real PostgreSQL: an operator's status change on one reaches a terminal
// streaming from the other at once, through LISTEN/NOTIFY (store/pg-change-relay.ts). PostgreSQL only.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialSigner } from '../../client/index.js';
import { followLiveStream, type LiveStream } from '../../client/live-stream.js';
import { createPlatformHttp } from '../../client/platform-http.js';
import { SYNC_PATHS } from '../../protocol/index.js';
import { createPlatformApp } from '../app.js';
import type { Database } from '../db/types.js';
import { testBackends } from '../testing/backends.js';
import { enrollForTest, type EnrolledTerminal } from '../testing/enrolled-terminal.js';
import { makeApplication, TEST_ADMIN_TOKEN } from '../testing/fixtures.js';
import { ChangeBus, type ChangeNotice } from './change-bus.js';
import { relayChangesThroughPostgres, type PgChangeRelay } from './pg-change-relay.js';

const postgres = testBackends().find((b) => b.name === 'postgres')!;
const url = process.env.TEST_DATABASE_URL?.trim() ?? '';
const TERMINAL = 'T-NODES-0001';

describe.skipIf(!postgres.available)('live-stream notices across platform instances (PostgreSQL LISTEN/NOTIFY)', () => {
  let db: Database;
  let cleanup: () => Promise<void>;
  let terminal: EnrolledTerminal;
  let nodes: { app: FastifyInstance; bus: ChangeBus; relay: PgChangeRelay; seen: ChangeNotice[] }[];
  let stream: LiveStream | undefined;
  const channel = `yc_test_${randomBytes(5).toString('hex')}`;

  beforeEach(async () => {
    ({ db, cleanup } = await postgres.open());
    terminal = await enrollForTest(db, TERMINAL);
    nodes = [];
    for (let i = 0; i < 2; i++) {
      const bus = new ChangeBus();
      const seen: ChangeNotice[] = [];
      bus.subscribe((n) => seen.push(n));
      const relay = relayChangesThroughPostgres(bus, { connectionString: url, channel });
      const app = createPlatformApp({ db, adminToken: TEST_ADMIN_TOKEN, bus });
      await app.listen({ port: 0, host: '127.0.0.1' });
      await relay.ready;
      nodes.push({ app, bus, relay, seen });
    }
  });
  afterEach(async () => {
    stream?.stop();
    for (const n of nodes) {
      await n.relay.close();
      await n.app.close();
    }
    await cleanup();
  });

  const urlOf = (app: FastifyInstance): string => {
    const a = app.server.address();
    return `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  };
  const setStatus = async (app: FastifyInstance, id: string, status: string) => {
    const res = await app.inject({ method: 'POST', url: `/v1/admin/applications/${id}/status`, headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, payload: { status, note: '' } });
    expect(res.statusCode).toBe(200);
  };

  it("a status change on node A reaches the terminal's stream on node B within a moment, once, without echo", async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const doc = makeApplication(TERMINAL);
    const body = JSON.stringify([{ assumedMasterState: null, newDocumentState: doc }]);
    const pushed = await a.app.inject({ method: 'POST', url: SYNC_PATHS.push('applications'), headers: { ...(await terminal.sign('POST', SYNC_PATHS.push('applications'), body)), 'content-type': 'application/json' }, payload: body });
    expect(pushed.statusCode).toBe(200);

    // The terminal follows node B's stream.
    let connected = false;
    let changes = 0;
    stream = followLiveStream({
      http: createPlatformHttp({ platformUrl: urlOf(b.app), sign: credentialSigner(TERMINAL, terminal.credential), fetch: globalThis.fetch.bind(globalThis) }),
      path: SYNC_PATHS.stream('applications'),
      retry: { initialMs: 50, maxMs: 200 },
      onConnected: () => (connected = true),
      onChange: () => changes++,
      onDisconnected: () => undefined,
    });
    await expect.poll(() => connected, { timeout: 10_000 }).toBe(true);

    const changedAt = Date.now();
    await setStatus(a.app, doc.id, 'accepted');
    await expect.poll(() => changes, { timeout: 2_000, interval: 20 }).toBe(1);
    expect(Date.now() - changedAt).toBeLessThan(2_000);
    // Node A saw its own notice once (not echoed back); node B got it relayed.
    expect(a.seen).toEqual([{ collection: 'applications', terminalId: TERMINAL }]);
    expect(b.seen).toEqual([{ collection: 'applications', terminalId: TERMINAL, relayed: true }]);

    // Without the relay the other node hears nothing (only the terminal's safety poll would find it).
    await b.relay.close();
    await setStatus(a.app, doc.id, 'in_progress');
    await new Promise((r) => setTimeout(r, 800));
    expect(changes).toBe(1);
  });
});
