// Attachments at the host: kept encrypted and content-addressed in the data folder, uploaded to a real platform
// (in-process, PGlite, real HTTP) with resumable uploads that survive a cut connection and a lost answer, and
// deleted only when the renderer releases them.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { profilePath, validateKioskConfig } from '../../kiosk-config/load.js';
import type { KioskConfig } from '../../kiosk-config/types.js';
import { ATTACHMENT_PATHS, type AttachmentBlob } from '../../sync/protocol/index.js';
import { createPlatformApp } from '../../sync/server/app.js';
import { createEnrollmentCode } from '../../sync/server/auth/enrollment.js';
import type { Database } from '../../sync/server/db/types.js';
import { testBackends } from '../../sync/server/testing/backends.js';
import { syntheticPng } from '../../sync/server/testing/synthetic-png.js';
import { createDispatcher } from '../transport/dispatcher.js';
import { ATTACHMENTS_DIR, createAttachmentStore } from './attachment-store.js';
import { createTerminalHost, type TerminalHost } from './host.js';
import { LOCAL_DATA_KEY_FILE } from './local-data-key.js';
import { createPlatformIdentity } from './platform-identity.js';
import { fakeRig } from './test-fakes.js';

const ADMIN = 'host-attachments-test-admin';
let dataDir: string;
let db: Database;
let cleanupDb: () => Promise<void>;
let platform: FastifyInstance | undefined;
let platformUrl: string;
let host: TerminalHost | undefined;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'yichuang-host-att-'));
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

/** A host enrolled with the platform through the real flow; `platformFetch` lets a test cut connections. */
async function boot(platformFetch?: typeof fetch): Promise<TerminalHost> {
  const cfg = config();
  const { code } = await createEnrollmentCode(db, cfg.terminal.id, 60);
  const identity = createPlatformIdentity({
    dataDir,
    terminalId: cfg.terminal.id,
    platformUrl,
    enrollmentCode: code,
    publicInfo: { version: 'test', profile: cfg.terminal.profile },
    log: () => undefined,
  });
  host = createTerminalHost({
    config: cfg,
    dataDir,
    version: '9.9.9',
    factories: fakeRig().factories,
    platformIdentity: identity,
    attachmentChunkBytes: 4096,
    ...(platformFetch ? { platformFetch } : {}),
  });
  await host.start();
  await identity.whenEnrolled();
  return host;
}

const adminGet = (sha256: string) => fetch(new URL(ATTACHMENT_PATHS.admin(sha256), platformUrl), { headers: { authorization: `Bearer ${ADMIN}` } });

