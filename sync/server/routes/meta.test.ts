import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPlatformApp } from '../app.js';
import { testBackends } from '../testing/backends.js';
import { TEST_ADMIN_TOKEN } from '../testing/fixtures.js';
import type { Database } from '../db/types.js';
import type { FastifyInstance } from 'fastify';

describe.each(testBackends())('platform meta routes on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    let db: Database;
    let cleanup: () => Promise<void>;
    let app: FastifyInstance;
    const routes: { method: string; url: string }[] = [];

    beforeEach(async () => {
      ({ db, cleanup } = await backend.open());
      app = createPlatformApp({ db, adminToken: TEST_ADMIN_TOKEN, corsOrigins: ['https://ops.example.gov.cn'] });
      routes.length = 0;
      app.addHook('onRoute', (r) => {
        for (const m of [r.method].flat()) routes.push({ method: m, url: r.url });
      });
      await app.ready();
    });
    afterEach(async () => {
      await app.close();
      await cleanup();
    });

    it('GET /health reports the backend and version', async () => {
      const res = await app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ok', db: backend.name, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    });

    it('GET /openapi.json documents every route', async () => {
      const res = await app.inject({ method: 'GET', url: '/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
      expect(doc.openapi).toMatch(/^3\./);
      const own = routes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');
      expect(own.length).toBeGreaterThanOrEqual(9);
      for (const r of own) {
        const path = r.url.replace(/:(\w+)/g, '{$1}');
        expect(doc.paths[path]?.[r.method.toLowerCase()], `${r.method} ${r.url}`).toBeDefined();
      }
    });

    it('allows loopback and configured browser origins, not others', async () => {
      const preflight = (origin: string) =>
        app.inject({
          method: 'OPTIONS',
          url: '/v1/sync/applications/push',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-yichuang-terminal' },
        });
      for (const origin of ['http://127.0.0.1:7710', 'http://localhost:5173', 'app://yichuang', 'https://ops.example.gov.cn']) {
        expect((await preflight(origin)).headers['access-control-allow-origin']).toBe(origin);
      }
      expect((await preflight('https://evil.example.com')).headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers unknown routes with a PlatformErrorBody', async () => {
      const res = await app.inject({ method: 'GET', url: '/nope?x=1' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: 'not_found', message: 'no route GET /nope' });
    });

    it('answers malformed JSON with 400 and a PlatformErrorBody', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/admin/catalog',
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
        payload: '{"items": [',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'bad_request' });
    });
  });
});
