// Random secrets and constant-time comparison for the platform's own credentials.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A terminal credential: 256 random bits, base64url. */
export function newCredential(): string {
  return randomBytes(32).toString('base64url');
}

// Crockford-style alphabet without 0/O, 1/I/L: operators read enrolment codes out and type them.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** An enrolment code like 7KQX-M2PA-…: 20 characters (≈ 98 bits) in groups of four. */
export function newEnrollmentCode(): string {
  const raw = randomBytes(20);
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += CODE_ALPHABET[raw[i]! % CODE_ALPHABET.length];
  }
  return out;
}

/** Enrolment codes are high-entropy one-time secrets: a plain SHA-256 is enough to store them. */
export function hashCode(code: string): string {
  return createHash('sha256').update(code.trim().toUpperCase()).digest('hex');
}

/** Constant-time string comparison for bearer tokens and signatures. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}
