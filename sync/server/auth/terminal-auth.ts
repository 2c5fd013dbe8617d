// Who is calling? The single place terminal authentication lives. Every terminal request is signed
// (sync/protocol/request-signing.ts); verifySignedRequest is the one function that decides. Routes only
// ever see an authenticated terminal id.
import type { FastifyRequest } from 'fastify';
import { createHash, createHmac } from 'node:crypto';
import {
  canonicalRequest,
  NONCE_HEADER,
  nonceSchema,
  SIGNATURE_HEADER,
  SIGNATURE_WINDOW_MS,
  TERMINAL_ID_HEADER,
  TIMESTAMP_HEADER,
  timestampSchema,
  type TerminalAuthRefusal,
} from '../../protocol/index.js';
import type { Queryable } from '../db/types.js';
import { PlatformError } from '../errors.js';
import { terminalSeen } from './last-seen.js';
import { sameSecret } from './secrets.js';
import { terminalKey } from './terminal-key-cache.js';

export interface AuthenticatedTerminal {
  readonly terminalId: string;
}

/** A push's terminal, and its nonce to be stored with the push's own commit. */
export interface AuthenticatedPush extends AuthenticatedTerminal {
  readonly nonceClaim: NonceClaim;
}

export interface SignedRequestInput {
  readonly method: string;
  /** Path and query exactly as received. */
  readonly pathAndQuery: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Raw body bytes as received (undefined or empty for none). */
  readonly body: Uint8Array | undefined;
}

export type VerifyResult =
  | { ok: true; terminalId: string; nonceClaim?: NonceClaim }
  | { ok: false; reason: TerminalAuthRefusal; message: string };

/** Nonces are kept a little longer than the window on either side, then pruned. */
const NONCE_RETENTION_MS = 2 * SIGNATURE_WINDOW_MS + 60_000;
const PRUNE_EVERY_MS = 60_000;
const lastPrune = new WeakMap<Queryable, number>();

/**
 * A nonce the request used, to be stored by the caller in its own transaction (a push: the grouped commit
 * in store/application-store.ts), so the request costs no write of its own. The caller refuses the request
 * as replayed_nonce when claimNonces says another request already used it.
 */
export interface NonceClaim {
  readonly terminalId: string;
  readonly nonce: string;
  readonly seenAt: Date;
}

export interface VerifyOptions {
  /**
   * 'store' (default): the nonce is stored here, and a replay is refused here.
   * 'claim': the result carries a NonceClaim and the caller must store it with claimNonces before acting.
   */
  readonly nonce?: 'store' | 'claim';
}

