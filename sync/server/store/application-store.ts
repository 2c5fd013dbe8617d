// Applications on the platform: idempotent intake from terminals, status changes by operators,
// and per-terminal pulls ordered by the platform sequence.
import type { ApplicationDoc, ApplicationStatus, Checkpoint, PullResponse } from '../../protocol/index.js';
import type { Database, Queryable } from '../db/types.js';
import { PlatformError } from '../errors.js';
import {
  sameApplicationContent as sameContent,
  sameApplicationDocument as sameDocument,
  withPlatformStatus,
} from '../../protocol/application-ownership.js';
import { lockSequence, nextSeq } from './sequence.js';

export interface IncomingRow {
  /** Whatever the terminal believes the platform holds (unvalidated: only compared). */
  assumedMasterState: unknown;
  newDocumentState: ApplicationDoc;
}

interface StoredRow {
  terminal_id: string;
  doc: ApplicationDoc;
}

export const OPERATOR_STATUSES = ['accepted', 'correction_needed', 'in_progress', 'completed', 'rejected'] as const;
export type OperatorStatus = (typeof OPERATOR_STATUSES)[number];
const FINAL_STATUSES: readonly ApplicationStatus[] = ['completed', 'rejected'];

/**
 * Stores a batch from one terminal in one transaction and returns the conflicts (the platform's current
 * state of each row the terminal was wrong about), as RxDB's push protocol expects.
 *
 * Convergence rules:
 * - new id: stored once with status 'received'; it flows back by pull.
 * - assumed state matches the platform's: the terminal's content is taken, the status stays the platform's.
 * - assumed state is stale but the content is identical (the terminal's earlier ack was lost): not a conflict.
 * - otherwise: a conflict; the terminal's conflict handler merges and pushes again.
 * Whenever what the platform holds differs from what the terminal sent, the row gets a new sequence number,
 * because RxDB will not pull a document it has already passed and the terminal must see the platform's state.
 */
export async function pushApplications(db: Database, terminalId: string, rows: readonly IncomingRow[]): Promise<ApplicationDoc[]> {
  return db.transaction(async (tx) => {
    await lockSequence(tx);
    const conflicts: ApplicationDoc[] = [];
    for (const row of rows) {
      const doc = row.newDocumentState;
      const found = await tx.query<StoredRow>('SELECT terminal_id, doc FROM applications WHERE id = $1 FOR UPDATE', [doc.id]);
      const existing = found.rows[0];
      if (!existing) {
        // A terminal deleting an application the platform never saw (e.g. cancelled before sending): nothing to keep.
        if (doc._deleted) continue;
        await insertReceived(tx, terminalId, doc);
        continue;
      }
      if (existing.terminal_id !== terminalId) {
        throw new PlatformError(409, 'id_taken', 'an application with this id belongs to another terminal', 'id');
      }
      const master = existing.doc;
      const assumedMatches = row.assumedMasterState != null && sameDocument(row.assumedMasterState, master);
      if (!assumedMatches && !sameContent(doc, master)) {
        conflicts.push(master);
        continue;
      }
      // The platform is the record: a terminal can neither change the status nor delete the application.
      const next = withPlatformStatus(doc, master);
      if (sameDocument(next, master) && sameDocument(doc, master)) continue;
      const seq = await nextSeq(tx);
      await tx.query('UPDATE applications SET doc = $2::jsonb, seq = $3, updated_at = now() WHERE id = $1', [
        doc.id,
        JSON.stringify(next),
        seq,
      ]);
    }
    return conflicts;
  });
}

async function insertReceived(tx: Queryable, terminalId: string, doc: ApplicationDoc): Promise<void> {
  const stored: ApplicationDoc = { ...doc, status: 'received', statusNote: '', statusUpdatedAt: new Date().toISOString(), _deleted: false };
  const seq = await nextSeq(tx);
  await tx.query(
    'INSERT INTO applications (id, terminal_id, doc, status, seq) VALUES ($1, $2, $3::jsonb, $4, $5)',
    [doc.id, terminalId, JSON.stringify(stored), stored.status, seq],
  );
  await tx.query(
    `INSERT INTO application_status_history (application_id, from_status, to_status, changed_by) VALUES ($1, NULL, $2, $3)`,
    [doc.id, stored.status, `terminal:${terminalId}`],
  );
}

export async function pullApplications(
  db: Queryable,
  terminalId: string,
  checkpoint: Checkpoint,
  limit: number,
): Promise<PullResponse<ApplicationDoc>> {
  const r = await db.query<{ doc: ApplicationDoc; seq: string | number }>(
    'SELECT doc, seq FROM applications WHERE terminal_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
    [terminalId, checkpoint.seq, limit],
  );
  const last = r.rows[r.rows.length - 1];
  return { documents: r.rows.map((row) => row.doc), checkpoint: last ? { seq: Number(last.seq) } : checkpoint };
}

/** An operator moves an application on; the new sequence number sends it back to its terminal. */
export async function setApplicationStatus(
  db: Database,
  id: string,
  status: OperatorStatus,
  note: string,
  changedBy: string,
): Promise<ApplicationDoc> {
  return db.transaction(async (tx) => {
    const found = await tx.query<StoredRow>('SELECT terminal_id, doc FROM applications WHERE id = $1 FOR UPDATE', [id]);
    const existing = found.rows[0];
    if (!existing) throw new PlatformError(404, 'not_found', 'no application with this id', 'id');
    const from = existing.doc.status;
    if (FINAL_STATUSES.includes(from)) {
      throw new PlatformError(409, 'final_status', `application is already ${from} and cannot change`, 'status');
    }
    const next: ApplicationDoc = { ...existing.doc, status, statusNote: note, statusUpdatedAt: new Date().toISOString() };
    const seq = await nextSeq(tx);
    await tx.query('UPDATE applications SET doc = $2::jsonb, status = $3, seq = $4, updated_at = now() WHERE id = $1', [
      id,
      JSON.stringify(next),
      status,
      seq,
    ]);
    await tx.query(
      'INSERT INTO application_status_history (application_id, from_status, to_status, note, changed_by) VALUES ($1, $2, $3, $4, $5)',
      [id, from, status, note, changedBy],
    );
    return next;
  });
}

export interface ListedApplication {
  application: ApplicationDoc;
  seq: number;
  receivedAt: string;
}

export interface ListFilter {
  terminalId?: string | undefined;
  status?: ApplicationStatus | undefined;
  afterSeq: number;
  limit: number;
}

export async function listApplications(db: Queryable, filter: ListFilter): Promise<ListedApplication[]> {
  const r = await db.query<{ doc: ApplicationDoc; seq: string | number; received_at: Date | string }>(
    `SELECT doc, seq, received_at FROM applications
     WHERE seq > $1 AND ($2::text IS NULL OR terminal_id = $2) AND ($3::text IS NULL OR status = $3)
     ORDER BY seq LIMIT $4`,
    [filter.afterSeq, filter.terminalId ?? null, filter.status ?? null, filter.limit],
  );
  return r.rows.map((row) => ({
    application: row.doc,
    seq: Number(row.seq),
    receivedAt: new Date(row.received_at).toISOString(),
  }));
}
