// Enrolling again with a code staff type in (main/host/platform-identity.ts enrollWithCode, behind
// TerminalApi.enrollTerminal), against a real platform: after a revocation and after the platform lost the
// terminal, a bad code keeps the old credential, a new code brings the terminal back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPlatformIdentity, type PlatformIdentity } from '../../main/host/platform-identity.js';
import { EMPTY_BODY_SHA256, SYNC_PATHS } from '../protocol/index.js';
import { createPlatformApp } from './app.js';
import { createEnrollmentCode } from './auth/enrollment.js';
import type { Database } from './db/types.js';
import { testBackends } from './testing/backends.js';
import { TEST_ADMIN_TOKEN } from './testing/fixtures.js';

const TERMINAL = 'T-REENROL-01';

describe.each(testBackends())('enrolling again with a new code on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    const opened: { db: Database; cleanup(): Promise<void> }[] = [];
    let platform: FastifyInstance | undefined;
    let base: string;
    let dir: string;
    let identity: PlatformIdentity;

    const startPlatform = async (db: Database, port = 0): Promise<void> => {
      platform = createPlatformApp({ db, adminToken: TEST_ADMIN_TOKEN });
      await platform.listen({ port, host: '127.0.0.1' });
      const a = platform.server.address();
      base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    };
    /** A signed pull, as replication sends it: the platform's answer status and error code. */
    const pullStatus = async (): Promise<[number, string | undefined]> => {
      const url = `${base}${SYNC_PATHS.pull('catalog')}?checkpoint=0&limit=1`;
      const signed = await identity.sign({ method: 'GET', url, bodySha256: EMPTY_BODY_SHA256 });
      if (!signed.ok) throw new Error(signed.error.code);
      const res = await fetch(url, { headers: signed.value });
      return [res.status, res.ok ? undefined : ((await res.json()) as { error: string }).error];
    };

    beforeEach(async () => {
      opened.push(await backend.open());
      await startPlatform(opened[0]!.db);
      dir = mkdtempSync(join(tmpdir(), 'yc-reenrol-'));
      const { code } = await createEnrollmentCode(opened[0]!.db, TERMINAL, 60);
      identity = createPlatformIdentity({ dataDir: dir, terminalId: TERMINAL, platformUrl: base, enrollmentCode: code, publicInfo: { version: 't', profile: 'p' }, log: () => undefined });
      identity.start();
      await identity.whenEnrolled();
      expect(await pullStatus()).toEqual([200, undefined]);
    });
    afterEach(async () => {
      identity.stop();
      await platform?.close();
      for (const o of opened.splice(0)) await o.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('after a revocation: a wrong code is refused and changes nothing, a new code brings it back', async () => {
      const revoke = await platform!.inject({ method: 'POST', url: `/v1/admin/terminals/${TERMINAL}/revoke`, headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
      expect(revoke.statusCode).toBe(200);
      expect(await pullStatus()).toEqual([401, 'revoked']);

      const wrong = await identity.enrollWithCode('XXXX-XXXX-XXXX-XXXX');
      expect(wrong).toMatchObject({ ok: false, error: { code: 'enrollment_refused' } });
      expect(!wrong.ok && wrong.error.message.zh).toContain('登记码');
      expect(await pullStatus()).toEqual([401, 'revoked']);

      const { code } = await createEnrollmentCode(opened[0]!.db, TERMINAL, 60);
      expect(await identity.enrollWithCode(code)).toMatchObject({ ok: true, value: { enrolledAt: expect.any(String) } });
      expect(await pullStatus()).toEqual([200, undefined]);
    });

    it('after the platform lost the terminal (unknown_terminal), and while it is unreachable', async () => {
      // The platform comes back on the same address with an empty database.
      const port = Number(new URL(base).port);
      await platform!.close();
      expect(await identity.enrollWithCode('XXXX-XXXX-XXXX-XXXX')).toMatchObject({ ok: false, error: { code: 'platform_unreachable' } });
      opened.push(await backend.open());
      await startPlatform(opened[1]!.db, port);
      expect(await pullStatus()).toEqual([401, 'unknown_terminal']);

      const { code } = await createEnrollmentCode(opened[1]!.db, TERMINAL, 60);
      expect((await identity.enrollWithCode(code)).ok).toBe(true);
      expect(await pullStatus()).toEqual([200, undefined]);
    });
  });
});
