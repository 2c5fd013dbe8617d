// Operator-set terminal settings: default + per-terminal override, validated; each terminal pulls its own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TERMINAL_SETTINGS_PATHS, type TerminalSettingsResponse } from '../../protocol/index.js';
import { testBackends } from '../testing/backends.js';
import { TEST_ADMIN_TOKEN } from '../testing/fixtures.js';
import { openHarness, TERMINAL_A, TERMINAL_B, type Harness } from '../testing/platform-harness.js';

describe.each(testBackends())('terminal settings on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await openHarness(backend);
    });
    afterEach(async () => {
      await h.close();
    });

    const put = (scope: string, body: unknown) =>
      h.app.inject({ method: 'PUT', url: TERMINAL_SETTINGS_PATHS.admin(scope), headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, payload: body as object });
    const pulled = async (terminalId: string): Promise<TerminalSettingsResponse> => {
      const res = await h.asTerminal(terminalId, 'GET', TERMINAL_SETTINGS_PATHS.pull);
      expect(res.statusCode).toBe(200);
      return res.json() as TerminalSettingsResponse;
    };

    it('a terminal gets the default with its own settings on top; nothing set means nothing sent', async () => {
      expect(await pulled(TERMINAL_A)).toEqual({ settings: {}, updatedAt: null });
      expect((await put('default', { idleTimeoutSeconds: 90, offlineMaxQueued: 300 })).statusCode).toBe(200);
      expect((await put(TERMINAL_A, { offlineMaxQueued: 20, purgeRetentionHours: 48 })).statusCode).toBe(200);
      expect((await pulled(TERMINAL_A)).settings).toEqual({ idleTimeoutSeconds: 90, offlineMaxQueued: 20, purgeRetentionHours: 48 });
      expect((await pulled(TERMINAL_B)).settings).toEqual({ idleTimeoutSeconds: 90, offlineMaxQueued: 300 });
      expect((await pulled(TERMINAL_A)).updatedAt).not.toBeNull();

      // A PUT replaces the scope whole: what is left out follows the default again.
      await put(TERMINAL_A, { purgeRetentionHours: 12 });
      expect((await pulled(TERMINAL_A)).settings).toEqual({ idleTimeoutSeconds: 90, offlineMaxQueued: 300, purgeRetentionHours: 12 });

      const list = await h.asAdmin('GET', TERMINAL_SETTINGS_PATHS.adminList);
      expect((list.json() as { settings: { scope: string }[] }).settings.map((s) => s.scope)).toEqual(['default', TERMINAL_A]);
    });

    it('refuses a bad value or an unknown field with 400 naming it, and keeps what was there', async () => {
      await put('default', { idleTimeoutSeconds: 90 });
      const bad = await put('default', { idleTimeoutSeconds: 5 });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ field: 'idleTimeoutSeconds' });
      expect((await put('default', { idleTimeout: 60 })).statusCode).toBe(400);
      expect((await put('no spaces allowed', {})).statusCode).toBe(400);
      expect((await pulled(TERMINAL_A)).settings).toEqual({ idleTimeoutSeconds: 90 });
    });

    it('needs the operator token to set and a signed terminal to pull', async () => {
      expect((await h.app.inject({ method: 'PUT', url: TERMINAL_SETTINGS_PATHS.admin('default'), payload: {} })).statusCode).toBe(401);
      expect((await h.app.inject({ method: 'GET', url: TERMINAL_SETTINGS_PATHS.pull })).statusCode).toBe(401);
    });
  });
});
