// What operators see about terminals: enrolment, last contact and the latest heartbeat.
import type { HeartbeatBody, TerminalListEntry } from '../../protocol/index.js';
import type { Queryable } from '../db/types.js';

export async function recordHeartbeat(db: Queryable, terminalId: string, hb: HeartbeatBody): Promise<string> {
  const r = await db.query<{ last_heartbeat_at: Date | string }>(
    `UPDATE terminals SET last_heartbeat_at = now(), last_seen_at = now(), version = $2, queue_depth = $3,
       oldest_waiting_at = $4, device_health = $5::jsonb, held_count = $6
     WHERE id = $1 RETURNING last_heartbeat_at`,
    [terminalId, hb.version, hb.queueDepth, hb.oldestWaitingAt, JSON.stringify(hb.devices), hb.heldCount ?? null],
  );
  return new Date(r.rows[0]!.last_heartbeat_at).toISOString();
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

export async function listTerminals(db: Queryable): Promise<TerminalListEntry[]> {
  const r = await db.query<{
    id: string;
    signing_key: string | null;
    enrolled_at: unknown;
    revoked_at: unknown;
    last_seen_at: unknown;
    last_heartbeat_at: unknown;
    version: string | null;
    queue_depth: number | null;
    held_count: number | null;
    oldest_waiting_at: string | null;
    device_health: TerminalListEntry['devices'];
  }>(
    `SELECT id, signing_key, enrolled_at, revoked_at, last_seen_at, last_heartbeat_at, version, queue_depth,
            held_count, oldest_waiting_at, device_health
     FROM terminals ORDER BY id`,
  );
  return r.rows.map((row) => ({
    id: row.id,
    enrolled: row.signing_key !== null,
    revoked: row.revoked_at !== null,
    enrolledAt: iso(row.enrolled_at),
    revokedAt: iso(row.revoked_at),
    lastSeenAt: iso(row.last_seen_at),
    lastHeartbeatAt: iso(row.last_heartbeat_at),
    version: row.version,
    queueDepth: row.queue_depth,
    heldCount: row.held_count,
    oldestWaitingAt: row.oldest_waiting_at,
    devices: row.device_health,
  }));
}
