// The published service catalog. Every publish takes a new sequence number so terminals pull it.
import type { CatalogItem, Checkpoint, PullResponse } from '../../protocol/index.js';
import type { Database, Queryable } from '../db/types.js';
import { nextSeq } from './sequence.js';

export async function publishCatalogItems(db: Database, items: readonly CatalogItem[]): Promise<Checkpoint> {
  return db.transaction(async (tx) => {
    let seq = 0;
    for (const item of items) {
      seq = await nextSeq(tx);
      await tx.query(
        `INSERT INTO catalog_items (id, doc, seq) VALUES ($1, $2::jsonb, $3)
         ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc, seq = EXCLUDED.seq, published_at = now()`,
        [item.id, JSON.stringify(item), seq],
      );
    }
    return { seq };
  });
}

export async function pullCatalog(db: Queryable, checkpoint: Checkpoint, limit: number): Promise<PullResponse<CatalogItem>> {
  const r = await db.query<{ doc: CatalogItem; seq: string | number }>(
    'SELECT doc, seq FROM catalog_items WHERE seq > $1 ORDER BY seq LIMIT $2',
    [checkpoint.seq, limit],
  );
  const last = r.rows[r.rows.length - 1];
  return { documents: r.rows.map((row) => row.doc), checkpoint: last ? { seq: Number(last.seq) } : checkpoint };
}

export async function countCatalogItems(db: Queryable): Promise<number> {
  const r = await db.query<{ n: string | number }>('SELECT count(*) AS n FROM catalog_items');
  return Number(r.rows[0]?.n ?? 0);
}
