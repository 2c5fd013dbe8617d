// sync/client against a real platform listening on 127.0.0.1, with RxDB's memory storage under the same
// encryption the terminal uses. It lives beside the server, not in sync/client, because the renderer's
// tsconfig type-checks sync/client without Node types and this test starts the (Node) platform.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema, type RxStorage } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { applicationMigrationStrategies, applicationRxSchema, catalogRxSchema, catalogMigrationStrategies, catalogItemSchema, reviewRxSchema, type ApplicationDoc } from '../protocol/index.js';
import { credentialSigner, startTerminalReplication, type ConnectivityState, type HeldApplication, type TerminalReplication } from '../client/index.js';
import { createAttachmentStore } from '../../main/host/attachment-store.js';
import { createAttachmentUploader } from '../../main/host/attachment-uploader.js';
import { ok } from '../protocol/result.js';
import { fieldEncryptedStorage } from '../../renderer/src/data/encrypted-storage.js';
import { createPlatformApp } from './app.js';
import type { Database } from './db/types.js';
import { setApplicationStatus } from './store/application-store.js';
import { publishCatalogItems } from './store/catalog-store.js';
import { testBackends } from './testing/backends.js';
import { enrollForTest } from './testing/enrolled-terminal.js';
import { makeApplication, makeCatalogItem, TEST_ADMIN_TOKEN } from './testing/fixtures.js';
import { syntheticPng } from './testing/synthetic-png.js';

// No dev-mode plugin: the shipped configuration is what is tested. Local documents as in the renderer
// (held applications live in one).
addRxPlugin(RxDBLocalDocumentsPlugin);
const TERMINAL = 'T-REPL-0001';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

let dbCounter = 0;
async function openTerminalDb(): Promise<{ rx: RxDatabase; catalog: RxCollection; applications: RxCollection; reviews: RxCollection }> {
  const rx = await createRxDatabase({
    name: `yc-repl-test-${process.pid}-${++dbCounter}`,
    // Validation catches any platform document that does not fit the terminal's schema.
    storage: wrappedValidateAjvStorage({ storage: fieldEncryptedStorage({ storage: getRxStorageMemory() as RxStorage<unknown, unknown> }) }),
    password: 'test-local-data-key',
    multiInstance: false,
    localDocuments: true,
  });
  const cols = await rx.addCollections({
    catalog: { schema: catalogRxSchema as unknown as RxJsonSchema<unknown>, migrationStrategies: catalogMigrationStrategies },
    applications: { schema: applicationRxSchema as unknown as RxJsonSchema<unknown>, migrationStrategies: applicationMigrationStrategies },
    reviews: { schema: reviewRxSchema as unknown as RxJsonSchema<unknown> },
  });
  return { rx, catalog: cols.catalog!, applications: cols.applications!, reviews: cols.reviews! };
}

/** The document as the terminal stores it (RxDB adds _deleted itself). */
function local(doc: ApplicationDoc): Omit<ApplicationDoc, '_deleted'> {
  const { _deleted: _ignored, ...rest } = doc;
  return rest;
}

