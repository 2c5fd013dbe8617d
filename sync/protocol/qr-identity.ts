// 扫码亮证 / 扫码登录: the identity QR a citizen's mobile app shows, signed by the platform and verified
// OFFLINE by the terminal against the platform's published public keys (sync/server/README.md "Identity QR").
//
// Text form: YCID1.<base64url(UTF-8 JSON claims)>.<base64url(Ed25519 signature)>
// The signature covers the ASCII bytes "YCID1.<claims part>" (like JWS compact), so nothing is re-serialised
// before checking. Pure Web Crypto (globalThis.crypto.subtle): the same code runs in the host (Node 20+),
// the platform and Chromium (Ed25519 in Web Crypto since Chrome 137).
//
// Scanned text is hostile until proven otherwise: every failure is a Result, nothing throws, and no error
// carries any part of the payload (it holds a name and an ID number).
import { z } from 'zod';
import { cardTypeSchema, type CardType } from './catalog.js';
import { validateResidentIdNumber } from './id-numbers.js';
import { err, ok, type Result, type UserFacingError } from './result.js';

export const IDENTITY_QR_PREFIX = 'YCID1';
/** QR payloads are small (~300 characters); anything longer is refused before any parsing. */
export const MAX_IDENTITY_QR_LENGTH = 1024;
/** Terminal and phone clocks differ; a QR is accepted this far either side of [iat, exp]. */
export const IDENTITY_QR_CLOCK_SKEW_SECONDS = 120;
/** A QR is a bearer token until it expires: the platform never issues one that lives longer than this. */
export const MAX_IDENTITY_QR_LIFETIME_SECONDS = 600;
export const IDENTITY_QR_ALGORITHM = 'Ed25519';

export const identityKeyIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** Public half of an Ed25519 key as a JWK (RFC 8037), with only the members we use. */
export const identityPublicJwkSchema = z
  .object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string().regex(/^[A-Za-z0-9_-]{43}$/) })
  .strict();
export type IdentityPublicJwk = z.infer<typeof identityPublicJwkSchema>;

export const identityPublicKeySchema = z.object({ kid: identityKeyIdSchema, publicKeyJwk: identityPublicJwkSchema }).strict();
export type IdentityPublicKey = z.infer<typeof identityPublicKeySchema>;

/** GET /v1/keys/identity: every key a valid QR may be signed with right now (the newest signs). */
export const identityKeySetSchema = z.object({ keys: z.array(identityPublicKeySchema).max(16) }).strict();
export type IdentityKeySet = z.infer<typeof identityKeySetSchema>;

/** C0/C1 controls and line separators would let a name rewrite a receipt or a log line. */
const noControlChars = (s: string): boolean =>
  Array.from(s).every((ch) => {
    const c = ch.codePointAt(0)!;
    return c >= 0x20 && !(c >= 0x7f && c <= 0x9f) && c !== 0x2028 && c !== 0x2029;
  });

/** The signed claims. strict(): an extra member (including "__proto__") makes the payload malformed. */
export const identityQrClaimsSchema = z
  .object({
    v: z.literal(1),
    kid: identityKeyIdSchema,
    name: z.string().min(1).max(64).refine(noControlChars),
    // Shape only here; the GB 11643 check is its own error (invalid_id_number) after the signature.
    idNumber: z.string().regex(/^[0-9A-Za-z]{1,32}$/),
    cardType: cardTypeSchema,
    /** Seconds since the epoch. */
    iat: z.number().int().nonnegative().max(1e11),
    exp: z.number().int().nonnegative().max(1e11),
    nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  })
  .strict()
  .refine((c) => c.exp > c.iat && c.exp - c.iat <= MAX_IDENTITY_QR_LIFETIME_SECONDS, { message: 'lifetime', path: ['exp'] });
export type IdentityQrClaims = z.infer<typeof identityQrClaimsSchema>;

/** What the terminal learns from a verified QR. */
export interface QrIdentity {
  readonly kid: string;
  readonly name: string;
  /** Normalised (uppercase X). */
  readonly idNumber: string;
  readonly cardType: CardType;
  readonly issuedAt: string;
  readonly expiresAt: string;
  /** Unique per code: a terminal remembers it until expiry to refuse a second use (replay). */
  readonly nonce: string;
}

export type IdentityQrErrorCode =
  | 'malformed'
  | 'too_long'
  | 'unknown_key'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'invalid_id_number'
  /** Verified, but this terminal has accepted the same code before (a screenshot of a used code). */
  | 'already_used';
export type IdentityQrError = UserFacingError<IdentityQrErrorCode>;

