// Who is calling? The single place terminal authentication lives. Every terminal request is signed
// (sync/protocol/request-signing.ts); verifySignedRequest is the one function that decides. Routes only
// ever see an authenticated terminal id.
import type { FastifyRequest } from 'fastify';
import {
  canonicalRequest,
  hmacSha256Hex,
  NONCE_HEADER,
  nonceSchema,
  sha256Hex,
  SIGNATURE_HEADER,
  SIGNATURE_WINDOW_MS,
  TERMINAL_ID_HEADER,
  TIMESTAMP_HEADER,
  timestampSchema,
  type TerminalAuthRefusal,
} from '../../protocol/index.js';
import type { Queryable } from '../db/types.js';
import { PlatformError } from '../errors.js';
import { sameSecret } from './secrets.js';

export interface AuthenticatedTerminal {
  readonly terminalId: string;
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
  | { ok: true; terminalId: string }
  | { ok: false; reason: TerminalAuthRefusal; message: string };

/** Nonces are kept a little longer than the window on either side, then pruned. */
const NONCE_RETENTION_MS = 2 * SIGNATURE_WINDOW_MS + 60_000;
const PRUNE_EVERY_MS = 60_000;
const lastPrune = new WeakMap<Queryable, number>();

function header(headers: SignedRequestInput['headers'], name: string): string | undefined {
  const v = headers[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const refuse = (reason: TerminalAuthRefusal, message: string): VerifyResult => ({ ok: false, reason, message });

/**
 * Checks, in this order: the terminal is known and enrolled, not revoked; the timestamp is within
 * ±5 minutes; the signature matches; the nonce is new. The nonce is only remembered for a request
 * that is otherwise valid, so strangers cannot fill the table.
 */
export async function verifySignedRequest(db: Queryable, input: SignedRequestInput, now: number = Date.now()): Promise<VerifyResult> {
  const terminalId = header(input.headers, TERMINAL_ID_HEADER);
  if (terminalId === undefined) return refuse('unknown_terminal', `header ${TERMINAL_ID_HEADER} is required`);
  const found = await db.query<{ signing_key: string | null; revoked_at: unknown }>(
    'SELECT signing_key, revoked_at FROM terminals WHERE id = $1',
    [terminalId],
  );
  const row = found.rows[0];
  if (!row || row.signing_key === null) return refuse('unknown_terminal', 'terminal is not enrolled with the platform');
  if (row.revoked_at !== null) return refuse('revoked', 'terminal credential has been revoked; enrol again with a new code');

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

  const bodySha256 = await sha256Hex(input.body ?? new Uint8Array());
  const expected = await hmacSha256Hex(
    row.signing_key,
    canonicalRequest({ method: input.method, pathAndQuery: input.pathAndQuery, timestamp, nonce, bodySha256 }),
  );
  if (!sameSecret(signature.toLowerCase(), expected)) return refuse('bad_signature', 'signature does not match the request');

  await pruneNonces(db, now);
  const fresh = await db.query(
    'INSERT INTO request_nonces (terminal_id, nonce, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1',
    [terminalId, nonce, new Date(Number(timestamp))],
  );
  if (fresh.rows.length === 0) return refuse('replayed_nonce', 'this nonce was already used: a replayed request');

  // Operators want to see when a terminal last reached the platform. At most one write a minute.
  await db.query(
    `UPDATE terminals SET last_seen_at = now()
     WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')`,
    [terminalId],
  );
  return { ok: true, terminalId };
}

async function pruneNonces(db: Queryable, now: number): Promise<void> {
  if (now - (lastPrune.get(db) ?? 0) < PRUNE_EVERY_MS) return;
  lastPrune.set(db, now);
  await db.query('DELETE FROM request_nonces WHERE seen_at < $1', [new Date(now - NONCE_RETENTION_MS)]);
}

/** For routes: the verified terminal, or a 401 PlatformError with the precise reason. */
export async function authenticateTerminal(db: Queryable, req: FastifyRequest): Promise<AuthenticatedTerminal> {
  const result = await verifySignedRequest(db, {
    method: req.method,
    pathAndQuery: req.url,
    headers: req.headers,
    body: req.rawBody,
  });
  if (!result.ok) throw new PlatformError(401, result.reason, result.message);
  return { terminalId: result.terminalId };
}