describe.each(testBackends())('terminal replication against the platform on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    let db: Database;
    let cleanupDb: () => Promise<void>;
    let platform: FastifyInstance | undefined;
    let port: number;
    let terminal: Awaited<ReturnType<typeof openTerminalDb>>;
    let replication: TerminalReplication | undefined;
    let state: ConnectivityState;
    let credential: string;

    beforeEach(async () => {
      ({ db, cleanup: cleanupDb } = await backend.open());
      ({ credential } = await enrollForTest(db, TERMINAL));
      await publishCatalogItems(db, [catalogItemSchema.parse(makeCatalogItem('svc-a')), catalogItemSchema.parse(makeCatalogItem('svc-b'))]);
      port = await freePort();
      terminal = await openTerminalDb();
    });
    afterEach(async () => {
      await replication?.stop();
      replication = undefined;
      await terminal.rx.close();
      await platform?.close();
      platform = undefined;
      await cleanupDb();
    });

    const startPlatform = async (maxAttachmentBytes?: number): Promise<void> => {
      platform = createPlatformApp({ db, adminToken: TEST_ADMIN_TOKEN, ...(maxAttachmentBytes ? { maxAttachmentBytes } : {}) });
      await platform.listen({ port, host: '127.0.0.1' });
    };
    const stopPlatform = async (): Promise<void> => {
      await platform?.close();
      platform = undefined;
    };
    const startReplication = (
      fetchImpl?: typeof fetch,
      extra: Partial<Parameters<typeof startTerminalReplication>[0]> = {},
    ): TerminalReplication => {
      const r = startTerminalReplication({
        platformUrl: `http://127.0.0.1:${port}`,
        terminalId: TERMINAL,
        sign: credentialSigner(TERMINAL, credential),
        catalog: terminal.catalog,
        applications: terminal.applications,
        retry: { initialMs: 20, maxMs: 200 },
        pollIntervalMs: 100,
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
        ...extra,
      });
      r.state$.subscribe((s) => (state = s));
      replication = r;
      return r;
    };
    const stored = async (): Promise<ApplicationDoc[]> => {
      const r = await db.query<{ doc: ApplicationDoc }>('SELECT doc FROM applications ORDER BY seq');
      return r.rows.map((x) => x.doc);
    };
    const localDoc = async (id: string): Promise<ApplicationDoc> => {
      const d = await terminal.applications.findOne(id).exec();
      return d.toJSON() as ApplicationDoc;
    };
    const setStatus = async (id: string, status: string, note: string) => {
      const res = await platform!.inject({
        method: 'POST',
        url: `/v1/admin/applications/${id}/status`,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
        payload: { status, note },
      });
      expect(res.statusCode).toBe(200);
    };

    it('an application with attachments is pushed only once the platform holds them; uploads that fail hold the push back', async () => {
      await startPlatform();
      // The terminal host's store and uploader (main/host), signing like the host does.
      const dir = mkdtempSync(join(tmpdir(), 'yc-repl-att-'));
      const store = createAttachmentStore({ dataDir: dir, localDataKey: 'test-local-data-key' });
      const signer = credentialSigner(TERMINAL, credential);
      const uploader = createAttachmentUploader({
        platformUrl: `http://127.0.0.1:${port}`,
        store,
        sign: async (req) => ok(await signer(req as Parameters<typeof signer>[0])),
      });
      const png = syntheticPng(90);
      const blob = store.put(png, 'image/png');
      if (!blob.ok) throw new Error('put failed');
      let failures = 2;
      const calls: number[] = [];
      startReplication(undefined, {
        uploadAttachments: async (blobs) => {
          calls.push(blobs.length);
          if (failures-- > 0) throw new Error('offline: the host could not reach the platform');
          const r = await uploader.ensureUploaded(blobs);
          if (!r.ok) throw new Error(r.error.code);
        },
      });
      const doc = makeApplication(TERMINAL, { serviceId: 'svc-a', schemaVersion: 2, attachments: [{ ...blob.value, kind: 'signature' }] });
      await terminal.applications.insert(local(doc));
      await waitFor('the application on the platform', async () => (await stored()).length === 1);
      expect(calls.length).toBeGreaterThanOrEqual(3);
      expect((await stored())[0]!.attachments).toEqual([{ ...blob.value, kind: 'signature' }]);
      const got = await platform!.inject({ method: 'GET', url: `/v1/admin/attachments/${blob.value.sha256}`, headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
      expect(Buffer.compare(got.rawPayload, png)).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    });

    it('an attachment refused for good (over the limit) or gone holds only its application; staff resend it once the limit is raised, or hand it over', async () => {
      // The platform's limit was lowered below this terminal's: the big page can never go as it is.
      await startPlatform(3000);
      const dir = mkdtempSync(join(tmpdir(), 'yc-repl-att-held-'));
      const store = createAttachmentStore({ dataDir: dir, localDataKey: 'test-local-data-key' });
      const signer = credentialSigner(TERMINAL, credential);
      const uploader = createAttachmentUploader({
        platformUrl: `http://127.0.0.1:${port}`,
        store,
        sign: async (req) => ok(await signer(req as Parameters<typeof signer>[0])),
      });
      const big = store.put(syntheticPng(200), 'image/png');
      const small = store.put(syntheticPng(5), 'image/png');
      if (!big.ok || !small.ok) throw new Error('put failed');
      expect(big.value.size).toBeGreaterThan(3000);
      const uploadCalls: number[] = [];
      const heldReports: string[] = [];
      // The first push after the holds is cut: the retry must not upload or hold the held ones again.
      let cutPush = true;
      startReplication(async (input, init) => {
        if (cutPush && String(input).includes('/applications/push')) {
          cutPush = false;
          throw new TypeError('fetch failed: connection reset');
        }
        return fetch(input, init);
      }, {
        uploadAttachments: async (blobs) => {
          uploadCalls.push(blobs.length);
          const r = await uploader.ensureUploaded(blobs);
          if (!r.ok) throw new Error(r.error.code);
          return r.value;
        },
        onHeld: (h) => heldReports.push(`${h.id} ${h.status} ${h.code}`),
      });
      let held: readonly HeldApplication[] = [];
      replication!.held$.subscribe((h) => (held = h));
      const withBig = makeApplication(TERMINAL, { serviceId: 'svc-a', schemaVersion: 2, attachments: [{ ...big.value, kind: 'material-page', materialId: 'idCard' }], submittedAt: '2026-11-22T02:00:00.000Z' });
      const withSmall = makeApplication(TERMINAL, { serviceId: 'svc-a', schemaVersion: 2, attachments: [{ ...small.value, kind: 'signature' }], submittedAt: '2026-11-22T02:01:00.000Z' });
      const gone = { sha256: 'd'.repeat(64), size: 321, mediaType: 'image/png' as const };
      const withGone = makeApplication(TERMINAL, { serviceId: 'svc-a', schemaVersion: 2, attachments: [{ ...gone, kind: 'signature' }], submittedAt: '2026-11-22T02:02:00.000Z' });
      const plain = makeApplication(TERMINAL, { serviceId: 'svc-b', submittedAt: '2026-11-22T02:03:00.000Z' });
      // One push batch: only the two applications whose attachment cannot go are held; the others arrive.
      await terminal.applications.bulkInsert([withBig, withSmall, withGone, plain].map(local));
      await waitFor('two held, two received', async () => {
        const statuses = await Promise.all([withSmall, plain].map(async (d) => (await localDoc(d.id)).status));
        return statuses.every((x) => x === 'received') && held.length === 2 && state.held === 2 && state.waiting === 0;
      });
      expect((await stored()).map((d) => d.id).sort()).toEqual([withSmall.id, plain.id].sort());
      const byId = new Map(held.map((h) => [h.id, h]));
      expect(byId.get(withBig.id)).toMatchObject({ status: 413, code: 'attachment_too_large', attachmentSha256: big.value.sha256, field: 'attachments' });
      expect(byId.get(withBig.id)!.reason).toContain('limit of 3000');
      expect(byId.get(withGone.id)).toMatchObject({ status: 0, code: 'attachment_gone', attachmentSha256: gone.sha256 });
      expect(cutPush).toBe(false);
      expect(heldReports.sort()).toEqual([`${withBig.id} 413 attachment_too_large`, `${withGone.id} 0 attachment_gone`].sort());
      // Not retried forever: once held, the uploads stop.
      const callsAfterHold = uploadCalls.length;
      await new Promise((r) => setTimeout(r, 600));
      expect(uploadCalls.length).toBe(callsAfterHold);
      // Nothing deleted on the terminal: the documents and the bytes are still there.
      expect(await localDoc(withBig.id)).toMatchObject({ status: 'queued', applicant: withBig.applicant });
      expect(store.has(big.value.sha256)).toBe(true);

      // Resent before the cause is fixed: refused again, the newest reason, counted.
      const again = await replication!.resendHeld(withBig.id);
      expect(again).toMatchObject({ kind: 'held', held: { id: withBig.id, code: 'attachment_too_large', resent: 1 } });

      // The operator raises the limit; staff send it again: it arrives once, its status comes back, the mark goes.
      await stopPlatform();
      await startPlatform();
      expect(await replication!.resendHeld(withBig.id)).toEqual({ kind: 'sent' });
      await waitFor('received after the resend', async () => (await localDoc(withBig.id)).status === 'received' && held.length === 1 && state.held === 1);
      expect((await stored()).filter((d) => d.id === withBig.id)).toHaveLength(1);
      const got = await platform!.inject({ method: 'GET', url: `/v1/admin/attachments/${big.value.sha256}`, headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
      expect(got.statusCode).toBe(200);
      // Resending again is harmless (not held any more).
      expect(await replication!.resendHeld(withBig.id)).toEqual({ kind: 'not_held' });

      // The one whose bytes are gone is handed over to the counter: marked, still kept, never deleted.
      const handed = await replication!.handOverHeld(withGone.id);
      expect(handed).toMatchObject({ id: withGone.id, handedOverAt: expect.any(String) });
      await waitFor('hand-over shown', () => held.find((h) => h.id === withGone.id)?.handedOverAt !== undefined);
      expect(await localDoc(withGone.id)).toMatchObject({ status: 'queued', applicant: withGone.applicant });
      expect((await stored()).some((d) => d.id === withGone.id)).toBe(false);
      rmSync(dir, { recursive: true, force: true });
    });

    it('an application taken offline waits, arrives exactly once when the platform returns, and its status flows back', async () => {
      startReplication();
      const doc = makeApplication(TERMINAL);
      await terminal.applications.insert(local(doc));
      await waitFor('waiting=1 and offline', () => state?.waiting === 1 && state.online === false && state.lastError !== null);
      expect(state.oldestWaitingSince).toBe(doc.submittedAt);

      await startPlatform();
      replication!.kick();
      await waitFor('waiting back to 0', () => state.waiting === 0 && state.online);
      await replication!.awaitInSync();
      expect(state.lastError).toBeNull();
      expect(state.lastSyncAt).not.toBeNull();

      const onPlatform = await stored();
      expect(onPlatform.map((d) => [d.id, d.status])).toEqual([[doc.id, 'received']]);
      expect(onPlatform[0]!.applicant).toEqual(doc.applicant);
      expect((await localDoc(doc.id)).status).toBe('received');
      expect((await terminal.catalog.find().exec()).map((d) => d.get('id')).sort()).toEqual(['svc-a', 'svc-b']);

      await setStatus(doc.id, 'accepted', '已受理');
      await waitFor('accepted on the terminal', async () => (await localDoc(doc.id)).status === 'accepted');
      expect(await localDoc(doc.id)).toMatchObject({ statusNote: '已受理', applicant: doc.applicant, formData: doc.formData });

      // More kicks and polls never store it twice.
      replication!.kick();
      await new Promise((r) => setTimeout(r, 300));
      expect(await stored()).toHaveLength(1);
    });

    it('converges when the acknowledgement of a push is lost', async () => {
      await startPlatform();
      let dropped = 0;
      const lossy: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        // The platform has stored the push; the terminal never hears back.
        if (String(input).includes('/applications/push') && dropped === 0) {
          dropped++;
          throw new TypeError('connection reset');
        }
        return res;
      };
      startReplication(lossy);
      const doc = makeApplication(TERMINAL);
      await terminal.applications.insert(local(doc));
      await waitFor('waiting back to 0', () => state?.waiting === 0 && state.online && dropped === 1);
      await replication!.awaitInSync();
      expect(await stored()).toHaveLength(1);
      expect((await localDoc(doc.id)).status).toBe('received');
    });

    it('a conflict keeps the terminal content and takes the platform status', async () => {
      await startPlatform();
      startReplication();
      const doc = makeApplication(TERMINAL);
      await terminal.applications.insert(local(doc));
      await waitFor('received on the terminal', async () => (await localDoc(doc.id)).status === 'received');
      await replication!.stop();

      // While the terminal is cut off, the platform asks for a correction and the clerk edits the form locally.
      await setStatus(doc.id, 'correction_needed', '请补充联系电话');
      const d = await terminal.applications.findOne(doc.id).exec();
      await d.incrementalPatch({ formData: { ...doc.formData, phone: '13900000000' } });

      let conflictsSeen = 0;
      const counting: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        if (String(input).includes('/applications/push')) conflictsSeen += ((await res.clone().json()) as unknown[]).length;
        return res;
      };
      startReplication(counting);
      await waitFor('both sides agree', async () => {
        const [mine, theirs] = [await localDoc(doc.id), (await stored())[0]!];
        return mine.status === 'correction_needed' && theirs.formData.phone === '13900000000';
      });
      await replication!.awaitInSync();
      expect(await localDoc(doc.id)).toMatchObject({ status: 'correction_needed', statusNote: '请补充联系电话', formData: { phone: '13900000000' } });
      expect((await stored())[0]).toMatchObject({ status: 'correction_needed', formData: { phone: '13900000000' } });
      expect(await stored()).toHaveLength(1);
      expect(conflictsSeen).toBe(1);
    });

    it('reports a refused credential as offline with the reason, and stops cleanly', async () => {
      await startPlatform();
      const r = startTerminalReplication({
        platformUrl: `http://127.0.0.1:${port}/`,
        terminalId: TERMINAL,
        sign: credentialSigner(TERMINAL, 'not-the-right-credential-000000000000'),
        catalog: terminal.catalog,
        applications: terminal.applications,
        retry: { initialMs: 20, maxMs: 100 },
      });
      replication = r;
      r.state$.subscribe((s) => (state = s));
      await waitFor('bad_signature reported', () => state?.online === false && (state.lastError ?? '').includes('bad_signature'));
      await stopPlatform();
    });

    // Polling is as good as off in these tests (once a minute): only the live stream can be that quick.
    const livePolicy = { pollIntervalMs: 60_000, safetyPullMs: 60_000 };

    it('a pushed application is acknowledged on the terminal as soon as the push is answered, without a poll or the live stream', async () => {
      await startPlatform();
      startReplication(undefined, { ...livePolicy, live: false });
      await replication!.awaitInSync();
      const doc = makeApplication(TERMINAL);
      const insertedAt = Date.now();
      await terminal.applications.insert(local(doc));
      await waitFor('received on the terminal', async () => (await localDoc(doc.id)).status === 'received', 5_000);
      expect(Date.now() - insertedAt).toBeLessThan(5_000);
      expect(await stored()).toHaveLength(1);
    });

    it('the live stream brings an operator status change to the running terminal within a moment', async () => {
      await startPlatform();
      startReplication(undefined, livePolicy);
      const doc = makeApplication(TERMINAL);
      await terminal.applications.insert(local(doc));
      await waitFor('received on the terminal', async () => (await localDoc(doc.id)).status === 'received');
      await replication!.awaitInSync();

      const changedAt = Date.now();
      await setStatus(doc.id, 'in_progress', '办理中');
      await waitFor('in_progress on the terminal', async () => (await localDoc(doc.id)).status === 'in_progress', 2_000);
      expect(Date.now() - changedAt).toBeLessThan(2_000);
    });

    it('after a platform restart the stream reconnects and RESYNC brings what changed meanwhile', async () => {
      await startPlatform();
      startReplication(undefined, livePolicy);
      const doc = makeApplication(TERMINAL);
      await terminal.applications.insert(local(doc));
      await waitFor('received on the terminal', async () => (await localDoc(doc.id)).status === 'received');
      await replication!.awaitInSync();

      await stopPlatform();
      // The back office moves the application while no platform process serves terminals (no notice to anyone).
      await setApplicationStatus(db, doc.id, 'accepted', '已受理', 'operator');
      await startPlatform();
      // No kick and no poll (once a minute): only the stream's reconnection (backoff ≤ 200 ms) and its RESYNC.
      await waitFor('accepted on the terminal after the restart', async () => (await localDoc(doc.id)).status === 'accepted', 5_000);
    });

    it('pushes reviews once (idempotent on the id) and sends heartbeats the operator sees', async () => {
      await startPlatform();
      startReplication(undefined, {
        reviews: terminal.reviews,
        heartbeat: {
          intervalMs: 200,
          collect: async () => ({ version: '9.9.9-test', devices: [{ deviceId: 'printer', deviceClass: 'receipt-printer', status: 'paper_out' }] }),
        },
      });
      const review = {
        id: '0b7e3c1a-5d2f-4c3b-9a1e-2f4d6b8c0a11',
        serviceId: 'svc-a',
        terminalId: TERMINAL,
        level: 2,
        reasons: ['waiting_time'],
        text: '',
        createdAt: '2026-11-22T02:50:00.000Z',
        schemaVersion: 1,
      };
      await terminal.reviews.insert(review);
      const admin = async (url: string) =>
        (await platform!.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } })).json();
      await waitFor('review on the platform', async () => (await admin('/v1/admin/reviews')).reviews.length === 1);
      expect((await admin('/v1/admin/reviews')).reviews[0].review).toMatchObject({ id: review.id, level: 2, reasons: ['waiting_time'] });

      const waiting = makeApplication(TERMINAL);
      await replication!.stop();
      await terminal.applications.insert(local(waiting));
      startReplication(undefined, {
        live: false,
        heartbeat: { intervalMs: 100, collect: async () => ({ version: '9.9.9-test', devices: [] }) },
        fetch: async (input, init) =>
          String(input).includes('/applications/push') ? Promise.reject(new TypeError('push blocked for this test')) : fetch(input, init),
      });
      await waitFor('heartbeat with the queue', async () => {
        const t = (await admin('/v1/admin/terminals')).terminals.find((x: { id: string }) => x.id === TERMINAL);
        return t?.queueDepth === 1;
      });
      const listed = (await admin('/v1/admin/terminals')).terminals.find((x: { id: string }) => x.id === TERMINAL);
      expect(listed).toMatchObject({ enrolled: true, revoked: false, version: '9.9.9-test', queueDepth: 1, heldCount: 0, oldestWaitingAt: waiting.submittedAt });
      expect(listed.lastHeartbeatAt).not.toBeNull();
    });

    it('a document the platform refuses is held with its reason, and the queue behind it goes through', async () => {
      await startPlatform();
      const pushes: number[] = [];
      startReplication(async (input, init) => {
        const res = await fetch(input, init);
        if (String(input).includes('/applications/push')) pushes.push(res.status);
        return res;
      });
      let held: readonly HeldApplication[] = [];
      replication!.held$.subscribe((h) => (held = h));
      const before = makeApplication(TERMINAL, { submittedAt: '2026-11-22T01:00:00.000Z' });
      // The terminal's storage accepts it; the platform's schema refuses the check digit (e.g. an older client).
      const bad = makeApplication(TERMINAL, {
        submittedAt: '2026-11-22T01:01:00.000Z',
        applicant: { name: '测试', idNumber: '110105194912310020', cardType: 'resident' },
      });
      const after = Array.from({ length: 5 }, (_, i) => makeApplication(TERMINAL, { submittedAt: `2026-11-22T01:0${2 + i}:00.000Z` }));
      // All in one push batch: the platform refuses the whole batch because of one document.
      await terminal.applications.bulkInsert([before, bad, ...after].map(local));

      await waitFor('the good ones received and the bad one held', async () => {
        const statuses = await Promise.all([before, ...after].map(async (d) => (await localDoc(d.id)).status));
        return statuses.every((s) => s === 'received') && held.length === 1 && state.waiting === 0 && state.held === 1;
      });
      expect(pushes).toContain(400);
      expect(held[0]).toMatchObject({ id: bad.id, applicationNumber: bad.applicationNumber, status: 400, code: 'invalid_document', field: 'applicant.idNumber' });
      expect(held[0]!.reason).toContain('applicant.idNumber');
      // Nothing is deleted: the held application is still on the terminal, unchanged and unsent.
      expect(await localDoc(bad.id)).toMatchObject({ status: 'queued', applicant: bad.applicant });
      expect((await stored()).map((d) => d.id).sort()).toEqual([before, ...after].map((d) => d.id).sort());
      expect(state).toMatchObject({ online: true, waiting: 0, oldestWaitingSince: null, held: 1 });

      // A new application after it goes straight through, without sending the held one again.
      pushes.length = 0;
      const later = makeApplication(TERMINAL);
      await terminal.applications.insert(local(later));
      await waitFor('the later one received', async () => (await localDoc(later.id)).status === 'received');
      expect(pushes.every((s) => s === 200)).toBe(true);

      // The mark survives a restart of replication (it is stored, not in memory).
      await replication!.stop();
      startReplication();
      replication!.held$.subscribe((h) => (held = h));
      await waitFor('held again after restart', () => held.length === 1 && state?.held === 1 && state.waiting === 0);
    });
  });
});
