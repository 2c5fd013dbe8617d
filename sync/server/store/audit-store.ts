// Audit events from terminals: stored once per (terminal, event id), listed for operators in arrival order.
import type { AuditEventRecord, AuditListEntry, AuditPushResponse } from '../../protocol/index.js';
import type { Queryable } from '../db/types.js';

export async function storeAuditEvents(db: Queryable, terminalId: string, events: readonly AuditEventRecord[]): Promise<AuditPushResponse> {
  // One statement for the whole batch: all of it or none of it; duplicates (a retried batch) are skipped.
  const r = await db.query<{ event_id: string }>(
    `INSERT INTO audit_events (terminal_id, event_id, at, type, event)
     SELECT $1, e->>'id', (e->>'at')::timestamptz, e->>'type', e
     FROM jsonb_array_elements($2::jsonb) AS e
     ON CONFLICT (terminal_id, event_id) DO NOTHING
     RETURNING event_id`,
    [terminalId, JSON.stringify(events)],
  );
  return { stored: r.rows.length, duplicates: events.length - r.rows.length };
}

export interface AuditQuery {
  terminalId?: string;
  type?: string;
  /** seq of the last entry seen (0: from the start). */
  after: number;
  limit: number;
}

export async function listAuditEvents(db: Queryable, q: AuditQuery): Promise<{ events: AuditListEntry[]; last: number }> {
  const r = await db.query<{ seq: string | number; terminal_id: string; received_at: Date | string; event: AuditEventRecord }>(
    `SELECT seq, terminal_id, received_at, event FROM audit_events
     WHERE seq > $1 AND ($2::text IS NULL OR terminal_id = $2) AND ($3::text IS NULL OR type = $3)
     ORDER BY seq LIMIT $4`,
    [q.after, q.terminalId ?? null, q.type ?? null, q.limit],
  );
  const events = r.rows.map((row) => ({
    seq: Number(row.seq),
    terminalId: row.terminal_id,
    receivedAt: new Date(row.received_at).toISOString(),
    event: row.event,
  }));
  return { events, last: events.at(-1)?.seq ?? q.after };
}
