import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { identityKeySetSchema, IDENTITY_QR_PATHS, residentIdCheckChar, verifyIdentityQr, type IdentityPublicKey } from '../../protocol/index.js';
import { createPlatformApp } from '../app.js';
import type { Database } from '../db/types.js';
import { testBackends } from '../testing/backends.js';
import { TEST_ADMIN_TOKEN } from '../testing/fixtures.js';

const ID = '11010519491231002' + residentIdCheckChar('11010519491231002');
const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

describe.each(testBackends())('identity QR routes on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    let db: Database;
    let cleanup: () => Promise<void>;
    let app: FastifyInstance;

    beforeEach(async () => {
      ({ db, cleanup } = await backend.open());
      app = createPlatformApp({ db, adminToken: TEST_ADMIN_TOKEN });
      await app.ready();
    });
    afterEach(async () => {
      await app.close();
      await cleanup();
    });

    const keys = async (): Promise<IdentityPublicKey[]> => {
      const res = await app.inject({ method: 'GET', url: IDENTITY_QR_PATHS.keys });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toMatch(/public, max-age=\d+/);
      return identityKeySetSchema.parse(res.json()).keys;
    };
    const issue = (body: unknown, headers: Record<string, string> = admin) =>
      app.inject({ method: 'POST', url: IDENTITY_QR_PATHS.issue, headers, payload: body as object });

    it('publishes one stable key without auth; an issued QR verifies offline against it', async () => {
      const first = await keys();
      expect(first).toHaveLength(1);
      expect(await keys()).toEqual(first);
      const res = await issue({ name: '测试乙', idNumber: ID.toLowerCase(), ttlSeconds: 60 });
      expect(res.statusCode).toBe(201);
      const { text, kid, expiresAt } = res.json() as { text: string; kid: string; expiresAt: string };
      expect(kid).toBe(first[0]!.kid);
      const verified = await verifyIdentityQr(text, { keys: first, now: new Date() });
      expect(verified).toEqual({ ok: true, value: expect.objectContaining({ name: '测试乙', idNumber: ID, cardType: 'resident', expiresAt }) });
    });

    it('issuing needs the operator token and a valid person; errors name the field, not the value', async () => {
      expect((await issue({ name: '测试乙', idNumber: ID }, {})).statusCode).toBe(401);
      const bad = await issue({ name: '测试乙', idNumber: ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0') });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ field: 'idNumber' });
      expect(bad.body).not.toContain(ID.slice(0, 17));
      expect((await issue({ name: '测试乙', idNumber: ID, ttlSeconds: 3600 })).statusCode).toBe(400);
      expect((await issue({ name: '测试乙', idNumber: ID, extra: 1 })).statusCode).toBe(400);
    });

    it('rotation: the new key signs, the old key stays published so QRs already shown still verify', async () => {
      const before = await keys();
      const old = (await issue({ name: '测试乙', idNumber: ID })).json() as { text: string };
      const rot = await app.inject({ method: 'POST', url: IDENTITY_QR_PATHS.rotate, headers: admin });
      expect(rot.statusCode).toBe(200);
      const after = await keys();
      expect(after.map((k) => k.kid)).toEqual([(rot.json() as { kid: string }).kid, before[0]!.kid]);
      const fresh = (await issue({ name: '测试乙', idNumber: ID })).json() as { text: string; kid: string };
      expect(fresh.kid).not.toBe(before[0]!.kid);
      expect((await verifyIdentityQr(old.text, { keys: after, now: new Date() })).ok).toBe(true);
      expect((await verifyIdentityQr(fresh.text, { keys: before, now: new Date() })).ok).toBe(false);
      expect((await app.inject({ method: 'POST', url: IDENTITY_QR_PATHS.rotate })).statusCode).toBe(401);
    });

    it('the routes are in /openapi.json', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
      expect(doc.paths[IDENTITY_QR_PATHS.keys]?.get).toBeDefined();
      expect(doc.paths[IDENTITY_QR_PATHS.issue]?.post).toBeDefined();
      expect(doc.paths[IDENTITY_QR_PATHS.rotate]?.post).toBeDefined();
    });
  });
});
