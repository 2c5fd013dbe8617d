// 一证通办 look-ups and online progress queries through the host: a real platform (in-process, PGlite, real
// HTTP), a host enrolled with it, the calls made through the dispatcher as the renderer makes them. The
// credential never leaves the host; the ID number never reaches the audit; a stopped platform is a plain
// 'offline' Result, not a crash.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { profilePath, validateKioskConfig } from '../../kiosk-config/load.js';
import type { KioskConfig } from '../../kiosk-config/types.js';
import { sha256Hex } from '../../sync/protocol/index.js';
import { createPlatformApp } from '../../sync/server/app.js';
import { createEnrollmentCode } from '../../sync/server/auth/enrollment.js';
import type { Database } from '../../sync/server/db/types.js';
import { SYNTHETIC_ZHANG } from '../../sync/server/e-certificates/synthetic-library.js';
import { testBackends } from '../../sync/server/testing/backends.js';
import { makeApplication } from '../../sync/server/testing/fixtures.js';
import { createDispatcher } from '../transport/dispatcher.js';
import { createTerminalHost, type TerminalHost } from './host.js';
import { createPlatformIdentity, type PlatformIdentity } from './platform-identity.js';
import { fakeRig } from './test-fakes.js';

const ADMIN = 'host-lookup-test-admin';
const TERMINAL = 'T-HALL-0001';

let dataDir: string;
let db: Database;
let cleanupDb: () => Promise<void>;
let platform: FastifyInstance | undefined;
let platformUrl: string;
let identity: PlatformIdentity;
let host: TerminalHost;

function config(): KioskConfig {
  const raw = JSON.parse(readFileSync(profilePath('service-hall-kiosk'), 'utf8')) as { platform: object };
  const loaded = validateKioskConfig({ ...raw, platform: { ...raw.platform, url: platformUrl } });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  return loaded.value;
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'yichuang-host-lookups-'));
  ({ db, cleanup: cleanupDb } = await testBackends()[0]!.open());
  platform = createPlatformApp({ db, adminToken: ADMIN });
  await platform.listen({ port: 0, host: '127.0.0.1' });
  const addr = platform.server.address();
  platformUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const { code } = await createEnrollmentCode(db, TERMINAL, 10);
  identity = createPlatformIdentity({ dataDir, terminalId: TERMINAL, platformUrl, enrollmentCode: code, publicInfo: { version: '9.9.9', profile: 'service_hall_kiosk' }, log: () => undefined });
  identity.start();
  await identity.whenEnrolled();
  host = createTerminalHost({ config: config(), dataDir, version: '9.9.9', factories: fakeRig().factories, platformIdentity: identity });
  await host.start();
});
afterEach(async () => {
  await host.stop();
  identity.stop();
  await platform?.close();
  await cleanupDb();
  rmSync(dataDir, { recursive: true, force: true });
});

const auditText = () =>
  readdirSync(join(dataDir, 'audit'))
    .map((f) => readFileSync(join(dataDir, 'audit', f), 'utf8'))
    .join('');

describe('host: signed platform look-ups for the renderer', () => {
  it("looks up a person's e-certificates through the dispatcher; the number stays out of the audit", async () => {
    const dispatch = createDispatcher(host.api);
    const answer = await dispatch({ id: 1, method: 'lookupECertificates', params: [{ idNumber: SYNTHETIC_ZHANG }] });
    expect(answer).toMatchObject({ ok: true, result: { ok: true } });
    const kinds = ((answer as { result: { value: { certificates: { kind: string }[] } } }).result.value.certificates).map((c) => c.kind);
    expect(kinds.sort()).toEqual(['business_licence', 'hukou', 'marriage']);
    // A number that fails GB 11643 is refused at the edge, before anything is signed.
    const bad = await dispatch({ id: 2, method: 'lookupECertificates', params: [{ idNumber: '110101195003151230' }] });
    expect(bad).toMatchObject({ ok: false });
    const audit = auditText();
    expect(audit).toContain('"platform.e-certificates"');
    expect(audit).not.toContain(SYNTHETIC_ZHANG);
    expect(audit).not.toContain('张三丰');
  });

  it('queries progress by ID number and by case code; a stopped platform answers offline, plainly', async () => {
    const doc = makeApplication(TERMINAL, { applicant: { name: '张三丰', idNumber: SYNTHETIC_ZHANG, cardType: 'resident' } });
    const body = JSON.stringify([{ newDocumentState: doc }]);
    const url = `${platformUrl}/v1/sync/applications/push`;
    const signed = await identity.sign({ method: 'POST', url, bodySha256: await sha256Hex(body) });
    if (!signed.ok) throw new Error('not signed');
    expect((await fetch(url, { method: 'POST', headers: { ...signed.value, 'content-type': 'application/json' }, body })).status).toBe(200);

    const byPerson = await host.api.queryProgress({ idNumber: SYNTHETIC_ZHANG });
    expect(byPerson).toMatchObject({ ok: true, value: { applications: [{ applicationNumber: doc.applicationNumber, status: 'received' }] } });
    const byCode = await host.api.queryProgress({ applicationNumber: doc.applicationNumber });
    expect(byCode).toMatchObject({ ok: true, value: { applications: [{ id: doc.id }] } });

    await platform!.close();
    platform = undefined;
    const offline = await host.api.queryProgress({ idNumber: SYNTHETIC_ZHANG });
    expect(offline).toMatchObject({ ok: false, error: { code: 'offline', message: { zh: expect.stringContaining('连不上'), en: expect.any(String) } } });
    expect(await host.api.lookupECertificates({ idNumber: SYNTHETIC_ZHANG })).toMatchObject({ ok: false, error: { code: 'offline' } });
    expect(auditText()).not.toContain(SYNTHETIC_ZHANG);
  });
});
