// Takes the next platform sequence number inside a transaction. The row lock it takes is held until
// commit, so changes become visible in sequence order (see migration 1).
import type { Queryable } from '../db/types.js';

export async function nextSeq(tx: Queryable): Promise<number> {
  const r = await tx.query<{ value: string | number }>('UPDATE sync_sequence SET value = value + 1 WHERE id = 1 RETURNING value');
  const row = r.rows[0];
  if (!row) throw new Error('sync_sequence row missing: migrations not applied');
  return Number(row.value);
}

/**
 * Serialises writers that first read, then write (an insert of a new id cannot be locked with FOR UPDATE,
 * so two concurrent pushes of the same new document would otherwise both try to insert it).
 */
export async function lockSequence(tx: Queryable): Promise<void> {
  await tx.query('SELECT value FROM sync_sequence WHERE id = 1 FOR UPDATE');
}

/**
 * Takes `count` consecutive sequence numbers at once and returns the first. Like nextSeq, it holds the row
 * lock until commit, so callers take it as late as possible: only the writes and the commit wait behind it.
 */
export async function takeSeqs(tx: Queryable, count: number): Promise<number> {
  const r = await tx.query<{ value: string | number }>('UPDATE sync_sequence SET value = value + $1 WHERE id = 1 RETURNING value', [count]);
  const row = r.rows[0];
  if (!row) throw new Error('sync_sequence row missing: migrations not applied');
  return Number(row.value) - count + 1;
}
