import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveSigningKey, NONCE_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, type SignedRequestHeaders } from '../../protocol/index.js';
import { createPlatformApp } from '../app.js';
import { testBackends } from '../testing/backends.js';
import { signerFor } from '../testing/enrolled-terminal.js';
import { makeApplication, TEST_ADMIN_TOKEN } from '../testing/fixtures.js';
import { openHarness, TERMINAL_A, TERMINAL_B, type Harness } from '../testing/platform-harness.js';
import { lastSeenSettled } from './last-seen.js';
import { claimNonces, verifySignedRequest } from './terminal-auth.js';
import { TERMINAL_KEY_TTL_MS } from './terminal-key-cache.js';

const PUSH = '/v1/sync/applications/push';
const PULL = '/v1/sync/catalog/pull?checkpoint=0&limit=10';

describe.each(testBackends())('terminal enrolment and signed requests on $name', (backend) => {
  describe.skipIf(!backend.available)('', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await openHarness(backend);
    });
    afterEach(async () => {
      await h.close();
    });

    const send = (method: 'GET' | 'POST', url: string, headers: SignedRequestHeaders, payload?: string) =>
      h.app.inject({ method, url, headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' }, ...(payload === undefined ? {} : { payload }) });
    const reason = (res: { statusCode: number; json(): unknown }) => [res.statusCode, (res.json() as { error: string }).error];
    const stored = async () => (await h.db.query('SELECT id FROM applications')).rows.length;

    it('enrol with a one-time code → signed push works; the same request replayed is refused', async () => {
      const code = await h.asAdmin('POST', '/v1/admin/enrollment-codes', { terminalId: 'T-NEW-0001', ttlMinutes: 10 });
      expect(code.statusCode).toBe(201);
      const { code: enrolmentCode } = code.json() as { code: string };
      expect(enrolmentCode).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){4}$/);

      const enrol = await h.app.inject({ method: 'POST', url: '/v1/terminals/enroll', payload: { code: enrolmentCode, terminalId: 'T-NEW-0001', publicInfo: { version: '1.0.0' } } });
      expect(enrol.statusCode).toBe(200);
      expect(enrol.headers['cache-control']).toBe('no-store');
      const { credential } = enrol.json() as { credential: string };
      // Only a derived key is stored, never the credential.
      const row = (await h.db.query<{ signing_key: string }>('SELECT signing_key FROM terminals WHERE id = $1', ['T-NEW-0001'])).rows[0]!;
      expect(row.signing_key).not.toContain(credential);
      expect(JSON.stringify((await h.db.query('SELECT * FROM terminals')).rows)).not.toContain(credential);

      const terminal = await signerFor('T-NEW-0001', credential);
      const body = JSON.stringify([{ newDocumentState: makeApplication('T-NEW-0001') }]);
      const headers = await terminal.sign('POST', PUSH, body);
      const first = await send('POST', PUSH, headers, body);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual([]);
      const replay = await send('POST', PUSH, headers, body);
      expect(reason(replay)).toEqual([401, 'replayed_nonce']);
      expect(await stored()).toBe(1);

      const again = await h.app.inject({ method: 'POST', url: '/v1/terminals/enroll', payload: { code: enrolmentCode, terminalId: 'T-NEW-0001' } });
      expect(reason(again)).toEqual([409, 'code_used']);
      const elsewhere = await h.app.inject({ method: 'POST', url: '/v1/terminals/enroll', payload: { code: enrolmentCode, terminalId: 'T-OTHER-01' } });
      expect(reason(elsewhere)).toEqual([401, 'invalid_code']);
    });

    it('an expired code is refused', async () => {
      await h.asAdmin('POST', '/v1/admin/enrollment-codes', { terminalId: 'T-LATE-0001' });
      const { code } = (await h.asAdmin('POST', '/v1/admin/enrollment-codes', { terminalId: 'T-LATE-0001', ttlMinutes: 1 })).json() as { code: string };
      await h.db.query("UPDATE enrollment_codes SET expires_at = now() - interval '1 second'");
      const res = await h.app.inject({ method: 'POST', url: '/v1/terminals/enroll', payload: { code, terminalId: 'T-LATE-0001' } });
      expect(reason(res)).toEqual([401, 'code_expired']);
      expect(res.json()).toMatchObject({ field: 'code' });
    });

    it('enrolment codes need the operator token', async () => {
      const res = await h.app.inject({ method: 'POST', url: '/v1/admin/enrollment-codes', payload: { terminalId: 'T-X-0001' } });
      expect(res.statusCode).toBe(401);
      const bad = await h.asAdmin('POST', '/v1/admin/enrollment-codes', { terminalId: 'bad id!' });
      expect(reason(bad)).toEqual([400, 'invalid_request']);
      expect(bad.json()).toMatchObject({ field: 'terminalId' });
    });

    it('unknown_terminal: an id the platform never enrolled, or no id at all', async () => {
      expect(reason(await h.asTerminal('T-NOBODY', 'GET', PULL))).toEqual([401, 'unknown_terminal']);
      expect(reason(await h.app.inject({ method: 'GET', url: PULL }))).toEqual([401, 'unknown_terminal']);
      // A code was created but never used: listed, not enrolled, still unknown to signed requests.
      await h.asAdmin('POST', '/v1/admin/enrollment-codes', { terminalId: 'T-PENDING-1' });
      expect(reason(await h.asTerminal('T-PENDING-1', 'GET', PULL))).toEqual([401, 'unknown_terminal']);
    });

    it('revoked: refused at once after the operator revokes; a new code enrols it again', async () => {
      expect((await h.asTerminal(TERMINAL_A, 'GET', PULL)).statusCode).toBe(200);
      const rev = await h.asAdmin('POST', `/v1/admin/terminals/${TERMINAL_A}/revoke`);
      expect(rev.statusCode).toBe(200);
      expect(reason(await h.asTerminal(TERMINAL_A, 'GET', PULL))).toEqual([401, 'revoked']);
      const body = [{ newDocumentState: makeApplication(TERMINAL_A) }];
      expect(reason(await h.asTerminal(TERMINAL_A, 'POST', PUSH, body))).toEqual([401, 'revoked']);
      expect(await stored()).toBe(0);
      const list = (await h.asAdmin('GET', '/v1/admin/terminals')).json() as { terminals: { id: string; revoked: boolean; enrolled: boolean }[] };
      expect(list.terminals.find((t) => t.id === TERMINAL_A)).toMatchObject({ enrolled: true, revoked: true });
      expect(reason(await h.asAdmin('POST', '/v1/admin/terminals/T-NOBODY/revoke'))).toEqual([404, 'unknown_terminal']);

      const { code } = (await h.asAdmin('POST', '/v1/admin/enrollment-codes', { terminalId: TERMINAL_A })).json() as { code: string };
      const enrol = await h.app.inject({ method: 'POST', url: '/v1/terminals/enroll', payload: { code, terminalId: TERMINAL_A } });
      const fresh = await signerFor(TERMINAL_A, (enrol.json() as { credential: string }).credential);
      const headers = await fresh.sign('GET', PULL);
      expect((await send('GET', PULL, headers)).statusCode).toBe(200);
      // The old credential stays dead.
      expect(reason(await h.asTerminal(TERMINAL_A, 'GET', PULL))).toEqual([401, 'bad_signature']);
    });

    it('bad_signature: wrong credential, altered body, altered path or query, altered method, missing or malformed headers', async () => {
      const a = h.terminals[TERMINAL_A]!;
      const wrong = await signerFor(TERMINAL_A, 'some-other-credential-0000000000000000');
      expect(reason(await send('GET', PULL, await wrong.sign('GET', PULL)))).toEqual([401, 'bad_signature']);

      const body = JSON.stringify([{ newDocumentState: makeApplication(TERMINAL_A) }]);
      const altered = JSON.stringify([{ newDocumentState: makeApplication(TERMINAL_A) }]);
      expect(reason(await send('POST', PUSH, await a.sign('POST', PUSH, body), altered))).toEqual([401, 'bad_signature']);
      expect(await stored()).toBe(0);

      expect(reason(await send('GET', '/v1/sync/catalog/pull?checkpoint=5&limit=10', await a.sign('GET', PULL)))).toEqual([401, 'bad_signature']);
      expect(reason(await send('GET', '/v1/sync/applications/pull?checkpoint=0&limit=10', await a.sign('GET', PULL.replace('catalog', 'applications').replace('?', '?x=1&'))))).toEqual([401, 'bad_signature']);
      expect(reason(await send('POST', PUSH, await a.sign('GET', PUSH, body), body))).toEqual([401, 'bad_signature']);

      const good = await a.sign('GET', PULL);
      for (const drop of [TIMESTAMP_HEADER, NONCE_HEADER, SIGNATURE_HEADER] as const) {
        const partial: Record<string, string> = { ...good };
        delete partial[drop];
        const res = await h.app.inject({ method: 'GET', url: PULL, headers: partial });
        expect(reason(res)).toEqual([401, 'bad_signature']);
        expect((res.json() as { message: string }).message).toContain(drop);
      }
      expect(reason(await send('GET', PULL, { ...good, [NONCE_HEADER]: 'short' }))).toEqual([401, 'bad_signature']);
      expect(reason(await send('GET', PULL, { ...good, [TIMESTAMP_HEADER]: 'yesterday' }))).toEqual([401, 'bad_signature']);
    });

    it('stale_timestamp: more than 5 minutes either side of the platform clock; inside the window is fine', async () => {
      const a = h.terminals[TERMINAL_A]!;
      const now = Date.now();
      expect(reason(await send('GET', PULL, await a.sign('GET', PULL, '', now - 5 * 60_000 - 5_000)))).toEqual([401, 'stale_timestamp']);
      expect(reason(await send('GET', PULL, await a.sign('GET', PULL, '', now + 5 * 60_000 + 5_000)))).toEqual([401, 'stale_timestamp']);
      expect((await send('GET', PULL, await a.sign('GET', PULL, '', now - 4 * 60_000))).statusCode).toBe(200);
      expect((await send('GET', PULL, await a.sign('GET', PULL, '', now + 4 * 60_000))).statusCode).toBe(200);
    });

    it('replayed_nonce: a nonce is refused again even with a fresh signature, and across a platform restart', async () => {
      const a = h.terminals[TERMINAL_A]!;
      const nonce = 'fixed-nonce-for-the-test-01';
      expect((await send('GET', PULL, await a.sign('GET', PULL, '', Date.now(), nonce))).statusCode).toBe(200);
      expect(reason(await send('GET', PULL, await a.sign('GET', PULL, '', Date.now() + 1, nonce)))).toEqual([401, 'replayed_nonce']);
      // Another terminal may happen to use the same nonce.
      const b = h.terminals['T-TEST-B']!;
      expect((await send('GET', PULL, await b.sign('GET', PULL, '', Date.now(), nonce))).statusCode).toBe(200);

      // A new platform process on the same database remembers it.
      const restarted = createPlatformApp({ db: h.db, adminToken: TEST_ADMIN_TOKEN });
      await restarted.ready();
      try {
        const res = await restarted.inject({ method: 'GET', url: PULL, headers: await a.sign('GET', PULL, '', Date.now() + 2, nonce) });
        expect(reason(res)).toEqual([401, 'replayed_nonce']);
      } finally {
        await restarted.close();
      }
    });

    it('nonces older than the window are pruned (they could only come with a stale timestamp)', async () => {
      const a = h.terminals[TERMINAL_A]!;
      const longAgo = Date.now() - 60 * 60_000;
      await h.db.query('INSERT INTO request_nonces (terminal_id, nonce, seen_at) VALUES ($1, $2, $3)', [TERMINAL_A, 'old-nonce-from-long-ago', new Date(longAgo)]);
      const headers = await a.sign('GET', PULL);
      const verdict = await verifySignedRequest(h.db, { method: 'GET', pathAndQuery: PULL, headers, body: undefined });
      expect(verdict).toEqual({ ok: true, terminalId: TERMINAL_A });
      const left = await h.db.query<{ nonce: string }>('SELECT nonce FROM request_nonces WHERE terminal_id = $1', [TERMINAL_A]);
      expect(left.rows.map((r) => r.nonce)).toEqual([headers['x-yichuang-nonce']]);
    });

    it('a push and a pull share one nonce table: a nonce used by either is refused for the other, and nothing of the push is stored', async () => {
      const a = h.terminals[TERMINAL_A]!;
      const body = JSON.stringify([{ newDocumentState: makeApplication(TERMINAL_A) }]);
      expect((await send('GET', PULL, await a.sign('GET', PULL, '', Date.now(), 'nonce-used-by-a-pull-01'))).statusCode).toBe(200);
      expect(reason(await send('POST', PUSH, await a.sign('POST', PUSH, body, Date.now(), 'nonce-used-by-a-pull-01'), body))).toEqual([401, 'replayed_nonce']);
      expect(await stored()).toBe(0);

      expect((await send('POST', PUSH, await a.sign('POST', PUSH, body, Date.now(), 'nonce-used-by-a-push-01'), body)).statusCode).toBe(200);
      expect(reason(await send('GET', PULL, await a.sign('GET', PULL, '', Date.now(), 'nonce-used-by-a-push-01')))).toEqual([401, 'replayed_nonce']);
      expect(await stored()).toBe(1);
    });

    it('the same push sent twice at once (both committed in the same moment): stored once, the copy refused as replayed_nonce', async () => {
      const a = h.terminals[TERMINAL_A]!;
      const docs = [makeApplication(TERMINAL_A), makeApplication(TERMINAL_A)];
      const body = JSON.stringify(docs.map((d) => ({ newDocumentState: d })));
      const headers = await a.sign('POST', PUSH, body);
      const answers = await Promise.all([send('POST', PUSH, headers, body), send('POST', PUSH, headers, body), send('POST', PUSH, headers, body)]);
      expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 401, 401]);
      for (const r of answers.filter((x) => x.statusCode === 401)) expect(reason(r)).toEqual([401, 'replayed_nonce']);
      expect(await stored()).toBe(2);
      // One list holding the same nonce twice (one commit group): only the first is fresh.
      const claim = { terminalId: TERMINAL_A, nonce: 'claimed-twice-in-one-group', seenAt: new Date() };
      expect(await claimNonces(h.db, [claim, { ...claim, terminalId: TERMINAL_B }, claim])).toEqual([true, true, false]);
      expect(await claimNonces(h.db, [claim])).toEqual([false]);
    });

    it('another API node revokes or re-enrols (the row changes behind this process): a revocation holds within TERMINAL_KEY_TTL_MS, a new credential works at once', async () => {
      const a = h.terminals[TERMINAL_A]!;
      const verify = async (signer: typeof a, at: number) =>
        verifySignedRequest(h.db, { method: 'GET', pathAndQuery: PULL, headers: await signer.sign('GET', PULL, '', at), body: undefined }, at);
      const now = Date.now();
      expect(await verify(a, now)).toMatchObject({ ok: true });
      // Another node revoked it: this node's copy of the key may serve until the bound, never after.
      await h.db.query('UPDATE terminals SET revoked_at = now() WHERE id = $1', [TERMINAL_A]);
      expect(await verify(a, now + TERMINAL_KEY_TTL_MS + 1)).toMatchObject({ ok: false, reason: 'revoked' });

      // Another node re-enrolled it with a new credential: accepted at once, and the old one is dead here too.
      const renewed = await signerFor(TERMINAL_A, 'credential-issued-by-another-node-0000');
      await h.db.query('UPDATE terminals SET signing_key = $2, revoked_at = NULL WHERE id = $1', [TERMINAL_A, await deriveSigningKey(renewed.credential)]);
      const later = now + TERMINAL_KEY_TTL_MS + 2;
      expect(await verify(renewed, later)).toEqual({ ok: true, terminalId: TERMINAL_A });
      expect(await verify(a, later + 1)).toMatchObject({ ok: false, reason: 'bad_signature' });
    });

    it('last seen is recorded for the terminal list, off the request path', async () => {
      const seenAt = async () => (await h.db.query<{ last_seen_at: unknown }>('SELECT last_seen_at FROM terminals WHERE id = $1', [TERMINAL_B])).rows[0]!.last_seen_at;
      expect(await seenAt()).toBeNull();
      expect((await h.asTerminal(TERMINAL_B, 'GET', PULL)).statusCode).toBe(200);
      await lastSeenSettled(h.db);
      expect(await seenAt()).not.toBeNull();
    });

    it('nothing is stored for a push that fails authentication', async () => {
      const wrong = await signerFor(TERMINAL_A, 'wrong-credential-000000000000000000');
      const body = JSON.stringify([{ newDocumentState: makeApplication(TERMINAL_A) }]);
      await send('POST', PUSH, await wrong.sign('POST', PUSH, body), body);
      expect(await stored()).toBe(0);
    });
  });
});
