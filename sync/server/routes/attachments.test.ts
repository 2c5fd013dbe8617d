// Attachment uploads (tus 1.0 semantics) and the push check, on PGlite and PostgreSQL.
import { createHash } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ATTACHMENT_PATHS,
  encodeUploadMetadata,
  sha256Hex,
  TUS_PATCH_CONTENT_TYPE,
  type AttachmentRef,
} from '../../protocol/index.js';
import { createPlatformApp } from '../app.js';
import { testBackends } from '../testing/backends.js';
import { signerFor } from '../testing/enrolled-terminal.js';
import { makeApplication, TEST_ADMIN_TOKEN } from '../testing/fixtures.js';
import { openHarness, TERMINAL_A, TERMINAL_B, type Harness } from '../testing/platform-harness.js';
import { syntheticPng } from '../testing/synthetic-png.js';

const png = syntheticPng;
const hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(testBackends())('attachments on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await openHarness(backend);
    });
    afterEach(async () => {
      await h.close();
    });

    /** A signed tus request as the terminal host sends it. */
    async function tus(
      terminalId: string,
      method: 'POST' | 'HEAD' | 'PATCH' | 'DELETE',
      url: string,
      headers: Record<string, string>,
      body?: Buffer,
      app = h.app,
    ): Promise<LightMyRequestResponse> {
      const signer = h.terminals[terminalId] ?? (await signerFor(terminalId, 'not-a-real-credential-0000000000000000'));
      const signed = await signer.sign(method, url, body === undefined ? '' : (body as unknown as string));
      return app.inject({
        method,
        url,
        headers: { ...signed, 'tus-resumable': '1.0.0', ...(body ? { 'content-type': TUS_PATCH_CONTENT_TYPE } : {}), ...headers },
        ...(body ? { payload: body } : {}),
      });
    }
    const create = (terminalId: string, bytes: Buffer, mediaType = 'image/png', sha256 = hex(bytes), app = h.app) =>
      tus(terminalId, 'POST', ATTACHMENT_PATHS.uploads, { 'upload-length': String(bytes.length), 'upload-metadata': encodeUploadMetadata({ sha256, mediaType }) }, undefined, app);
    const patch = (terminalId: string, sha256: string, offset: number, chunk: Buffer, app = h.app) =>
      tus(terminalId, 'PATCH', ATTACHMENT_PATHS.upload(sha256), { 'upload-offset': String(offset) }, chunk, app);
    const head = (terminalId: string, sha256: string) => tus(terminalId, 'HEAD', ATTACHMENT_PATHS.upload(sha256), {});
    const adminGet = (sha256: string) => h.app.inject({ method: 'GET', url: ATTACHMENT_PATHS.admin(sha256), headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    const pushApp = (terminalId: string, doc: unknown) => h.asTerminal(terminalId, 'POST', '/v1/sync/applications/push', [{ newDocumentState: doc }]);
    const listAll = async () => (h.asAdmin('GET', '/v1/admin/applications').then((r) => (r.json() as { applications: unknown[] }).applications));

    it('OPTIONS tells any client the tus version, the extensions and the size limit, without authentication', async () => {
      for (const url of [ATTACHMENT_PATHS.uploads, ATTACHMENT_PATHS.upload('a'.repeat(64))]) {
        const res = await h.app.inject({ method: 'OPTIONS', url });
        expect(res.statusCode, url).toBe(204);
        expect(res.headers['tus-version']).toBe('1.0.0');
        expect(res.headers['tus-resumable']).toBe('1.0.0');
        expect(res.headers['tus-extension']).toBe('creation,termination');
        expect(res.headers['tus-max-size']).toBe(String(10 * 1024 * 1024));
      }
      // The limit it announces is the one it enforces.
      const small = createPlatformApp({ db: h.db, adminToken: TEST_ADMIN_TOKEN, maxAttachmentBytes: 5000 });
      await small.ready();
      try {
        const res = await small.inject({ method: 'OPTIONS', url: ATTACHMENT_PATHS.uploads });
        expect(res.headers['tus-max-size']).toBe('5000');
        const big = png(300);
        expect(big.length).toBeGreaterThan(5000);
        expect((await create(TERMINAL_A, big, 'image/png', hex(big), small)).statusCode).toBe(413);
      } finally {
        await small.close();
      }
      // A browser's CORS preflight is still answered as one.
      const preflight = await h.app.inject({
        method: 'OPTIONS',
        url: ATTACHMENT_PATHS.uploads,
        headers: { origin: 'http://127.0.0.1:7710', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers['access-control-allow-origin']).toBe('http://127.0.0.1:7710');
      // /openapi.json documents discovery and termination.
      const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, { description?: string }>> };
      expect(doc.paths['/v1/attachments/uploads']?.options?.description).toContain('Tus-Extension: creation,termination');
      expect(Object.keys(doc.paths['/v1/attachments/uploads/{sha256}'] ?? {})).toEqual(expect.arrayContaining(['patch', 'options', 'delete']));
    });

    it('DELETE terminates an unfinished upload (HEAD then 404, a new upload starts at 0); a stored attachment is never deleted', async () => {
      const bytes = png(150);
      const sha = hex(bytes);
      expect((await create(TERMINAL_A, bytes)).statusCode).toBe(201);
      expect((await patch(TERMINAL_A, sha, 0, bytes.subarray(0, 1000))).statusCode).toBe(204);
      // Another terminal cannot end it (uploads are per terminal): it has none.
      expect((await tus(TERMINAL_B, 'DELETE', ATTACHMENT_PATHS.upload(sha), {})).statusCode).toBe(404);
      expect((await head(TERMINAL_A, sha)).headers['upload-offset']).toBe('1000');
      const ended = await tus(TERMINAL_A, 'DELETE', ATTACHMENT_PATHS.upload(sha), {});
      expect(ended.statusCode).toBe(204);
      expect(ended.headers['tus-resumable']).toBe('1.0.0');
      expect((await head(TERMINAL_A, sha)).statusCode).toBe(404);
      expect((await tus(TERMINAL_A, 'DELETE', ATTACHMENT_PATHS.upload(sha), {})).statusCode).toBe(404);
      // Starting again begins at 0 and completes.
      const again = await create(TERMINAL_A, bytes);
      expect(again.headers['upload-offset']).toBe('0');
      expect((await patch(TERMINAL_A, sha, 0, bytes)).statusCode).toBe(204);
      const stored = await tus(TERMINAL_A, 'DELETE', ATTACHMENT_PATHS.upload(sha), {});
      expect(stored.statusCode).toBe(409);
      expect(stored.json()).toMatchObject({ error: 'upload_complete' });
      expect((await adminGet(sha)).statusCode).toBe(200);
      // Unsigned or without Tus-Resumable: refused.
      expect((await h.app.inject({ method: 'DELETE', url: ATTACHMENT_PATHS.upload(sha) })).statusCode).toBe(401);
    });

    it('an upload cut half-way resumes at the offset HEAD reports; the completed bytes are what operators read', async () => {
      const bytes = png(200);
      const sha = hex(bytes);
      expect(sha).toBe(await sha256Hex(bytes));
      const created = await create(TERMINAL_A, bytes);
      expect(created.statusCode).toBe(201);
      expect(created.headers.location).toBe(ATTACHMENT_PATHS.upload(sha));
      expect(created.headers['upload-offset']).toBe('0');
      expect(created.headers['tus-resumable']).toBe('1.0.0');

      const half = Math.floor(bytes.length / 2);
      expect((await patch(TERMINAL_A, sha, 0, bytes.subarray(0, half))).statusCode).toBe(204);
      // The connection dropped here; the terminal (perhaps restarted) asks where to go on.
      const state = await head(TERMINAL_A, sha);
      expect(state.statusCode).toBe(200);
      expect(state.headers['upload-offset']).toBe(String(half));
      expect(state.headers['upload-length']).toBe(String(bytes.length));
      // A retry of an already-applied chunk is refused with 409, not appended twice.
      const stale = await patch(TERMINAL_A, sha, 0, bytes.subarray(0, half));
      expect(stale.statusCode).toBe(409);
      expect(stale.json()).toMatchObject({ error: 'offset_mismatch' });
      expect(await adminGet(sha).then((r) => r.statusCode)).toBe(404);

      const done = await patch(TERMINAL_A, sha, half, bytes.subarray(half));
      expect(done.statusCode).toBe(204);
      expect(done.headers['upload-offset']).toBe(String(bytes.length));
      const got = await adminGet(sha);
      expect(got.statusCode).toBe(200);
      expect(got.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(got.rawPayload, bytes)).toBe(0);
      // Operators only.
      expect((await h.app.inject({ method: 'GET', url: ATTACHMENT_PATHS.admin(sha) })).statusCode).toBe(401);
    });

    it('bytes that do not hash to the declared SHA-256 are refused on the last byte and discarded', async () => {
      const bytes = png();
      const claimed = hex(png());
      expect((await create(TERMINAL_A, bytes, 'image/png', claimed)).statusCode).toBe(201);
      const res = await patch(TERMINAL_A, claimed, 0, bytes);
      expect(res.statusCode).toBe(460);
      expect(res.json()).toMatchObject({ error: 'hash_mismatch', field: 'sha256' });
      expect(res.json().message).toContain(hex(bytes));
      expect((await head(TERMINAL_A, claimed)).statusCode).toBe(404);
      expect((await adminGet(claimed)).statusCode).toBe(404);
    });

    it('over the size limit → 413 at creation (configurable limit)', async () => {
      const { db } = h;
      const small = createPlatformApp({ db, adminToken: TEST_ADMIN_TOKEN, maxAttachmentBytes: 1000 });
      await small.ready();
      try {
        const bytes = png(64);
        expect(bytes.length).toBeGreaterThan(1000);
        const res = await create(TERMINAL_A, bytes, 'image/png', hex(bytes), small);
        expect(res.statusCode).toBe(413);
        expect(res.json()).toMatchObject({ error: 'too_large', field: 'Upload-Length' });
        // A chunk past the declared length is refused too.
        const tiny = png(8);
        expect((await create(TERMINAL_A, tiny, 'image/png', hex(tiny), small)).statusCode).toBe(201);
        const over = await patch(TERMINAL_A, hex(tiny), 0, Buffer.concat([tiny, Buffer.from([0])]), small);
        expect(over.statusCode).toBe(413);
      } finally {
        await small.close();
      }
      const huge = await tus(TERMINAL_A, 'POST', ATTACHMENT_PATHS.uploads, {
        'upload-length': String(10 * 1024 * 1024 + 1),
        'upload-metadata': encodeUploadMetadata({ sha256: 'c'.repeat(64), mediaType: 'image/jpeg' }),
      });
      expect(huge.statusCode).toBe(413);
    });

    it('bytes that are not the declared image type (magic bytes) → 415 and discarded; other types are not even created', async () => {
      const pdf = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n');
      expect((await create(TERMINAL_A, pdf, 'image/png')).statusCode).toBe(201);
      const res = await patch(TERMINAL_A, hex(pdf), 0, pdf);
      expect(res.statusCode).toBe(415);
      expect(res.json()).toMatchObject({ error: 'unsupported_media_type' });
      expect((await head(TERMINAL_A, hex(pdf))).statusCode).toBe(404);

      // A PNG declared as JPEG is refused as well.
      const p = png();
      await create(TERMINAL_A, p, 'image/jpeg');
      expect((await patch(TERMINAL_A, hex(p), 0, p)).statusCode).toBe(415);

      const svg = await create(TERMINAL_A, pdf, 'image/svg+xml');
      expect(svg.statusCode).toBe(400);
      expect(svg.json().field).toBe('Upload-Metadata.mediaType');
    });

    it('unknown terminal, missing Tus-Resumable: refused before anything is stored', async () => {
      const bytes = png();
      const unknown = await create('T-NOBODY', bytes);
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json()).toMatchObject({ error: 'unknown_terminal' });
      const signed = await h.terminals[TERMINAL_A]!.sign('POST', ATTACHMENT_PATHS.uploads);
      const noTus = await h.app.inject({
        method: 'POST',
        url: ATTACHMENT_PATHS.uploads,
        headers: { ...signed, 'upload-length': String(bytes.length), 'upload-metadata': encodeUploadMetadata({ sha256: hex(bytes), mediaType: 'image/png' }) },
      });
      expect(noTus.statusCode).toBe(412);
      // A chunk whose body was altered after signing: the signature covers the bytes.
      await create(TERMINAL_A, bytes);
      const signedPatch = await h.terminals[TERMINAL_A]!.sign('PATCH', ATTACHMENT_PATHS.upload(hex(bytes)), bytes as unknown as string);
      const tampered = Buffer.from(bytes);
      tampered[40] = (tampered[40]! + 1) % 256;
      const res = await h.app.inject({
        method: 'PATCH',
        url: ATTACHMENT_PATHS.upload(hex(bytes)),
        headers: { ...signedPatch, 'tus-resumable': '1.0.0', 'content-type': TUS_PATCH_CONTENT_TYPE, 'upload-offset': '0' },
        payload: tampered,
      });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: 'bad_signature' });
      expect((await head(TERMINAL_A, hex(bytes))).headers['upload-offset']).toBe('0');
    });

    it('content-addressed: bytes already stored (from another terminal) complete at creation', async () => {
      const bytes = png();
      const sha = hex(bytes);
      await create(TERMINAL_A, bytes);
      await patch(TERMINAL_A, sha, 0, bytes);
      const again = await create(TERMINAL_B, bytes);
      expect(again.statusCode).toBe(201);
      expect(again.headers['upload-offset']).toBe(String(bytes.length));
      expect((await head(TERMINAL_B, sha)).headers['upload-offset']).toBe(String(bytes.length));
      // The same hash declared with another size is a mistake, said plainly.
      const wrong = await tus(TERMINAL_B, 'POST', ATTACHMENT_PATHS.uploads, {
        'upload-length': String(bytes.length + 1),
        'upload-metadata': encodeUploadMetadata({ sha256: sha, mediaType: 'image/png' }),
      });
      expect(wrong.statusCode).toBe(409);
      expect(wrong.json()).toMatchObject({ error: 'attachment_mismatch' });
    });

    it('a push referencing an attachment not yet complete is refused naming the hash; nothing is stored until it is', async () => {
      const bytes = png();
      const sha = hex(bytes);
      const ref: AttachmentRef = { sha256: sha, size: bytes.length, mediaType: 'image/png', kind: 'signature' };
      const other = makeApplication(TERMINAL_A);
      const doc = makeApplication(TERMINAL_A, { schemaVersion: 2, attachments: [ref] });

      const before = await h.asTerminal(TERMINAL_A, 'POST', '/v1/sync/applications/push', [{ newDocumentState: other }, { newDocumentState: doc }]);
      expect(before.statusCode).toBe(409);
      expect(before.json()).toMatchObject({ error: 'attachment_missing', field: 'attachments.0' });
      expect(before.json().message).toContain(sha);
      expect(before.json().message).toContain(doc.id);
      expect(await listAll()).toHaveLength(0);

      await create(TERMINAL_A, bytes);
      await patch(TERMINAL_A, sha, 0, bytes.subarray(0, 10));
      expect((await pushApp(TERMINAL_A, doc)).statusCode).toBe(409); // half uploaded is not uploaded

      await patch(TERMINAL_A, sha, 10, bytes.subarray(10));
      const wrongSize = await pushApp(TERMINAL_A, { ...doc, attachments: [{ ...ref, size: ref.size + 1 }] });
      expect(wrongSize.statusCode).toBe(409);
      expect(wrongSize.json()).toMatchObject({ error: 'attachment_mismatch' });

      const ok = await pushApp(TERMINAL_A, doc);
      expect(ok.statusCode).toBe(200);
      const stored = (await listAll()) as { application: { id: string; attachments: AttachmentRef[] } }[];
      expect(stored.map((s) => s.application.attachments)).toEqual([[ref]]);
      // A version-1 application (no attachments) is still accepted from a terminal not yet updated.
      expect((await pushApp(TERMINAL_A, makeApplication(TERMINAL_A, { schemaVersion: 1 }))).statusCode).toBe(200);
    });
  });
});