const MESSAGES: Record<IdentityQrErrorCode, { zh: string; en: string }> = {
  malformed: { zh: '这不是政务服务身份码，请打开政务服务App出示身份码后重新扫描。', en: 'This is not a government service identity code. Open the government service app, show your identity code and scan again.' },
  too_long: { zh: '这不是政务服务身份码，请打开政务服务App出示身份码后重新扫描。', en: 'This is not a government service identity code. Open the government service app, show your identity code and scan again.' },
  unknown_key: { zh: '无法确认此身份码的来源，请刷新身份码后重试，或使用身份证。', en: 'The origin of this identity code cannot be confirmed. Refresh the code and try again, or use your ID card.' },
  bad_signature: { zh: '身份码校验未通过，请刷新身份码后重试，或使用身份证。', en: 'The identity code did not pass the check. Refresh the code and try again, or use your ID card.' },
  expired: { zh: '身份码已过期，请在App中刷新身份码后重新扫描。', en: 'The identity code has expired. Refresh it in the app and scan again.' },
  not_yet_valid: { zh: '身份码时间有误，请检查手机时间后刷新身份码，或使用身份证。', en: "The identity code's time is wrong. Check your phone's clock and refresh the code, or use your ID card." },
  invalid_id_number: { zh: '身份码中的证件号码无效，请使用身份证或到窗口办理。', en: 'The ID number in this code is not valid. Please use your ID card or go to a service window.' },
  already_used: { zh: '这个身份码已经在本机用过，请在App中刷新身份码后重新扫描，或使用身份证。', en: 'This identity code has already been used at this terminal. Refresh it in the app and scan again, or use your ID card.' },
};

/** The refusal for a code this terminal has already accepted (the terminal keeps the replay list). */
export function identityQrAlreadyUsed(): IdentityQrError {
  return { code: 'already_used', message: MESSAGES.already_used, detail: 'nonce already used at this terminal' };
}

function fail(code: IdentityQrErrorCode, detail: string): Result<never, IdentityQrError> {
  return err({ code, message: MESSAGES[code], detail });
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const B64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function base64UrlEncode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let c = 0; c < chars; c++) out += B64_CHARS[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

/**
 * Strict decode: alphabet only, no padding, and canonical (unused low bits zero), so two different texts
 * never decode to the same bytes — any changed character changes what is checked.
 */
export function base64UrlDecode(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const ch of text) {
    acc = (acc << 6) | B64_CHARS.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  if (acc !== 0) return undefined;
  return out;
}

const encoder = new TextEncoder();

/** CryptoKey without naming the DOM or Node global type (this file compiles under both tsconfigs). */
export type WebCryptoKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;
/** A stored Ed25519 private key (RFC 8037 JWK); secret. */
export interface IdentityPrivateJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly d: string;
}

function copyBytes(b: Uint8Array): Uint8Array<ArrayBuffer> {
  const c = new Uint8Array(b.byteLength);
  c.set(b);
  return c;
}

export interface VerifyIdentityQrOptions {
  readonly keys: readonly IdentityPublicKey[];
  readonly now: Date;
}

/** Verifies a scanned identity QR text offline. Never throws; errors never contain the payload. */
export async function verifyIdentityQr(text: unknown, options: VerifyIdentityQrOptions): Promise<Result<QrIdentity, IdentityQrError>> {
  try {
    return await verifyUnsafe(text, options);
  } catch {
    // Web Crypto rejects some inputs by throwing; any such case is simply not a valid QR.
    return fail('malformed', 'verification threw');
  }
}

async function verifyUnsafe(text: unknown, { keys, now }: VerifyIdentityQrOptions): Promise<Result<QrIdentity, IdentityQrError>> {
  if (typeof text !== 'string') return fail('malformed', 'not text');
  if (text.length > MAX_IDENTITY_QR_LENGTH) return fail('too_long', `longer than ${MAX_IDENTITY_QR_LENGTH} characters`);
  const parts = text.split('.');
  if (parts.length !== 3 || parts[0] !== IDENTITY_QR_PREFIX) return fail('malformed', 'not YCID1.<claims>.<signature>');
  const [, claimsPart, signaturePart] = parts as [string, string, string];
  const claimsBytes = base64UrlDecode(claimsPart);
  const signature = base64UrlDecode(signaturePart);
  if (claimsBytes === undefined || signature === undefined) return fail('malformed', 'not canonical base64url');
  if (signature.length !== 64) return fail('malformed', 'signature length');

  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(claimsBytes));
  } catch {
    return fail('malformed', 'claims are not UTF-8 JSON');
  }
  const parsed = identityQrClaimsSchema.safeParse(json);
  if (!parsed.success) {
    // Field paths only: the issue messages could quote values.
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(claims)'))].join(', ');
    return fail('malformed', `claims: ${fields}`);
  }
  const claims = parsed.data;

  const key = keys.find((k) => k.kid === claims.kid);
  if (key === undefined) return fail('unknown_key', 'kid not in the cached key set');
  const publicKey = await globalThis.crypto.subtle.importKey('jwk', key.publicKeyJwk, { name: IDENTITY_QR_ALGORITHM }, false, ['verify']);
  const signed = encoder.encode(`${IDENTITY_QR_PREFIX}.${claimsPart}`);
  const valid = await globalThis.crypto.subtle.verify({ name: IDENTITY_QR_ALGORITHM }, publicKey, copyBytes(signature), signed);
  if (!valid) return fail('bad_signature', 'signature does not verify');

  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (claims.iat > nowSeconds + IDENTITY_QR_CLOCK_SKEW_SECONDS) return fail('not_yet_valid', 'issued in the future beyond the clock skew');
  if (claims.exp + IDENTITY_QR_CLOCK_SKEW_SECONDS <= nowSeconds) return fail('expired', 'expired beyond the clock skew');

  const id = validateResidentIdNumber(claims.idNumber, now);
  if (!id.ok) return fail('invalid_id_number', `GB 11643: ${id.error}`);

  return ok({
    kid: claims.kid,
    name: claims.name,
    idNumber: id.value,
    cardType: claims.cardType,
    issuedAt: new Date(claims.iat * 1000).toISOString(),
    expiresAt: new Date(claims.exp * 1000).toISOString(),
    nonce: claims.nonce,
  });
}

