// 扫码亮证 end to end at the host: a real platform (in-process, PGlite, real HTTP) publishes its key, the
// host caches it in the data folder, and a QR issued by the platform is verified through the TerminalApi —
// also after the platform is gone and the host restarted offline. Hostile text gets the plain error.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { profilePath, validateKioskConfig } from '../../kiosk-config/load.js';
import type { KioskConfig } from '../../kiosk-config/types.js';
import { base64UrlEncode, IDENTITY_QR_PATHS, residentIdCheckChar } from '../../sync/protocol/index.js';
import { createPlatformApp } from '../../sync/server/app.js';
import type { Database } from '../../sync/server/db/types.js';
import { testBackends } from '../../sync/server/testing/backends.js';
import { createDispatcher } from '../transport/dispatcher.js';
import { createTerminalHost, type TerminalHost } from './host.js';
import { IDENTITY_KEYS_FILE } from './identity-keys.js';
import { USED_QR_NONCES_FILE } from './used-qr-nonces.js';
import type { PlatformIdentity } from './platform-identity.js';
import { fakeRig } from './test-fakes.js';

const ADMIN = 'host-qr-test-admin-token';
const NAME = '测试丙';
const ID = '11010519491231003' + residentIdCheckChar('11010519491231003');

/** Enrolment is not what this test is about: a host that never enrols. */
const notEnrolled: PlatformIdentity = {
  enrolled: false,
  start: () => undefined,
  stop: () => undefined,
  whenEnrolled: () => new Promise(() => undefined),
  sign: async () => ({ ok: false, error: { code: 'not_enrolled', message: { zh: '未登记', en: 'not enrolled' } } }),
  enrollWithCode: async () => ({ ok: false, error: { code: 'platform_unreachable', message: { zh: '无法连接', en: 'unreachable' } } }),
};

let dataDir: string;
let db: Database;
let cleanupDb: () => Promise<void>;
let platform: FastifyInstance | undefined;
let platformUrl: string;
let host: TerminalHost | undefined;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'yichuang-host-qr-'));
  ({ db, cleanup: cleanupDb } = await testBackends()[0]!.open());
  platform = createPlatformApp({ db, adminToken: ADMIN });
  await platform.listen({ port: 0, host: '127.0.0.1' });
  const addr = platform.server.address();
  platformUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterEach(async () => {
  await host?.stop();
  host = undefined;
  await platform?.close();
  await cleanupDb();
  rmSync(dataDir, { recursive: true, force: true });
});

function config(): KioskConfig {
  const raw = JSON.parse(readFileSync(profilePath('service-hall-kiosk'), 'utf8')) as { platform: object };
  const loaded = validateKioskConfig({ ...raw, platform: { ...raw.platform, url: platformUrl } });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  return loaded.value;
}

async function boot(): Promise<TerminalHost> {
  host = createTerminalHost({ config: config(), dataDir, version: '9.9.9', factories: fakeRig().factories, platformIdentity: notEnrolled });
  await host.start();
  return host;
}

async function issueQr(): Promise<string> {
  const res = await fetch(new URL(IDENTITY_QR_PATHS.issue, platformUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: NAME, idNumber: ID, ttlSeconds: 300 }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { text: string }).text;
}

function auditText(): string {
  const dir = join(dataDir, 'audit');
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');
}