describe('host attachments', () => {
  it('keeps an image encrypted at rest, named by its hash; the same bytes give the same reference and one file', async () => {
    const h = await boot();
    const png = syntheticPng(80);
    const put = await h.api.putAttachment({ imageBase64: png.toString('base64'), mediaType: 'image/png' });
    expect(put.ok).toBe(true);
    if (!put.ok) return;
    expect(put.value).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: png.length, mediaType: 'image/png' });
    const files = readdirSync(join(dataDir, ATTACHMENTS_DIR));
    expect(files).toEqual([`${put.value.sha256}.enc`]);
    const onDisk = readFileSync(join(dataDir, ATTACHMENTS_DIR, files[0]!));
    // Not the plaintext: no PNG signature, no run of the image's bytes anywhere in the file.
    expect(onDisk.includes(png.subarray(0, 8))).toBe(false);
    expect(onDisk.includes(png.subarray(100, 132))).toBe(false);
    const back = h.attachments.read(put.value.sha256);
    expect(back.ok && Buffer.compare(back.value, png)).toBe(0);
    // Another terminal's key (or an attacker without the key file) cannot read it.
    const otherKey = createAttachmentStore({ dataDir, localDataKey: 'f'.repeat(64) });
    expect(otherKey.read(put.value.sha256)).toMatchObject({ ok: false, error: { code: 'damaged' } });
    expect(readFileSync(join(dataDir, LOCAL_DATA_KEY_FILE), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);

    const again = await h.api.putAttachment({ imageBase64: png.toString('base64'), mediaType: 'image/png' });
    expect(again).toEqual(put);
    expect(readdirSync(join(dataDir, ATTACHMENTS_DIR))).toHaveLength(1);
  });

  it('refuses what is not a PNG/JPEG of the declared type, or too large, with a message in Chinese and English', async () => {
    const h = await boot();
    const pdf = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n');
    const notPng = await h.api.putAttachment({ imageBase64: pdf.toString('base64'), mediaType: 'image/png' });
    expect(notPng).toMatchObject({ ok: false, error: { code: 'unsupported_media_type', message: { zh: expect.stringContaining('PNG'), en: expect.stringContaining('PNG') } } });
    const pngAsJpeg = await h.api.putAttachment({ imageBase64: syntheticPng().toString('base64'), mediaType: 'image/jpeg' });
    expect(pngAsJpeg).toMatchObject({ ok: false, error: { code: 'unsupported_media_type' } });
    const huge = Buffer.concat([syntheticPng(8), Buffer.alloc(10 * 1024 * 1024)]);
    const tooLarge = await h.api.putAttachment({ imageBase64: huge.toString('base64'), mediaType: 'image/png' });
    expect(tooLarge).toMatchObject({ ok: false, error: { code: 'too_large', message: { zh: expect.stringContaining('太大'), en: expect.stringContaining('too large') } } });
    expect(readdirSync(join(dataDir, ATTACHMENTS_DIR))).toEqual([]);
    // Through the dispatcher, as the renderer calls it: a data: URL is a bad parameter, not a stored file.
    const dispatch = createDispatcher(h.api);
    const bad = await dispatch({ id: 1, method: 'putAttachment', params: [{ imageBase64: 'data:image/png;base64,AAAA', mediaType: 'image/png' }] });
    expect(bad).toMatchObject({ ok: false, fault: expect.stringContaining('imageBase64') });
  });

  it('storage that fails (the folder became a file, as on a broken disk) is refused with the message for people, not a fault', async () => {
    const h = await boot();
    const folder = join(dataDir, ATTACHMENTS_DIR);
    rmSync(folder, { recursive: true });
    writeFileSync(folder, 'not a folder');
    const put = await h.api.putAttachment({ imageBase64: syntheticPng(20).toString('base64'), mediaType: 'image/png' });
    expect(put).toMatchObject({ ok: false, error: { code: 'storage', detail: 'ENOTDIR', message: { zh: '图片未能保存在本机，请联系工作人员。', en: expect.stringContaining('could not be stored') } } });
    rmSync(folder);
    mkdirSync(folder);
    expect((await h.api.putAttachment({ imageBase64: syntheticPng(20).toString('base64'), mediaType: 'image/png' })).ok).toBe(true);
  });

  it('an upload cut mid-way resumes at the platform offset; the platform then holds the bytes exactly', async () => {
    let patches = 0;
    let cut = true;
    const offsets: string[] = [];
    const cutting: typeof fetch = async (input, init) => {
      if (init?.method === 'PATCH') {
        offsets.push(new Headers(init.headers).get('upload-offset')!);
        // The third chunk never arrives: the link drops.
        if (cut && ++patches === 3) throw new TypeError('fetch failed: connection reset');
      }
      return fetch(input, init);
    };
    const h = await boot(cutting);
    const png = syntheticPng(120); // ~14.5 KB: four chunks of 4 KiB
    const put = await h.api.putAttachment({ imageBase64: png.toString('base64'), mediaType: 'image/png' });
    if (!put.ok) throw new Error('put failed');
    const first = await h.api.uploadAttachments({ attachments: [put.value] });
    expect(first).toMatchObject({ ok: false, error: { code: 'offline', message: { zh: expect.any(String), en: expect.any(String) } } });
    expect((await adminGet(put.value.sha256)).status).toBe(404);

    cut = false;
    offsets.length = 0;
    const second = await h.api.uploadAttachments({ attachments: [put.value] });
    expect(second).toEqual({ ok: true, value: { uploaded: 1, alreadyThere: 0, refused: [] } });
    // It went on from the 8 KiB the platform had, not from 0.
    expect(offsets[0]).toBe('8192');
    const got = await adminGet(put.value.sha256);
    expect(got.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await got.arrayBuffer()), png)).toBe(0);
    // Once there, asking again sends nothing.
    expect(await h.api.uploadAttachments({ attachments: [put.value] })).toEqual({ ok: true, value: { uploaded: 0, alreadyThere: 1, refused: [] } });
  });

  it('a chunk whose answer was lost is not sent twice: 409, ask the offset, go on', async () => {
    let lose = true;
    const losing: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (init?.method === 'PATCH' && lose) {
        lose = false;
        throw new TypeError('fetch failed: socket hang up'); // applied by the platform, answer lost
      }
      return res;
    };
    const h = await boot(losing);
    const png = syntheticPng(100);
    const put = await h.api.putAttachment({ imageBase64: png.toString('base64'), mediaType: 'image/png' });
    if (!put.ok) throw new Error('put failed');
    expect((await h.api.uploadAttachments({ attachments: [put.value] })).ok).toBe(false);
    expect(await h.api.uploadAttachments({ attachments: [put.value] })).toEqual({ ok: true, value: { uploaded: 1, alreadyThere: 0, refused: [] } });
    expect(Buffer.compare(Buffer.from(await (await adminGet(put.value.sha256)).arrayBuffer()), png)).toBe(0);
  });

  it('bytes missing on the terminal are reported as refused (only their applications wait); a platform that is gone is "offline"; release deletes', async () => {
    const h = await boot();
    const ghost: AttachmentBlob = { sha256: 'e'.repeat(64), size: 100, mediaType: 'image/png' };
    const other = await h.api.putAttachment({ imageBase64: syntheticPng(30).toString('base64'), mediaType: 'image/png' });
    if (!other.ok) throw new Error('put failed');
    // The missing one does not stop the other one from going.
    expect(await h.api.uploadAttachments({ attachments: [ghost, other.value] })).toEqual({
      ok: true,
      value: { uploaded: 1, alreadyThere: 0, refused: [{ sha256: ghost.sha256, status: 0, code: 'missing', message: expect.stringContaining('not on this terminal') }] },
    });
    expect((await adminGet(other.value.sha256)).status).toBe(200);
    await h.api.releaseAttachments({ sha256s: [other.value.sha256] });

    const put = await h.api.putAttachment({ imageBase64: syntheticPng().toString('base64'), mediaType: 'image/png' });
    if (!put.ok) throw new Error('put failed');
    await platform!.close();
    platform = undefined;
    expect(await h.api.uploadAttachments({ attachments: [put.value] })).toMatchObject({ ok: false, error: { code: 'offline' } });
    expect(h.attachments.has(put.value.sha256)).toBe(true);

    expect(await h.api.releaseAttachments({ sha256s: [put.value.sha256, ghost.sha256] })).toEqual({ deleted: 1 });
    expect(readdirSync(join(dataDir, ATTACHMENTS_DIR))).toEqual([]);
    const audit = readdirSync(join(dataDir, 'audit')).map((f) => readFileSync(join(dataDir, 'audit', f), 'utf8')).join('');
    expect(audit).toContain('"type":"attachment"');
    expect(audit).not.toContain(put.value.sha256);
  });

  it("an image over the platform's limit is refused for good (413, the platform's reason) while the others go", async () => {
    // The platform's limit is lower than the terminal's (an operator changed it): no retrying forever.
    await platform!.close();
    platform = createPlatformApp({ db, adminToken: ADMIN, maxAttachmentBytes: 2000 });
    await platform.listen({ port: Number(new URL(platformUrl).port), host: '127.0.0.1' });
    const h = await boot();
    const big = await h.api.putAttachment({ imageBase64: syntheticPng(200).toString('base64'), mediaType: 'image/png' });
    const small = await h.api.putAttachment({ imageBase64: syntheticPng(4).toString('base64'), mediaType: 'image/png' });
    if (!big.ok || !small.ok) throw new Error('put failed');
    expect(big.value.size).toBeGreaterThan(2000);
    const answer = await h.api.uploadAttachments({ attachments: [big.value, small.value] });
    expect(answer).toEqual({
      ok: true,
      value: { uploaded: 1, alreadyThere: 0, refused: [{ sha256: big.value.sha256, status: 413, code: 'too_large', message: expect.stringContaining('limit of 2000') }] },
    });
    expect((await adminGet(small.value.sha256)).status).toBe(200);
    expect((await adminGet(big.value.sha256)).status).toBe(404);
    // Kept on the terminal: nothing is deleted because the platform said no.
    expect(h.attachments.has(big.value.sha256)).toBe(true);
    const audit = readdirSync(join(dataDir, 'audit')).map((f) => readFileSync(join(dataDir, 'audit', f), 'utf8')).join('');
    expect(audit).toContain('"action":"upload_refused","count":1,"code":"too_large"');
  });
});
