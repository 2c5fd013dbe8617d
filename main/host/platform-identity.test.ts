// The host enrols with a real platform (in-process, PGlite), keeps the credential to itself (file mode
// 0600, never in TerminalInfo), and signs requests for the renderer through the dispatcher: those
// signed requests are accepted by the platform, and a replay of one is refused.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_BODY_SHA256, sha256Hex } from '../../sync/protocol/index.js';
import { createPlatformApp } from '../../sync/server/app.js';
import { createEnrollmentCode } from '../../sync/server/auth/enrollment.js';
import type { Database } from '../../sync/server/db/types.js';
import { testBackends } from '../../sync/server/testing/backends.js';
import type { TerminalApi } from '../api/terminal-api.js';
import { createDispatcher } from '../transport/dispatcher.js';
import { CREDENTIAL_FILE, createPlatformIdentity, type PlatformIdentity } from './platform-identity.js';

const TERMINAL = 'T-HOST-0001';
const ADMIN = 'host-test-admin-token';

let dir: string;
let db: Database;
let cleanupDb: () => Promise<void>;
let platform: FastifyInstance;
let platformUrl: string;
let identity: PlatformIdentity | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yichuang-identity-'));
  ({ db, cleanup: cleanupDb } = await testBackends()[0]!.open());
  platform = createPlatformApp({ db, adminToken: ADMIN });
  await platform.listen({ port: 0, host: '127.0.0.1' });
  const addr = platform.server.address();
  platformUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterEach(async () => {
  identity?.stop();
  identity = undefined;
  await platform.close();
  await cleanupDb();
  rmSync(dir, { recursive: true, force: true });
});

const make = (enrollmentCode: string | undefined, terminalId = TERMINAL): PlatformIdentity =>
  (identity = createPlatformIdentity({
    dataDir: dir,
    terminalId,
    platformUrl,
    enrollmentCode,
    publicInfo: { version: '9.9.9', profile: 'service_hall_kiosk' },
    log: () => undefined,
    retry: { firstMs: 20, maxMs: 50 },
  }));

/** Only the signing method matters here; the dispatcher checks its params like any call. */
const apiWith = (id: PlatformIdentity): TerminalApi => ({ signPlatformRequest: (r) => id.sign(r) }) as Partial<TerminalApi> as TerminalApi;

describe('host platform identity', () => {
  it('enrols on first start, stores the credential 0600, and signs through the dispatcher what the platform accepts once', async () => {
    const { code } = await createEnrollmentCode(db, TERMINAL, 10);
    const id = make(code);
    const dispatch = createDispatcher(apiWith(id));
    const url = `${platformUrl}/v1/sync/catalog/pull?checkpoint=0&limit=5`;

    // Before enrolment: a clear Result, not a crash.
    const early = await dispatch({ id: 1, method: 'signPlatformRequest', params: [{ method: 'GET', url, bodySha256: EMPTY_BODY_SHA256 }] });
    expect(early).toMatchObject({ ok: true, result: { ok: false, error: { code: 'not_enrolled' } } });

    id.start();
    await id.whenEnrolled();
    const file = join(dir, CREDENTIAL_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { credential } = JSON.parse(readFileSync(file, 'utf8')) as { credential: string };
    expect(credential.length).toBeGreaterThanOrEqual(32);

    const signed = await dispatch({ id: 2, method: 'signPlatformRequest', params: [{ method: 'GET', url, bodySha256: EMPTY_BODY_SHA256 }] });
    if (!signed.ok || !(signed.result as { ok: boolean }).ok) throw new Error(JSON.stringify(signed));
    const headers = (signed.result as { value: Record<string, string> }).value;
    expect(JSON.stringify(headers)).not.toContain(credential);
    expect((await fetch(url, { headers })).status).toBe(200);
    const replay = await fetch(url, { headers });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: 'replayed_nonce' });

    // A POST body is covered through its hash.
    const body = JSON.stringify({ version: '9.9.9', queueDepth: 0, oldestWaitingAt: null, devices: [] });
    const hbUrl = `${platformUrl}/v1/terminals/heartbeat`;
    const hb = await id.sign({ method: 'POST', url: hbUrl, bodySha256: await sha256Hex(body) });
    if (!hb.ok) throw new Error('not signed');
    expect((await fetch(hbUrl, { method: 'POST', headers: { ...hb.value, 'content-type': 'application/json' }, body })).status).toBe(200);

    // A restarted host reads the stored credential and needs no code.
    id.stop();
    const again = make(undefined);
    expect(again.enrolled).toBe(true);
    const later = await again.sign({ method: 'GET', url, bodySha256: EMPTY_BODY_SHA256 });
    if (!later.ok) throw new Error('not signed');
    expect((await fetch(url, { headers: later.value })).status).toBe(200);
  });

  it('signs only for the configured platform, and the dispatcher refuses malformed sign requests', async () => {
    const { code } = await createEnrollmentCode(db, TERMINAL, 10);
    const id = make(code);
    id.start();
    await id.whenEnrolled();
    const other = await id.sign({ method: 'GET', url: 'https://elsewhere.example/v1/sync/catalog/pull', bodySha256: EMPTY_BODY_SHA256 });
    expect(other).toMatchObject({ ok: false, error: { code: 'not_platform_url' } });
    const dispatch = createDispatcher(apiWith(id));
    const bad = await dispatch({ id: 3, method: 'signPlatformRequest', params: [{ method: 'DELETE', url: platformUrl, bodySha256: 'xyz' }] });
    expect(bad).toMatchObject({ ok: false });
  });

  it('keeps retrying while the platform refuses or is away, and enrols once a valid code works', async () => {
    const id = make('NOT-A-REAL-CODE-0000');
    id.start();
    await new Promise((r) => setTimeout(r, 150));
    expect(id.enrolled).toBe(false);
    id.stop();
    const { code } = await createEnrollmentCode(db, TERMINAL, 10);
    const second = make(code);
    second.start();
    await second.whenEnrolled();
    expect(second.enrolled).toBe(true);
  });
});
