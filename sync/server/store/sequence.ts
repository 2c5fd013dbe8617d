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