describe('host: identity QR verified offline', () => {
  it('caches the published key on start; verifies a platform-issued QR, also with the platform stopped and after an offline restart', async () => {
    const h = await boot();
    await vi.waitFor(() => expect(readdirSync(dataDir)).toContain(IDENTITY_KEYS_FILE), { timeout: 5000 });
    // Each code is good for one use at this terminal: one per verification below.
    const [online, stopped, restarted] = [await issueQr(), await issueQr(), await issueQr()];
    const expected = { ok: true, value: { name: NAME, idNumber: ID, cardType: 'resident', expiresAt: expect.any(String) } };
    expect(await h.api.verifyIdentityQr({ text: online })).toEqual(expected);

    await platform!.close();
    platform = undefined;
    expect(await h.api.verifyIdentityQr({ text: stopped })).toEqual(expected);

    await h.stop();
    const offline = await boot();
    // The restart's own fetch fails (platform gone); the cached set answers.
    expect(await offline.api.verifyIdentityQr({ text: restarted })).toEqual(expected);

    const audit = auditText();
    expect(audit).toContain('"identity.qr"');
    for (const secret of [NAME, ID, online.split('.')[1]!]) expect(audit).not.toContain(secret);
  });

  it('a code already used at this terminal is refused until it expires, also after a restart (a screenshot cannot be used twice)', async () => {
    let clock = Date.now();
    host = createTerminalHost({ config: config(), dataDir, version: '9.9.9', factories: fakeRig().factories, platformIdentity: notEnrolled, now: () => new Date(clock) });
    await host.start();
    await vi.waitFor(() => expect(readdirSync(dataDir)).toContain(IDENTITY_KEYS_FILE), { timeout: 5000 });
    const qr = await issueQr();
    const other = await issueQr();
    expect((await host.api.verifyIdentityQr({ text: qr })).ok).toBe(true);
    const again = await host.api.verifyIdentityQr({ text: qr });
    expect(again).toMatchObject({ ok: false, error: { code: 'already_used', message: { zh: expect.stringContaining('已经在本机用过'), en: expect.stringContaining('already been used') } } });
    expect(JSON.stringify(again)).not.toContain(ID);
    // Another code of the same person is a fresh code.
    expect((await host.api.verifyIdentityQr({ text: other })).ok).toBe(true);

    await host.stop();
    host = createTerminalHost({ config: config(), dataDir, version: '9.9.9', factories: fakeRig().factories, platformIdentity: notEnrolled, now: () => new Date(clock) });
    await host.start();
    expect(await host.api.verifyIdentityQr({ text: qr })).toMatchObject({ ok: false, error: { code: 'already_used' } });
    expect(readFileSync(join(dataDir, USED_QR_NONCES_FILE), 'utf8')).not.toContain(NAME);

    // Past expiry plus the clock skew the code no longer verifies at all.
    clock += 300_000 + 121_000;
    expect(await host.api.verifyIdentityQr({ text: qr })).toMatchObject({ ok: false, error: { code: 'expired' } });
    expect(auditText()).toContain('"already_used"');
  });

  it('a bad signature and hostile content get the plain bilingual error, through the dispatcher too', async () => {
    const h = await boot();
    await vi.waitFor(() => expect(readdirSync(dataDir)).toContain(IDENTITY_KEYS_FILE), { timeout: 5000 });
    const qr = await issueQr();
    const [prefix, claims, sig] = qr.split('.') as [string, string, string];
    const flipped = `${prefix}.${claims}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    const forged = base64UrlEncode(new TextEncoder().encode(JSON.stringify({ v: 1, kid: 'x', name: NAME, idNumber: ID, cardType: 'resident', iat: 1, exp: 2, nonce: 'AAAAAAAAAAAAAAAAAAAAAA', __proto__x: 1 })));
    const cases: [string, string][] = [
      [flipped, 'bad_signature'],
      [`${prefix}.${forged}.${sig}`, 'malformed'],
      ['<script>alert(1)</script>', 'malformed'],
      [`${qr}${'A'.repeat(2000)}`, 'too_long'],
    ];
    const dispatch = createDispatcher(h.api);
    for (const [text, code] of cases) {
      const direct = await h.api.verifyIdentityQr({ text });
      expect(direct).toMatchObject({ ok: false, error: { code, message: { zh: expect.any(String), en: expect.any(String) } } });
      const serialized = JSON.stringify(direct);
      expect(serialized).not.toContain(NAME);
      expect(serialized).not.toContain(ID);
      const viaWire = await dispatch({ id: 1, method: 'verifyIdentityQr', params: [{ text }] });
      expect(JSON.stringify(viaWire)).toContain(`"code":"${code}"`);
    }
  });
});