function header(headers: SignedRequestInput['headers'], name: string): string | undefined {
  const v = headers[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const refuse = (reason: TerminalAuthRefusal, message: string): VerifyResult => ({ ok: false, reason, message });

// The same SHA-256 and HMAC-SHA256 as sync/protocol/web-crypto.ts (the terminal's side), through node:crypto:
// synchronous and without Web Crypto's per-call key import and promise hops, which were a tenth of the
// platform's CPU under load. terminal-auth.test.ts proves both sides agree (signed by the protocol code).
const sha256HexSync = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
const hmacSha256HexSync = (key: string, message: string): string => createHmac('sha256', key).update(message, 'utf8').digest('hex');

/**
 * Checks, in this order: the terminal is known and enrolled, not revoked; the timestamp is within
 * ±5 minutes; the signature matches; the nonce is new. The nonce is only remembered for a request
 * that is otherwise valid, so strangers cannot fill the table. The terminal's key comes from a short-lived
 * in-memory copy (terminal-key-cache.ts: revocation through this process applies at once).
 */
export async function verifySignedRequest(
  db: Queryable,
  input: SignedRequestInput,
  now: number = Date.now(),
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const terminalId = header(input.headers, TERMINAL_ID_HEADER);
  if (terminalId === undefined) return refuse('unknown_terminal', `header ${TERMINAL_ID_HEADER} is required`);
  let key = await terminalKey(db, terminalId, now);
  if (!key || key.signingKey === null) return refuse('unknown_terminal', 'terminal is not enrolled with the platform');
  if (key.revoked) return refuse('revoked', 'terminal credential has been revoked; enrol again with a new code');

  const timestamp = header(input.headers, TIMESTAMP_HEADER);
  const nonce = header(input.headers, NONCE_HEADER);
  const signature = header(input.headers, SIGNATURE_HEADER);
  if (timestamp === undefined || nonce === undefined || signature === undefined) {
    return refuse('bad_signature', `headers ${TIMESTAMP_HEADER}, ${NONCE_HEADER} and ${SIGNATURE_HEADER} are required`);
  }
  if (!timestampSchema.safeParse(timestamp).success) return refuse('bad_signature', `${TIMESTAMP_HEADER}: milliseconds since the epoch`);
  if (!nonceSchema.safeParse(nonce).success) return refuse('bad_signature', `${NONCE_HEADER}: 16-64 of A-Z a-z 0-9 _ -`);
  const skew = Number(timestamp) - now;
  if (Math.abs(skew) > SIGNATURE_WINDOW_MS) {
    return refuse('stale_timestamp', `timestamp is ${Math.round(skew / 1000)} s from the platform's clock (allowed ±${SIGNATURE_WINDOW_MS / 1000} s)`);
  }

  const canonical = canonicalRequest({
    method: input.method,
    pathAndQuery: input.pathAndQuery,
    timestamp,
    nonce,
    bodySha256: sha256HexSync(input.body ?? new Uint8Array()),
  });
  const matches = (signingKey: string): boolean => sameSecret(signature.toLowerCase(), hmacSha256HexSync(signingKey, canonical));
  if (!matches(key.signingKey)) {
    // The copy may predate a re-enrolment or a revocation through another node: decide on the stored row.
    key = await terminalKey(db, terminalId, now, true);
    if (!key || key.signingKey === null) return refuse('unknown_terminal', 'terminal is not enrolled with the platform');
    if (key.revoked) return refuse('revoked', 'terminal credential has been revoked; enrol again with a new code');
    if (!matches(key.signingKey)) return refuse('bad_signature', 'signature does not match the request');
  }

  await pruneNonces(db, now);
  const claim: NonceClaim = { terminalId, nonce, seenAt: new Date(Number(timestamp)) };
  if (options.nonce === 'claim') {
    terminalSeen(db, terminalId, now);
    return { ok: true, terminalId, nonceClaim: claim };
  }
  const fresh = await claimNonces(db, [claim]);
  if (!fresh[0]) return refuse('replayed_nonce', REPLAYED_MESSAGE);
  terminalSeen(db, terminalId, now);
  return { ok: true, terminalId };
}

export const REPLAYED_MESSAGE = 'this nonce was already used: a replayed request';

/**
 * Stores the nonces; for each claim, true if it was new, false if a request already used it (a replay,
 * or the same nonce twice in this list). Sorted before inserting, so two transactions storing overlapping
 * nonces lock them in the same order and never wait on each other in a cycle.
 */
export async function claimNonces(db: Queryable, claims: readonly NonceClaim[]): Promise<boolean[]> {
  if (claims.length === 0) return [];
  const keyOf = (c: NonceClaim): string => `${c.terminalId}\n${c.nonce}`;
  const firstIndex = new Map<string, number>();
  claims.forEach((c, i) => {
    if (!firstIndex.has(keyOf(c))) firstIndex.set(keyOf(c), i);
  });
  const unique = [...firstIndex.keys()].sort().map((k) => claims[firstIndex.get(k)!]!);
  const values = unique.map((_, i) => `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`).join(', ');
  const stored = await db.query<{ terminal_id: string; nonce: string }>(
    `INSERT INTO request_nonces (terminal_id, nonce, seen_at) VALUES ${values} ON CONFLICT DO NOTHING RETURNING terminal_id, nonce`,
    unique.flatMap((c) => [c.terminalId, c.nonce, c.seenAt]),
  );
  const fresh = new Set(stored.rows.map((r) => `${r.terminal_id}\n${r.nonce}`));
  return claims.map((c, i) => firstIndex.get(keyOf(c)) === i && fresh.has(keyOf(c)));
}

async function pruneNonces(db: Queryable, now: number): Promise<void> {
  if (now - (lastPrune.get(db) ?? 0) < PRUNE_EVERY_MS) return;
  lastPrune.set(db, now);
  await db.query('DELETE FROM request_nonces WHERE seen_at < $1', [new Date(now - NONCE_RETENTION_MS)]);
}

const inputOf = (req: FastifyRequest): SignedRequestInput => ({
  method: req.method,
  pathAndQuery: req.url,
  headers: req.headers,
  body: req.rawBody,
});

/** For routes: the verified terminal, or a 401 PlatformError with the precise reason. */
export async function authenticateTerminal(db: Queryable, req: FastifyRequest): Promise<AuthenticatedTerminal> {
  const result = await verifySignedRequest(db, inputOf(req));
  if (!result.ok) throw new PlatformError(401, result.reason, result.message);
  return { terminalId: result.terminalId };
}

/**
 * For the push route: like authenticateTerminal, but the nonce is not stored yet. The push store claims
 * it in the transaction that stores the push (one commit, one WAL flush for both) and refuses the push as
 * replayed_nonce there; nothing of a replayed push is written.
 */
export async function authenticatePush(db: Queryable, req: FastifyRequest): Promise<AuthenticatedPush> {
  const result = await verifySignedRequest(db, inputOf(req), Date.now(), { nonce: 'claim' });
  if (!result.ok) throw new PlatformError(401, result.reason, result.message);
  return { terminalId: result.terminalId, nonceClaim: result.nonceClaim! };
}

/** The 401 a push store answers when claimNonces finds the push's nonce already used. */
export const replayedNonceError = (): PlatformError => new PlatformError(401, 'replayed_nonce', REPLAYED_MESSAGE);
