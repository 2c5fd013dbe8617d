import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TERMINAL_ID_HEADER, TERMINAL_KEY_HEADER } from '../../protocol/index.js';
import { testBackends } from '../testing/backends.js';
import { makeApplication } from '../testing/fixtures.js';
import { openHarness, TERMINAL_A, type Harness } from '../testing/platform-harness.js';

describe.each(testBackends())('terminal authentication on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await openHarness(backend);
    });
    afterEach(async () => {
      await h.close();
    });

    it.each([
      ['GET', '/v1/sync/catalog/pull'],
      ['GET', '/v1/sync/applications/pull'],
      ['POST', '/v1/sync/applications/push'],
    ] as const)('%s %s: unknown terminal → 401 unknown_terminal, bad key → 401 bad_credential', async (method, url) => {
      const body = method === 'POST' ? [{ newDocumentState: makeApplication('T-NOBODY') }] : undefined;
      const unknown = await h.asTerminal('T-NOBODY', method, url, body);
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json()).toMatchObject({ error: 'unknown_terminal' });
      const badKey = await h.asTerminal(TERMINAL_A, method, url, body, 'not-the-right-key-000');
      expect(badKey.statusCode).toBe(401);
      expect(badKey.json()).toMatchObject({ error: 'bad_credential' });
    });

    it('missing headers → 401 unknown_terminal', async () => {
      const res = await h.app.inject({ method: 'GET', url: '/v1/sync/catalog/pull' });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: 'unknown_terminal' });
    });

    it('nothing is stored for a push that fails authentication', async () => {
      await h.asTerminal(TERMINAL_A, 'POST', '/v1/sync/applications/push', [{ newDocumentState: makeApplication(TERMINAL_A) }], 'wrong-key-00000000');
      const list = await h.asAdmin('GET', '/v1/admin/applications');
      expect(list.json()).toEqual({ applications: [] });
    });

    it('an operator registers a terminal, which can then call the platform', async () => {
      const reg = await h.asAdmin('POST', '/v1/admin/terminals', { id: 'T-NEW-0001', key: 'a-new-terminal-key-123' });
      expect(reg.statusCode).toBe(201);
      const res = await h.app.inject({
        method: 'GET',
        url: '/v1/sync/catalog/pull',
        headers: { [TERMINAL_ID_HEADER]: 'T-NEW-0001', [TERMINAL_KEY_HEADER]: 'a-new-terminal-key-123' },
      });
      expect(res.statusCode).toBe(200);
      const weak = await h.asAdmin('POST', '/v1/admin/terminals', { id: 'T-NEW-0002', key: 'short' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json()).toMatchObject({ field: 'key' });
    });
  });
});
