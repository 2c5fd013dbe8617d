// Who is calling? The single place terminal authentication lives, so issue 4 (enrolment + signed
// requests) swaps this module and nothing else. Routes only ever see an authenticated terminal id.
import type { FastifyRequest } from 'fastify';
import { TERMINAL_ID_HEADER, TERMINAL_KEY_HEADER } from '../../protocol/index.js';
import type { Queryable } from '../db/types.js';
import { PlatformError } from '../errors.js';
import { hashKey, keyMatches, newSalt } from './key-hash.js';

export interface AuthenticatedTerminal {
  readonly terminalId: string;
}

const TERMINAL_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export async function authenticateTerminal(db: Queryable, req: FastifyRequest): Promise<AuthenticatedTerminal> {
  const terminalId = header(req, TERMINAL_ID_HEADER);
  const key = header(req, TERMINAL_KEY_HEADER);
  if (terminalId === undefined || key === undefined) {
    throw new PlatformError(401, 'unknown_terminal', `headers ${TERMINAL_ID_HEADER} and ${TERMINAL_KEY_HEADER} are required`);
  }
  const found = await db.query<{ key_salt: string; key_hash: string }>(
    'SELECT key_salt, key_hash FROM terminals WHERE id = $1',
    [terminalId],
  );
  const row = found.rows[0];
  if (!row) throw new PlatformError(401, 'unknown_terminal', 'terminal is not registered with the platform');
  if (!keyMatches(row.key_salt, row.key_hash, key)) {
    throw new PlatformError(401, 'bad_credential', 'terminal key does not match');
  }
  // Operators want to see when a terminal last reached the platform. At most one write a minute per
  // terminal: terminals poll every few seconds, and a lost update here is harmless.
  await db.query(
    `UPDATE terminals SET last_seen_at = now()
     WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')`,
    [terminalId],
  );
  return { terminalId };
}

/** Registers a terminal or replaces its key. */
export async function registerTerminal(db: Queryable, terminalId: string, key: string): Promise<void> {
  if (!TERMINAL_ID.test(terminalId)) throw new PlatformError(400, 'invalid_terminal_id', 'terminal id must be 1-64 of A-Z a-z 0-9 _ . -', 'id');
  if (key.length < 16) throw new PlatformError(400, 'weak_key', 'terminal key must be at least 16 characters', 'key');
  const salt = newSalt();
  await db.query(
    `INSERT INTO terminals (id, key_salt, key_hash) VALUES ($1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET key_salt = EXCLUDED.key_salt, key_hash = EXCLUDED.key_hash`,
    [terminalId, salt, hashKey(salt, key)],
  );
}
