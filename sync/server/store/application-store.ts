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
import { claimNonces, replayedNonceError, type NonceClaim } from '../auth/terminal-auth.js';
import { nextSeq, takeSeqs } from './sequence.js';

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
 * Stores a batch from one terminal and returns the conflicts (the platform's current state of each row the
 * terminal was wrong about), as RxDB's push protocol expects. Resolves only after the batch is committed.
 *
 * Convergence rules:
 * - new id: stored once with status 'received'; it flows back by pull.
 * - assumed state matches the platform's: the terminal's content is taken, the status stays the platform's.
 * - assumed state is stale but the content is identical (the terminal's earlier ack was lost): not a conflict.
 * - otherwise: a conflict; the terminal's conflict handler merges and pushes again.
 * Whenever what the platform holds differs from what the terminal sent, the row gets a new sequence number,
 * because RxDB will not pull a document it has already passed and the terminal must see the platform's state.
 *
 * Throughput: the sequence row lock orders commits (see sequence.ts), so commits cannot overlap and PostgreSQL
 * cannot share one WAL flush among them. Pushes are therefore committed in groups: pushes arriving while a
 * group commits wait and go into the next group, one transaction and one flush for all of them. Each push is
 * still decided on its own (one push refused with an error leaves the others of its group untouched), and
 * within a transaction the sequence lock is taken last, after every row is read, locked and decided.
 *
 * nonce: the signed request's nonce (auth/terminal-auth.ts authenticatePush). It is stored in the group's
 * transaction, first, so authentication costs the push no commit of its own; a push whose nonce was already
 * used is refused as replayed_nonce and nothing of it is written.
 */
export function pushApplications(
  db: Database,
  terminalId: string,
  rows: readonly IncomingRow[],
  nonce?: NonceClaim,
): Promise<ApplicationDoc[]> {
  let groups = pushGroups.get(db);
  if (!groups) {
    groups = new PushGroups(db);
    pushGroups.set(db, groups);
  }
  return groups.push(terminalId, rows, nonce);
}

interface PendingPush {
  terminalId: string;
  rows: readonly IncomingRow[];
  nonce: NonceClaim | undefined;
  resolve(conflicts: ApplicationDoc[]): void;
  reject(error: unknown): void;
}

type PushOutcome = { ok: true; conflicts: ApplicationDoc[] } | { ok: false; error: PlatformError };

/** A group stops growing at this many rows (one transaction's statements stay a sensible size). */
const MAX_GROUP_ROWS = 500;
const MAX_GROUPS_IN_FLIGHT = 2;
const pushGroups = new WeakMap<Database, PushGroups>();

class ConcurrentInsert extends Error {}

class PushGroups {
  private queue: PendingPush[] = [];
  private inFlight = 0;

  constructor(private readonly db: Database) {}

  push(terminalId: string, rows: readonly IncomingRow[], nonce: NonceClaim | undefined): Promise<ApplicationDoc[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ terminalId, rows, nonce, resolve, reject });
      this.startGroups();
    });
  }

  /**
   * Up to MAX_GROUPS_IN_FLIGHT groups at once: while one holds the sequence lock and waits for its WAL flush,
   * the next stores its nonces, reads and locks its rows and decides, and is ready to write the moment the
   * lock is free. Two groups are two writers, exactly as two API nodes are (ConcurrentInsert below).
   */
  private startGroups(): void {
    while (this.queue.length > 0 && this.inFlight < MAX_GROUPS_IN_FLIGHT) {
      let size = 0;
      let n = 0;
      while (n < this.queue.length && (n === 0 || size + this.queue[n]!.rows.length <= MAX_GROUP_ROWS)) size += this.queue[n++]!.rows.length;
      const group = this.queue.splice(0, n);
      this.inFlight++;
      void this.commit(group).finally(() => {
        this.inFlight--;
        this.startGroups();
      });
    }
  }

  private async commit(group: PendingPush[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const outcomes = await this.db.transaction((tx) => writeGroup(tx, group));
        group.forEach((p, i) => {
          const o = outcomes[i]!;
          if (o.ok) p.resolve(o.conflicts);
          else p.reject(o.error);
        });
        return;
      } catch (e) {
        // Another platform node inserted one of these new ids after we looked: run again, now seeing it.
        if (e instanceof ConcurrentInsert && attempt < 5) continue;
        for (const p of group) p.reject(e);
        return;
      }
    }
  }
}

interface NewRow {
  terminalId: string;
  doc: ApplicationDoc;
}

