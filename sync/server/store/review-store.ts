// Reviews (好差评): written once, idempotent on the client id. A re-sent review is ignored; the first
// copy stands (a review is never edited), so push never reports conflicts.
import type { ReviewDoc } from '../../protocol/index.js';
import type { Database, Queryable } from '../db/types.js';

export async function pushReviews(db: Database, terminalId: string, reviews: readonly ReviewDoc[]): Promise<number> {
  return db.transaction(async (tx) => {
    let inserted = 0;
    for (const review of reviews) {
      const { _deleted: _ignored, ...doc } = review;
      const r = await tx.query(
        `INSERT INTO reviews (id, terminal_id, doc, level, service_id) VALUES ($1, $2, $3::jsonb, $4, $5)
         ON CONFLICT (id) DO NOTHING RETURNING 1`,
        [doc.id, terminalId, JSON.stringify(doc), doc.level, doc.serviceId],
      );
      inserted += r.rows.length;
    }
    return inserted;
  });
}

export async function listReviews(db: Queryable, limit = 100): Promise<{ review: ReviewDoc; receivedAt: string }[]> {
  const r = await db.query<{ doc: ReviewDoc; received_at: Date | string }>(
    'SELECT doc, received_at FROM reviews ORDER BY received_at, id LIMIT $1',
    [limit],
  );
  return r.rows.map((row) => ({ review: row.doc, receivedAt: new Date(row.received_at).toISOString() }));
}