/** Claims the issuer chooses; v and kid are filled in by signIdentityQr. */
export type IdentityQrSubject = Omit<IdentityQrClaims, 'v' | 'kid'>;

/**
 * Signs claims into QR text (the platform, dev tools and tests; a real mobile app gets its text from the
 * platform). Throws on claims that would never verify: a signer bug, not a user-facing failure.
 */
export async function signIdentityQr(subject: IdentityQrSubject, privateKey: WebCryptoKey, kid: string): Promise<string> {
  const claims = identityQrClaimsSchema.parse({ v: 1, kid, ...subject });
  // Fixed member order for stable output; the verifier does not depend on it.
  const json = JSON.stringify({
    v: claims.v,
    kid: claims.kid,
    name: claims.name,
    idNumber: claims.idNumber,
    cardType: claims.cardType,
    iat: claims.iat,
    exp: claims.exp,
    nonce: claims.nonce,
  });
  const claimsPart = base64UrlEncode(encoder.encode(json));
  const signed = encoder.encode(`${IDENTITY_QR_PREFIX}.${claimsPart}`);
  const signature = new Uint8Array(await globalThis.crypto.subtle.sign({ name: IDENTITY_QR_ALGORITHM }, privateKey, signed));
  return `${IDENTITY_QR_PREFIX}.${claimsPart}.${base64UrlEncode(signature)}`;
}

/** A random nonce for a new QR (128 bits, base64url). */
export function newIdentityQrNonce(): string {
  return base64UrlEncode(globalThis.crypto.getRandomValues(new Uint8Array(16)));
}

export interface IdentityKeyPair {
  readonly kid: string;
  readonly privateKey: WebCryptoKey;
  readonly publicKeyJwk: IdentityPublicJwk;
  /** For storage by the platform; secret. */
  readonly privateKeyJwk: IdentityPrivateJwk;
}

/** A new signing key with a random kid (the kid is public; it only names the key). */
export async function generateIdentityKeyPair(): Promise<IdentityKeyPair> {
  const pair = (await globalThis.crypto.subtle.generateKey({ name: IDENTITY_QR_ALGORITHM }, true, ['sign', 'verify'])) as {
    publicKey: WebCryptoKey;
    privateKey: WebCryptoKey;
  };
  const publicJwk = await globalThis.crypto.subtle.exportKey('jwk', pair.publicKey);
  const privateJwk = await globalThis.crypto.subtle.exportKey('jwk', pair.privateKey);
  const kid = `idk-${base64UrlEncode(globalThis.crypto.getRandomValues(new Uint8Array(9)))}`;
  return {
    kid,
    privateKey: pair.privateKey,
    publicKeyJwk: identityPublicJwkSchema.parse({ kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x }),
    privateKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: String(privateJwk.x), d: String(privateJwk.d) },
  };
}

/** Re-imports a stored private JWK for signing. */
export async function importIdentityPrivateKey(jwk: IdentityPrivateJwk): Promise<WebCryptoKey> {
  return globalThis.crypto.subtle.importKey('jwk', { ...jwk }, { name: IDENTITY_QR_ALGORITHM }, false, ['sign']);
}

export const IDENTITY_QR_PATHS = {
  /** Public, unauthenticated, cacheable: terminals keep a copy for offline verification. */
  keys: '/v1/keys/identity',
  /** Operator (development): issue a QR for a synthetic person, standing in for the citizen's app. */
  issue: '/v1/admin/identity-qr',
  /** Operator: a new signing key; the old one stays published until its QRs can no longer be valid. */
  rotate: '/v1/admin/identity-keys/rotate',
} as const;

export const issueIdentityQrBodySchema = z
  .object({
    name: z.string().min(1).max(64).refine(noControlChars, 'control characters'),
    idNumber: z.string().refine((s) => validateResidentIdNumber(s).ok, 'not a valid GB 11643 number'),
    cardType: cardTypeSchema.default('resident'),
    ttlSeconds: z.number().int().min(10).max(MAX_IDENTITY_QR_LIFETIME_SECONDS).default(120),
  })
  .strict();
export type IssueIdentityQrBody = z.input<typeof issueIdentityQrBodySchema>;

export const issuedIdentityQrSchema = z.object({ text: z.string(), kid: identityKeyIdSchema, expiresAt: z.string() }).strict();
export type IssuedIdentityQr = z.infer<typeof issuedIdentityQrSchema>;
