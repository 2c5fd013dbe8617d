import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { residentIdCheckChar } from './id-numbers.js';
import {
  base64UrlDecode,
  base64UrlEncode,
  generateIdentityKeyPair,
  MAX_IDENTITY_QR_LENGTH,
  newIdentityQrNonce,
  signIdentityQr,
  verifyIdentityQr,
  type IdentityKeyPair,
  type IdentityPublicKey,
} from './qr-identity.js';

// Synthetic person (invented region/date parts, valid check character).
const ID = '11010519491231002' + residentIdCheckChar('11010519491231002');
const NOW = new Date('2026-11-22T04:00:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);

let pair: IdentityKeyPair;
let keys: IdentityPublicKey[];
let valid: string;

const subject = (over: Partial<{ iat: number; exp: number; idNumber: string; name: string }> = {}) => ({
  name: '测试甲',
  idNumber: ID,
  cardType: 'resident' as const,
  iat: NOW_S - 10,
  exp: NOW_S + 110,
  nonce: newIdentityQrNonce(),
  ...over,
});

beforeAll(async () => {
  pair = await generateIdentityKeyPair();
  keys = [{ kid: pair.kid, publicKeyJwk: pair.publicKeyJwk }];
  valid = await signIdentityQr(subject(), pair.privateKey, pair.kid);
});

async function codeOf(text: unknown, at: Date = NOW, k: IdentityPublicKey[] = keys): Promise<string> {
  const r = await verifyIdentityQr(text, { keys: k, now: at });
  return r.ok ? 'ok' : r.error.code;
}

describe('identity QR', () => {
  it('a QR signed with a published key verifies and yields the person', async () => {
    expect(valid.startsWith('YCID1.')).toBe(true);
    expect(valid.length).toBeLessThan(400);
    const r = await verifyIdentityQr(valid, { keys, now: NOW });
    expect(r).toEqual({
      ok: true,
      value: { kid: pair.kid, name: '测试甲', idNumber: ID, cardType: 'resident', issuedAt: new Date((NOW_S - 10) * 1000).toISOString(), expiresAt: new Date((NOW_S + 110) * 1000).toISOString(), nonce: expect.stringMatching(/^[A-Za-z0-9_-]{16,64}$/) },
    });
  });

  it('a key the terminal does not have, or another key with the same kid, is refused', async () => {
    const other = await generateIdentityKeyPair();
    expect(await codeOf(valid, NOW, [{ kid: other.kid, publicKeyJwk: other.publicKeyJwk }])).toBe('unknown_key');
    expect(await codeOf(valid, NOW, [{ kid: pair.kid, publicKeyJwk: other.publicKeyJwk }])).toBe('bad_signature');
  });

  it('expiry and issue time with the named clock skew (120 s)', async () => {
    expect(await codeOf(valid, new Date((NOW_S + 110 + 119) * 1000))).toBe('ok');
    expect(await codeOf(valid, new Date((NOW_S + 110 + 120) * 1000))).toBe('expired');
    expect(await codeOf(valid, new Date((NOW_S - 10 - 120) * 1000))).toBe('ok');
    expect(await codeOf(valid, new Date((NOW_S - 10 - 121) * 1000))).toBe('not_yet_valid');
  });

  it('a signed QR with an ID number failing GB 11643 is invalid_id_number', async () => {
    const bad = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
    expect(await codeOf(await signIdentityQr(subject({ idNumber: bad }), pair.privateKey, pair.kid))).toBe('invalid_id_number');
  });

  it('hostile content: extra members, __proto__, wrong prefix, padding, oversize — plain errors, payload never echoed', async () => {
    const sign = async (json: string) => {
      const part = base64UrlEncode(new TextEncoder().encode(json));
      const sig = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, new TextEncoder().encode(`YCID1.${part}`)));
      return `YCID1.${part}.${base64UrlEncode(sig)}`;
    };
    const base = { v: 1, kid: pair.kid, name: '测试甲', idNumber: ID, cardType: 'resident', iat: NOW_S, exp: NOW_S + 60, nonce: 'AAAAAAAAAAAAAAAAAAAAAA' };
    const json = JSON.stringify(base);
    expect(await codeOf(await sign(json))).toBe('ok');
    expect(await codeOf(await sign(json.replace('{', '{"__proto__":{"admin":true},')))).toBe('malformed');
    expect(await codeOf(await sign(JSON.stringify({ ...base, role: 'admin' })))).toBe('malformed');
    expect(await codeOf(await sign(JSON.stringify({ ...base, exp: NOW_S + 3600 })))).toBe('malformed');
    expect(await codeOf(await sign(JSON.stringify({ ...base, name: '测试\u0000甲' })))).toBe('malformed');
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
    expect(await codeOf(valid.replace('YCID1', 'ycid1'))).toBe('malformed');
    expect(await codeOf(`${valid}=`)).toBe('malformed');
    expect(await codeOf(` ${valid}`)).toBe('malformed');
    expect(await codeOf(`${valid}.x`)).toBe('malformed');
    expect(await codeOf('YCID1.' + 'A'.repeat(MAX_IDENTITY_QR_LENGTH))).toBe('too_long');
    expect(await codeOf(42)).toBe('malformed');
    const r = await verifyIdentityQr(await sign(JSON.stringify({ ...base, extra: 'x' })), { keys, now: NOW });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message.zh.length).toBeGreaterThan(0);
      expect(JSON.stringify(r.error)).not.toContain('测试甲');
      expect(JSON.stringify(r.error)).not.toContain(ID);
    }
  });

  it('base64url is strict and canonical', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 80 }), (bytes) => {
        expect(base64UrlDecode(base64UrlEncode(bytes))).toEqual(bytes);
      }),
    );
    expect(base64UrlDecode('QQ')).toEqual(new Uint8Array([65]));
    expect(base64UrlDecode('QR')).toBeUndefined(); // same byte, non-zero unused bits
    expect(base64UrlDecode('QQ==')).toBeUndefined();
    expect(base64UrlDecode('Q+')).toBeUndefined();
  });

  it('property: random text never throws and never verifies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 1200 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.string().map((s) => `YCID1.${s}`), fc.tuple(fc.base64String(), fc.base64String()).map(([a, b]) => `YCID1.${a.replace(/=/g, '')}.${b.replace(/=/g, '')}`)),
        async (text) => {
          const r = await verifyIdentityQr(text, { keys, now: NOW });
          expect(r.ok).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: any single-character change to a valid QR fails (and never throws)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 10_000 }), fc.integer({ min: 0, max: 127 }), async (where, code) => {
        const i = where % valid.length;
        const replacement = String.fromCharCode(code);
        fc.pre(replacement !== valid[i]);
        const mutated = valid.slice(0, i) + replacement + valid.slice(i + 1);
        const r = await verifyIdentityQr(mutated, { keys, now: NOW });
        expect(r.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('property: deleting or inserting a character fails', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 10_000 }), fc.boolean(), fc.constantFrom('A', '-', '_', '.', 'z', '0'), async (where, del, ch) => {
        const i = where % valid.length;
        const mutated = del ? valid.slice(0, i) + valid.slice(i + 1) : valid.slice(0, i) + ch + valid.slice(i);
        const r = await verifyIdentityQr(mutated, { keys, now: NOW });
        expect(r.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
