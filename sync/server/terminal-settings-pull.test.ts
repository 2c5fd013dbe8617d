// The host pulling operator settings (main/host/terminal-settings.ts) from a real platform on 127.0.0.1:
// applied over kiosk-config, a bad value refused field by field with a log line, the last good settings kept
// on disk for a restart while offline.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTerminalSettings, type EffectiveSettings, type TerminalSettingsSource } from '../../main/host/terminal-settings.js';
import { credentialSigner } from '../client/index.js';
import { TERMINAL_SETTINGS_PATHS } from '../protocol/index.js';
import { ok } from '../protocol/result.js';
import { createPlatformApp } from './app.js';
import type { Database } from './db/types.js';
import { testBackends } from './testing/backends.js';
import { enrollForTest } from './testing/enrolled-terminal.js';
import { TEST_ADMIN_TOKEN } from './testing/fixtures.js';

const TERMINAL = 'T-SET-0001';
const LOCAL: EffectiveSettings = { idleTimeoutSeconds: 120, offlineLimits: { maxQueued: 500, maxOldestAgeMinutes: 4320 }, purgeRetentionHours: 24 };

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

describe.each(testBackends())('terminal settings pulled from the platform on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    let db: Database;
    let cleanupDb: () => Promise<void>;
    let platform: FastifyInstance | undefined;
    let port: number;
    let dir: string;
    let credential: string;
    let logged: string[];
    let changes: EffectiveSettings[];

    beforeEach(async () => {
      ({ db, cleanup: cleanupDb } = await backend.open());
      ({ credential } = await enrollForTest(db, TERMINAL));
      port = await freePort();
      dir = mkdtempSync(join(tmpdir(), 'yc-settings-'));
      logged = [];
      changes = [];
      platform = createPlatformApp({ db, adminToken: TEST_ADMIN_TOKEN });
      await platform.listen({ port, host: '127.0.0.1' });
    });
    afterEach(async () => {
      await platform?.close();
      platform = undefined;
      await cleanupDb();
      rmSync(dir, { recursive: true, force: true });
    });

    const source = (): TerminalSettingsSource => {
      const sign = credentialSigner(TERMINAL, credential);
      return createTerminalSettings({
        dataDir: dir,
        platformUrl: `http://127.0.0.1:${port}`,
        local: LOCAL,
        sign: async (req) => ok(await sign({ ...req, method: req.method as 'GET' | 'POST' })),
        log: (m) => logged.push(m),
        onChange: (s) => changes.push(s),
      });
    };
    const put = async (scope: string, body: object) => {
      const res = await platform!.inject({ method: 'PUT', url: TERMINAL_SETTINGS_PATHS.admin(scope), headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, payload: body });
      expect(res.statusCode).toBe(200);
    };

    it('applies what the operator set over kiosk-config, tells once per change, and goes back when it is removed', async () => {
      const s = source();
      expect(await s.refresh()).toEqual({ ok: true, value: false });
      expect(s.current()).toEqual(LOCAL);

      await put('default', { idleTimeoutSeconds: 60, purgeRetentionHours: 6 });
      await put(TERMINAL, { offlineMaxQueued: 25 });
      expect(await s.refresh()).toEqual({ ok: true, value: true });
      const applied = { idleTimeoutSeconds: 60, offlineLimits: { maxQueued: 25, maxOldestAgeMinutes: 4320 }, purgeRetentionHours: 6 };
      expect(s.current()).toEqual(applied);
      expect(await s.refresh()).toEqual({ ok: true, value: false });
      expect(changes).toEqual([applied]);

      await put('default', {});
      await put(TERMINAL, {});
      await s.refresh();
      expect(s.current()).toEqual(LOCAL);
    });

    it('refuses a value it cannot accept with a log line naming the field, keeps the local one, takes the rest', async () => {
      // A platform whose rules differ from this terminal's (e.g. a newer release) stored these.
      await db.query(`INSERT INTO terminal_settings (scope, settings) VALUES ('default', $1::jsonb)`, [
        JSON.stringify({ idleTimeoutSeconds: 3, offlineMaxQueued: 40, screenBrightness: 80 }),
      ]);
      const s = source();
      await s.refresh();
      expect(s.current()).toEqual({ ...LOCAL, offlineLimits: { maxQueued: 40, maxOldestAgeMinutes: 4320 } });
      const said = logged.join('\n');
      expect(said).toContain('kept the local value of');
      expect(said).toMatch(/idleTimeoutSeconds \(Too small[^)]*15\)/);
      expect(said).toContain('screenBrightness (not a setting this terminal knows)');
    });

    it('keeps the last good settings on disk: a restart while the platform is down still uses them', async () => {
      await put(TERMINAL, { idleTimeoutSeconds: 300 });
      await source().refresh();
      await platform!.close();
      platform = undefined;

      const restarted = source();
      expect(restarted.current().idleTimeoutSeconds).toBe(300);
      const failed = await restarted.refresh();
      expect(failed.ok).toBe(false);
      expect(restarted.current().idleTimeoutSeconds).toBe(300);
    });
  });
});
