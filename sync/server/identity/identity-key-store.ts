// The platform's identity-QR signing keys (table identity_signing_keys, migration 3). A key is made on
// first use and kept in the database, so every platform process and restart signs with the same key.
// Rotation: the newest unretired key signs; retired keys stay published for RETIRED_KEY_PUBLISHED_HOURS,
// long past the last moment a QR they signed could still verify (lifetime + clock skew).
import {
  generateIdentityKeyPair,
  identityPublicJwkSchema,
  importIdentityPrivateKey,
  type IdentityPrivateJwk,
  type IdentityPublicKey,
  type WebCryptoKey,
} from '../../protocol/index.js';
import type { Database, Queryable } from '../db/types.js';

export const RETIRED_KEY_PUBLISHED_HOURS = 24;

export interface IdentitySigningKey {
  readonly kid: string;
  readonly privateKey: WebCryptoKey;
}

interface KeyRow {
  kid: string;
  public_jwk: unknown;
  private_jwk: unknown;
}

function asJson(value: unknown): unknown {
  // pg returns jsonb parsed; PGlite too. A string would be a driver difference; parse it.
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}

async function insertNewKey(tx: Queryable): Promise<IdentitySigningKey> {
  const pair = await generateIdentityKeyPair();
  await tx.query('INSERT INTO identity_signing_keys (kid, public_jwk, private_jwk) VALUES ($1, $2::jsonb, $3::jsonb)', [
    pair.kid,
    JSON.stringify(pair.publicKeyJwk),
    JSON.stringify(pair.privateKeyJwk),
  ]);
  return { kid: pair.kid, privateKey: pair.privateKey };
}

/** The key that signs now; made (once, under a table lock so two processes agree) when there is none. */
export async function activeIdentitySigningKey(db: Database): Promise<IdentitySigningKey> {
  const current = await newestActive(db);
  if (current !== undefined) return current;
  return db.transaction(async (tx) => {
    await tx.query('LOCK TABLE identity_signing_keys IN EXCLUSIVE MODE');
    return (await newestActive(tx)) ?? insertNewKey(tx);
  });
}

async function newestActive(q: Queryable): Promise<IdentitySigningKey | undefined> {
  const r = await q.query<KeyRow>(
    'SELECT kid, public_jwk, private_jwk FROM identity_signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1',
  );
  const row = r.rows[0];
  if (row === undefined) return undefined;
  return { kid: row.kid, privateKey: await importIdentityPrivateKey(asJson(row.private_jwk) as IdentityPrivateJwk) };
}

/** Every key a currently valid QR may carry: the active ones and recently retired ones, newest first. */
export async function publishedIdentityKeys(db: Database): Promise<IdentityPublicKey[]> {
  await activeIdentitySigningKey(db);
  const r = await db.query<KeyRow>(
    `SELECT kid, public_jwk, private_jwk FROM identity_signing_keys
      WHERE retired_at IS NULL OR retired_at > now() - make_interval(hours => $1)
      ORDER BY created_at DESC, kid LIMIT 16`,
    [RETIRED_KEY_PUBLISHED_HOURS],
  );
  return r.rows.map((row) => ({ kid: row.kid, publicKeyJwk: identityPublicJwkSchema.parse(asJson(row.public_jwk)) }));
}

/** Retires the signing key(s) and makes a new one, in one transaction. */
export async function rotateIdentitySigningKey(db: Database): Promise<{ kid: string; retired: string[] }> {
  return db.transaction(async (tx) => {
    await tx.query('LOCK TABLE identity_signing_keys IN EXCLUSIVE MODE');
    const retired = await tx.query<{ kid: string }>('UPDATE identity_signing_keys SET retired_at = now() WHERE retired_at IS NULL RETURNING kid');
    const next = await insertNewKey(tx);
    return { kid: next.kid, retired: retired.rows.map((r) => r.kid) };
  });
}
