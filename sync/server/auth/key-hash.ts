// Terminal keys are stored salted and hashed, compared in constant time.
// SHA-256 suffices because issued keys are random high-entropy secrets (dev keys are public by design);
// issue 4 replaces shared keys with enrolment and signed requests.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

export function hashKey(salt: string, key: string): string {
  return createHash('sha256').update(salt).update('\0').update(key).digest('hex');
}

export function keyMatches(salt: string, storedHash: string, key: string): boolean {
  const a = Buffer.from(hashKey(salt, key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time string comparison for bearer tokens. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}
