// Terminal signing keys and revocations held in memory for a short time, so an authenticated request costs
// no database read. Every terminal request is authenticated; at a few thousand requests a second the
// `SELECT ... FROM terminals` per request was a round trip on the platform's pool for a row that changes
// only on enrolment and revocation.
//
// Freshness: enrolment and revocation through this process forget the entry at once (enrollment.ts), so on
// one node a revocation refuses the very next request. Another API node on the same database keeps its
// copy for at most TERMINAL_KEY_TTL_MS: a revocation made through node A is enforced by node B within that
// bound (docs/scaling.md). A signature that does not match the cached key is checked once more against a
// fresh read before it is refused, and a revoked terminal's row is read on every request, so a re-enrolment
// through another node never locks a terminal out.
// Unknown terminal ids are never cached: strangers cannot fill the cache.
import type { Queryable } from '../db/types.js';

export const TERMINAL_KEY_TTL_MS = 15_000;

export interface TerminalKey {
  /** null: the terminal exists but has not enrolled. */
  readonly signingKey: string | null;
  readonly revoked: boolean;
}

interface Entry extends TerminalKey {
  readonly readAt: number;
}

interface Cache {
  readonly entries: Map<string, Entry>;
  /** Bumped by forgetTerminalKey: a read that started before a change must not be cached after it. */
  changes: number;
}

const caches = new WeakMap<Queryable, Cache>();

function cacheFor(db: Queryable): Cache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { entries: new Map(), changes: 0 };
    caches.set(db, cache);
  }
  return cache;
}

/** The terminal's key as stored, at most TERMINAL_KEY_TTL_MS old (fresh: read the database now). */
export async function terminalKey(
  db: Queryable,
  terminalId: string,
  now: number,
  fresh = false,
): Promise<TerminalKey | null> {
  const cache = cacheFor(db);
  const hit = cache.entries.get(terminalId);
  // Only a usable key is served from memory; a revoked or unenrolled terminal is read again each time (rare,
  // and a re-enrolment through another node must let it in at once).
  const usable = hit !== undefined && hit.signingKey !== null && !hit.revoked;
  if (!fresh && usable && now - hit.readAt < TERMINAL_KEY_TTL_MS && now >= hit.readAt) return hit;
  const changesBefore = cache.changes;
  const found = await db.query<{ signing_key: string | null; revoked_at: unknown }>(
    'SELECT signing_key, revoked_at FROM terminals WHERE id = $1',
    [terminalId],
  );
  const row = found.rows[0];
  if (!row) {
    cache.entries.delete(terminalId);
    return null;
  }
  const entry: Entry = { signingKey: row.signing_key, revoked: row.revoked_at !== null, readAt: now };
  if (cache.changes === changesBefore) cache.entries.set(terminalId, entry);
  return entry;
}

/** Enrolment or revocation changed the terminal's row: the next request reads it again. */
export function forgetTerminalKey(db: Queryable, terminalId: string): void {
  const cache = cacheFor(db);
  cache.changes++;
  cache.entries.delete(terminalId);
}
