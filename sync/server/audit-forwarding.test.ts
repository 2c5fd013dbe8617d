// The host's audit forwarder (main/host/audit-forwarder.ts) against a real platform on 127.0.0.1, reading a
// real audit log: every line arrives once, in order, across days, platform outages, lost acknowledgements
// and a host restart; the cursor only moves after the platform has acknowledged.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditForwarder, type AuditForwarder } from '../../main/host/audit-forwarder.js';
import { createAuditLog, type AuditLog } from '../../main/host/audit-log.js';
import { credentialSigner } from '../client/index.js';
import { AUDIT_PATHS, type AuditListEntry } from '../protocol/index.js';
import { ok } from '../protocol/result.js';
import { createPlatformApp } from './app.js';
import type { Database } from './db/types.js';
import { testBackends } from './testing/backends.js';
import { enrollForTest } from './testing/enrolled-terminal.js';
import { TEST_ADMIN_TOKEN } from './testing/fixtures.js';

const TERMINAL = 'T-AUDIT-0001';

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

describe.each(testBackends())('audit forwarding to the platform on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    let db: Database;
    let cleanupDb: () => Promise<void>;
    let platform: FastifyInstance | undefined;
    let port: number;
    let dir: string;
    let clock: Date;
    let log: AuditLog;
    let credential: string;

    beforeEach(async () => {
      ({ db, cleanup: cleanupDb } = await backend.open());
      ({ credential } = await enrollForTest(db, TERMINAL));
      port = await freePort();
      dir = mkdtempSync(join(tmpdir(), 'yc-audit-'));
      clock = new Date('2026-11-21T23:59:00.000Z');
      log = createAuditLog(dir, () => clock);
    });
    afterEach(async () => {
      await platform?.close();
      platform = undefined;
      await cleanupDb();
      rmSync(dir, { recursive: true, force: true });
    });

    const startPlatform = async (): Promise<void> => {
      platform = createPlatformApp({ db, adminToken: TEST_ADMIN_TOKEN });
      await platform.listen({ port, host: '127.0.0.1' });
    };
    const forwarder = (fetchImpl?: typeof fetch, batchSize = 500): AuditForwarder => {
      const sign = credentialSigner(TERMINAL, credential);
      return createAuditForwarder({
        dir: log.dir,
        platformUrl: `http://127.0.0.1:${port}`,
        sign: async (req) => ok(await sign({ ...req, method: req.method as 'GET' | 'POST' })),
        batchSize,
        log: () => undefined,
        ...(fetchImpl ? { fetch: fetchImpl } : {}),
      });
    };
    const onPlatform = async (): Promise<AuditListEntry[]> => {
      const res = await platform!.inject({ method: 'GET', url: `${AUDIT_PATHS.adminList}?limit=500`, headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
      return (res.json() as { events: AuditListEntry[] }).events;
    };
    const lines = (day: string): Record<string, unknown>[] =>
      readFileSync(join(log.dir, `${day}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

    it('sends every line once, in order across days, in batches, and the events are the log lines exactly', async () => {
      await startPlatform();
      log.record({ type: 'host.start', version: '1.0.0', terminalId: TERMINAL, profile: 'service_hall_kiosk', simulation: true });
      log.record({ type: 'card.present', deviceId: 'reader', cardType: 'resident', idNumberValid: true, expired: false });
      clock = new Date('2026-11-22T00:01:00.000Z');
      for (let i = 0; i < 5; i++) log.record({ type: 'print', applicationId: `app-${i}`, outcome: 'printed', lineCount: 12 });

      const outcome = await forwarder(undefined, 2).forwardNow();
      expect(outcome).toEqual({ ok: true, sent: 7 });
      const stored = await onPlatform();
      const logged = [...lines('2026-11-21'), ...lines('2026-11-22')];
      expect(stored).toHaveLength(7);
      expect(stored.map(({ event }) => ({ at: event.at, type: event.type, ...event.data }))).toEqual(logged);
      expect(stored.map((s) => s.event.id.slice(0, 10))).toEqual(['2026-11-21', '2026-11-21', ...Array(5).fill('2026-11-22')]);
      // Nothing new: nothing sent.
      expect(await forwarder().forwardNow()).toEqual({ ok: true, sent: 0 });
    });

    it('keeps its place while the platform is down and after a lost acknowledgement; a restarted host goes on from the cursor', async () => {
      log.record({ type: 'host.start', version: '1.0.0', terminalId: TERMINAL, profile: 'service_hall_kiosk', simulation: true });
      const down = await forwarder().forwardNow();
      expect(down).toMatchObject({ ok: false, sent: 0 });
      expect((down as { reason: string }).reason).toContain('unreachable');
      expect(forwarder().cursor()).toBeNull();

      await startPlatform();
      // The platform stores the batch, the answer never reaches the terminal.
      let cut = 0;
      const lossy: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        if (cut++ === 0) throw new TypeError('connection reset');
        return res;
      };
      expect(await forwarder(lossy).forwardNow()).toMatchObject({ ok: false });
      expect(forwarder().cursor()).toBeNull();
      expect(await onPlatform()).toHaveLength(1);

      log.record({ type: 'host.stop', reason: 'SIGTERM' });
      // A new forwarder (host restart) resends the unacknowledged batch: stored once.
      expect(await forwarder().forwardNow()).toEqual({ ok: true, sent: 2 });
      expect((await onPlatform()).map((e) => e.event.type)).toEqual(['host.start', 'host.stop']);
      expect(forwarder().cursor()).toMatchObject({ day: '2026-11-21' });
    });

    it('skips a damaged line (a crash mid-write) and waits for a line still being written', async () => {
      await startPlatform();
      log.record({ type: 'host.stop', reason: 'power' });
      appendFileSync(join(log.dir, '2026-11-21.jsonl'), '{"at":"2026-11-21T23:59:00.000Z","type":"dev\n');
      log.record({ type: 'host.start', version: '1.0.0', terminalId: TERMINAL, profile: 'service_hall_kiosk', simulation: true });
      appendFileSync(join(log.dir, '2026-11-21.jsonl'), '{"at":"2026-11-21T23:59:00.000Z","type":"card.removed","dev');
      expect(await forwarder().forwardNow()).toEqual({ ok: true, sent: 2 });
      appendFileSync(join(log.dir, '2026-11-21.jsonl'), 'iceId":"reader"}\n');
      expect(await forwarder().forwardNow()).toEqual({ ok: true, sent: 1 });
      expect((await onPlatform()).map((e) => e.event.type)).toEqual(['host.stop', 'host.start', 'card.removed']);
    });
  });
});