async function writeGroup(tx: Queryable, group: readonly PendingPush[]): Promise<PushOutcome[]> {
  // Nonces first: a replayed push is refused before anything of it is looked at.
  const claimed = group.filter((p) => p.nonce !== undefined);
  const fresh = await claimNonces(tx, claimed.map((p) => p.nonce!));
  const replayed = new Set(claimed.filter((_, i) => !fresh[i]));

  // Existing rows, locked in id order (two transactions never wait on each other in a cycle).
  const ids = [...new Set(group.filter((p) => !replayed.has(p)).flatMap((p) => p.rows.map((r) => r.newDocumentState.id)))].sort();
  const found = ids.length
    ? await tx.query<StoredRow & { id: string }>(
        `SELECT id, terminal_id, doc FROM applications WHERE id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY id FOR UPDATE`,
        ids,
      )
    : { rows: [] };
  const current = new Map<string, StoredRow>(found.rows.map((r) => [r.id, { terminal_id: r.terminal_id, doc: r.doc }]));
  const inserts = new Map<string, NewRow>();
  const updates = new Map<string, ApplicationDoc>();
  const outcomes: PushOutcome[] = [];
  for (const p of group) {
    if (replayed.has(p)) {
      outcomes.push({ ok: false, error: replayedNonceError() });
      continue;
    }
    // Decided on overlays of the group's state, merged only when the whole push is accepted.
    const cur = new Overlay(current);
    const ins = new Overlay(inserts);
    const upd = new Overlay(updates);
    try {
      const conflicts = decidePush(p.terminalId, p.rows, cur, ins, upd);
      cur.merge();
      ins.merge();
      upd.merge();
      outcomes.push({ ok: true, conflicts });
    } catch (e) {
      if (!(e instanceof PlatformError)) throw e;
      outcomes.push({ ok: false, error: e });
    }
  }
  if (inserts.size === 0 && updates.size === 0) return outcomes;

  // From here to commit the sequence lock is held: only writes follow.
  let seq = await takeSeqs(tx, inserts.size + updates.size);
  if (inserts.size > 0) {
    const rows = [...inserts.values()];
    const values = rows.map((_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}::jsonb, $${i * 5 + 4}, $${i * 5 + 5})`).join(', ');
    const params = rows.flatMap((r) => [r.doc.id, r.terminalId, JSON.stringify(r.doc), r.doc.status, seq++]);
    const inserted = await tx.query(
      `INSERT INTO applications (id, terminal_id, doc, status, seq) VALUES ${values} ON CONFLICT (id) DO NOTHING RETURNING id`,
      params,
    );
    if (inserted.rows.length !== rows.length) throw new ConcurrentInsert('a new application was inserted concurrently');
    const history = rows.map((_, i) => `($${i * 3 + 1}, NULL, $${i * 3 + 2}, $${i * 3 + 3})`).join(', ');
    await tx.query(
      `INSERT INTO application_status_history (application_id, from_status, to_status, changed_by) VALUES ${history}`,
      rows.flatMap((r) => [r.doc.id, r.doc.status, `terminal:${r.terminalId}`]),
    );
  }
  for (const [id, next] of updates) {
    await tx.query('UPDATE applications SET doc = $2::jsonb, seq = $3, updated_at = now() WHERE id = $1', [id, JSON.stringify(next), seq++]);
  }
  return outcomes;
}

/**
 * One push's changes on top of the group's state: reads see the push's own changes first, and merge() applies
 * them only once the push is accepted. (Copying the group's maps for every push made a group of n pushes cost
 * n² map entries: a tenth of the platform's CPU at 500 pushes per group.)
 */
class Overlay<V> {
  private readonly own = new Map<string, V>();
  constructor(private readonly base: Map<string, V>) {}
  get(key: string): V | undefined {
    return this.own.has(key) ? this.own.get(key) : this.base.get(key);
  }
  has(key: string): boolean {
    return this.own.has(key) || this.base.has(key);
  }
  set(key: string, value: V): void {
    this.own.set(key, value);
  }
  merge(): void {
    for (const [k, v] of this.own) this.base.set(k, v);
  }
}

/** The convergence rules for one push, applied to the group's state so far. Throws PlatformError to refuse it. */
function decidePush(
  terminalId: string,
  rows: readonly IncomingRow[],
  current: Overlay<StoredRow>,
  inserts: Overlay<NewRow>,
  updates: Overlay<ApplicationDoc>,
): ApplicationDoc[] {
  const conflicts: ApplicationDoc[] = [];
  const now = new Date().toISOString();
  for (const row of rows) {
    const doc = row.newDocumentState;
    const existing = current.get(doc.id);
    if (!existing) {
      // A terminal deleting an application the platform never saw (e.g. cancelled before sending): nothing to keep.
      if (doc._deleted) continue;
      const stored: ApplicationDoc = { ...doc, status: 'received', statusNote: '', statusUpdatedAt: now, _deleted: false };
      inserts.set(doc.id, { terminalId, doc: stored });
      current.set(doc.id, { terminal_id: terminalId, doc: stored });
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
    if (inserts.has(doc.id)) inserts.set(doc.id, { terminalId, doc: next });
    else updates.set(doc.id, next);
    current.set(doc.id, { ...existing, doc: next });
  }
  return conflicts;
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
