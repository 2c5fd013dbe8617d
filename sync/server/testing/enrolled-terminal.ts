// Test helper: a terminal enrolled through the real flow, and a signer that does what the terminal
// host does (sync/protocol signRequest with the derived key).
import { deriveSigningKey, newNonce, sha256Hex, signRequest, type SignedRequestHeaders } from '../../protocol/index.js';
import { createEnrollmentCode, enrollTerminal } from '../auth/enrollment.js';
import type { Database } from '../db/types.js';

export interface EnrolledTerminal {
  readonly terminalId: string;
  readonly credential: string;
  /** Headers for one request; `at` (ms) and `nonce` default to now and a fresh nonce. */
  sign(method: string, pathAndQuery: string, body?: string, at?: number, nonce?: string): Promise<SignedRequestHeaders>;
}

export async function signerFor(terminalId: string, credential: string): Promise<EnrolledTerminal> {
  const key = await deriveSigningKey(credential);
  return {
    terminalId,
    credential,
    sign: async (method, pathAndQuery, body = '', at = Date.now(), nonce = newNonce()) =>
      signRequest(key, terminalId, { method, pathAndQuery, bodySha256: await sha256Hex(body) }, at, nonce),
  };
}

export async function enrollForTest(db: Database, terminalId: string): Promise<EnrolledTerminal> {
  const { code } = await createEnrollmentCode(db, terminalId, 60);
  const { credential } = await enrollTerminal(db, terminalId, code, { version: 'test' });
  return signerFor(terminalId, credential);
}
