// The key cache trusts only what passes the schema: a broken file or a bad answer never replaces good keys.
// The platform here is a stub fetch (the code under test uses fetch); the real platform is in host.identity-qr.test.ts.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateIdentityKeyPair, type IdentityKeySet } from '../../sync/protocol/index.js';
import { createIdentityKeyCache, IDENTITY_KEYS_FILE } from './identity-keys.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yichuang-idkeys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const answering = (status: number, body: unknown): typeof fetch => (async () => new Response(JSON.stringify(body), { status })) as typeof fetch;
const quiet = { log: () => undefined, platformUrl: 'http://127.0.0.1:9' };

describe('identity key cache', () => {
  it('stores a valid set (0600) and keeps it when the platform later answers badly or not at all', async () => {
    const pair = await generateIdentityKeyPair();
    const set: IdentityKeySet = { keys: [{ kid: pair.kid, publicKeyJwk: pair.publicKeyJwk }] };
    expect(await createIdentityKeyCache({ ...quiet, dataDir: dir, fetch: answering(200, set) }).refresh()).toBe(true);
    expect(statSync(join(dir, IDENTITY_KEYS_FILE)).mode & 0o777).toBe(0o600);

    const bad: [string, typeof fetch][] = [
      ['500', answering(500, set)],
      ['empty set', answering(200, { keys: [] })],
      ['private key member', answering(200, { keys: [{ ...set.keys[0], publicKeyJwk: { ...pair.publicKeyJwk, d: 'x' } }] })],
      ['unreachable', (async () => Promise.reject(new TypeError('fetch failed'))) as typeof fetch],
    ];
    for (const [what, f] of bad) {
      const cache = createIdentityKeyCache({ ...quiet, dataDir: dir, fetch: f });
      expect(await cache.refresh(), what).toBe(false);
      expect(cache.keys(), what).toEqual(set.keys);
    }
    expect(JSON.parse(readFileSync(join(dir, IDENTITY_KEYS_FILE), 'utf8'))).toEqual(set);
  });

  it('a corrupted or tampered cache file gives no keys (QRs answer unknown_key), not a crash', () => {
    writeFileSync(join(dir, IDENTITY_KEYS_FILE), '{"keys":[{"kid":"k","publicKeyJwk":{"kty":"RSA"}}]}');
    expect(createIdentityKeyCache({ ...quiet, dataDir: dir }).keys()).toEqual([]);
    writeFileSync(join(dir, IDENTITY_KEYS_FILE), 'not json');
    expect(createIdentityKeyCache({ ...quiet, dataDir: dir }).keys()).toEqual([]);
  });
});
