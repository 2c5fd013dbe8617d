// How a terminal signs every request to the platform (issue 4): the canonical string both sides sign,
// and signing/derivation through Web Crypto so the host, the platform and tests share one implementation.
// HMAC-SHA256 over method, path+query, timestamp, nonce and the body's SHA-256, with the credential's
// signing key. The platform refuses stale timestamps (±5 min) and nonces it has already seen.
import { z } from 'zod';
import { hmacSha256Hex } from './web-crypto.js';

export const SIGNATURE_ALGORITHM = 'YICHUANG-HMAC-SHA256';

/** Request headers of a signed terminal request. */
export const TERMINAL_ID_HEADER = 'x-yichuang-terminal';
export const TIMESTAMP_HEADER = 'x-yichuang-timestamp';
export const NONCE_HEADER = 'x-yichuang-nonce';
export const SIGNATURE_HEADER = 'x-yichuang-signature';
export const SIGNED_HEADERS = [TERMINAL_ID_HEADER, TIMESTAMP_HEADER, NONCE_HEADER, SIGNATURE_HEADER] as const;

/** How far a request's timestamp may be from the platform's clock. */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

/** SHA-256 of the empty body (GET requests), hex. */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'lower-case hex SHA-256');
export const nonceSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '16-64 of A-Z a-z 0-9 _ -');
/** Milliseconds since the Unix epoch, as decimal digits. */
export const timestampSchema = z.string().regex(/^\d{10,16}$/, 'milliseconds since the epoch');

/** The exact text that is signed. One field per line, so no field can run into another. */
export function canonicalRequest(parts: {
  method: string;
  /** Path and query exactly as sent, e.g. /v1/sync/catalog/pull?checkpoint=0&limit=100 */
  pathAndQuery: string;
  timestamp: string;
  nonce: string;
  bodySha256: string;
}): string {
  return [SIGNATURE_ALGORITHM, parts.method.toUpperCase(), parts.pathAndQuery, parts.timestamp, parts.nonce, parts.bodySha256].join('\n');
}

/**
 * The key requests are signed with is derived from the credential, so the platform stores only the
 * derived key, never the credential itself: HMAC-SHA256(credential, SIGNING_KEY_LABEL), hex.
 */
export const SIGNING_KEY_LABEL = 'yichuang request signing key v1';

/** Why the platform refused a terminal (401 body `error`). */
export const TERMINAL_AUTH_REFUSALS = ['unknown_terminal', 'revoked', 'bad_signature', 'stale_timestamp', 'replayed_nonce'] as const;
export type TerminalAuthRefusal = (typeof TERMINAL_AUTH_REFUSALS)[number];

/** Headers a signed request carries. */
export type SignedRequestHeaders = Record<(typeof SIGNED_HEADERS)[number], string>;

/** What the terminal asks its host to sign (the credential never leaves the host). */
export const signRequestInputSchema = z.strictObject({
  method: z.enum(['GET', 'POST']),
  /** Absolute URL on the configured platform. */
  url: z.string().min(1).max(4000),
  bodySha256: sha256HexSchema,
});
export type SignRequestInput = z.infer<typeof signRequestInputSchema>;

/** The signing key derived from a credential (see SIGNING_KEY_LABEL). */
export async function deriveSigningKey(credential: string): Promise<string> {
  return hmacSha256Hex(credential, SIGNING_KEY_LABEL);
}

/** Signs one request: the headers to send with it. Used by the terminal host and by tests. */
export async function signRequest(
  signingKey: string,
  terminalId: string,
  req: { method: string; pathAndQuery: string; bodySha256: string },
  now: number,
  nonce: string,
): Promise<SignedRequestHeaders> {
  const timestamp = String(now);
  const signature = await hmacSha256Hex(signingKey, canonicalRequest({ ...req, timestamp, nonce }));
  return { [TERMINAL_ID_HEADER]: terminalId, [TIMESTAMP_HEADER]: timestamp, [NONCE_HEADER]: nonce, [SIGNATURE_HEADER]: signature };
}

/** A random nonce (128 bits, base64url) from Web Crypto. */
export function newNonce(): string {
  const b = new Uint8Array(16);
  globalThis.crypto.getRandomValues(b);
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
