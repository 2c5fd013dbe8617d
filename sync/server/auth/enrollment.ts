// Enrolment: an operator creates a one-time, expiring code for a terminal id; the terminal trades it
// for its credential, which is returned once and kept on the platform only as the derived signing key.
import { deriveSigningKey, type EnrollResponse } from '../../protocol/index.js';
import type { Database, Queryable } from '../db/types.js';
import { PlatformError } from '../errors.js';
import { hashCode, newCredential, newEnrollmentCode } from './secrets.js';
import { forgetTerminalKey } from './terminal-key-cache.js';

export interface CreatedCode {
  terminalId: string;
  code: string;
  expiresAt: string;
}

/** Creates the terminal's row if it is new (listed as not enrolled) and a code for it. */
export async function createEnrollmentCode(
  db: Database,
  terminalId: string,
  ttlMinutes: number,
  code: string = newEnrollmentCode(),
): Promise<CreatedCode> {
  return db.transaction(async (tx) => {
    await tx.query('INSERT INTO terminals (id) VALUES ($1) ON CONFLICT (id) DO NOTHING', [terminalId]);
    const r = await tx.query<{ expires_at: Date | string }>(
      `INSERT INTO enrollment_codes (terminal_id, code_hash, expires_at)
       VALUES ($1, $2, now() + $3::int * interval '1 minute')
       ON CONFLICT (terminal_id, code_hash) DO UPDATE SET expires_at = EXCLUDED.expires_at, used_at = NULL, created_at = now()
       RETURNING expires_at`,
      [terminalId, hashCode(code), ttlMinutes],
    );
    return { terminalId, code, expiresAt: new Date(r.rows[0]!.expires_at).toISOString() };
  });
}

/**
 * Uses the code once and (re)issues the terminal's credential. Enrolling again with a fresh code
 * replaces the credential and lifts a revocation: the operator issued the code on purpose.
 */
export async function enrollTerminal(
  db: Database,
  terminalId: string,
  code: string,
  publicInfo: Record<string, unknown>,
): Promise<EnrollResponse> {
  const credential = newCredential();
  const signingKey = await deriveSigningKey(credential);
  const enrolled = await db.transaction(async (tx) => {
    const used = await tx.query(
      `UPDATE enrollment_codes SET used_at = now()
       WHERE terminal_id = $1 AND code_hash = $2 AND used_at IS NULL AND expires_at > now()
       RETURNING 1`,
      [terminalId, hashCode(code)],
    );
    if (used.rows.length === 0) throw await whyCodeRefused(tx, terminalId, code);
    const r = await tx.query<{ enrolled_at: Date | string }>(
      `UPDATE terminals SET signing_key = $2, enrolled_at = now(), revoked_at = NULL, public_info = $3::jsonb
       WHERE id = $1 RETURNING enrolled_at`,
      [terminalId, signingKey, JSON.stringify(publicInfo)],
    );
    return { terminalId, credential, enrolledAt: new Date(r.rows[0]!.enrolled_at).toISOString() };
  });
  // Requests signed with the old credential are refused from now on (on this node at once).
  forgetTerminalKey(db, terminalId);
  return enrolled;
}

async function whyCodeRefused(tx: Queryable, terminalId: string, code: string): Promise<PlatformError> {
  const r = await tx.query<{ used: boolean; expired: boolean }>(
    `SELECT used_at IS NOT NULL AS used, expires_at <= now() AS expired
     FROM enrollment_codes WHERE terminal_id = $1 AND code_hash = $2`,
    [terminalId, hashCode(code)],
  );
  const row = r.rows[0];
  if (!row) return new PlatformError(401, 'invalid_code', 'no such enrolment code for this terminal id', 'code');
  if (row.used) return new PlatformError(409, 'code_used', 'this enrolment code has already been used; ask the operator for a new one', 'code');
  return new PlatformError(401, 'code_expired', 'this enrolment code has expired; ask the operator for a new one', 'code');
}

/** Revokes the terminal's credential at once: every later request is refused with 'revoked'. */
export async function revokeTerminal(db: Queryable, terminalId: string): Promise<{ terminalId: string; revokedAt: string }> {
  const r = await db.query<{ revoked_at: Date | string }>(
    'UPDATE terminals SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING revoked_at',
    [terminalId],
  );
  const row = r.rows[0];
  if (!row) throw new PlatformError(404, 'unknown_terminal', 'no terminal with this id');
  // This node refuses the terminal's next request; other nodes within TERMINAL_KEY_TTL_MS.
  forgetTerminalKey(db, terminalId);
  // Unused codes die with the credential: re-enrolment needs a code created after the revocation.
  await db.query('UPDATE enrollment_codes SET expires_at = now() WHERE terminal_id = $1 AND used_at IS NULL', [terminalId]);
  return { terminalId, revokedAt: new Date(row.revoked_at).toISOString() };
}
