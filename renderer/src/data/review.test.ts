import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { openTerminalDatabase, type TerminalDatabase } from './database.js';
import { saveReview } from './review.js';

const open: TerminalDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
});

async function openDb(indexedDB: IDBFactory, name = 'yichuang-review-test'): Promise<TerminalDatabase> {
  const storage = getRxStorageDexie({ indexedDB, IDBKeyRange }) as RxStorage<unknown, unknown>;
  const db = await openTerminalDatabase({ terminalId: 'T0001', password: 'local-data-key-for-tests', baseStorage: storage, name });
  open.push(db);
  return db;
}

describe('saveReview', () => {
  it('stores a review durably with this terminal id; it is still there after the database is reopened', async () => {
    const indexedDB = new IDBFactory();
    const db = await openDb(indexedDB);
    const saved = await saveReview(db, { serviceId: 'svc-residence-permit', level: 5, reasons: [], text: '' }, { now: new Date('2026-11-22T03:00:00Z') });
    if (!saved.ok) throw new Error(saved.error.detail);
    await db.close();
    open.splice(0);
    const again = await openDb(indexedDB);
    const doc = await again.reviews.findOne(saved.value.reviewId).exec();
    expect(doc?.toJSON()).toMatchObject({ terminalId: 'T0001', serviceId: 'svc-residence-permit', level: 5, reasons: [], createdAt: '2026-11-22T03:00:00.000Z' });
  });

  it('below 基本满意 a reason is required; nothing is stored without one', async () => {
    const db = await openDb(new IDBFactory());
    const refused = await saveReview(db, { serviceId: 'svc-a', level: 2, reasons: [], text: '排队太久' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid', detail: expect.stringContaining('reasons') } });
    if (!refused.ok) expect(refused.error.detail).not.toContain('排队太久');
    expect(await db.reviews.count().exec()).toBe(0);
    const fine = await saveReview(db, {
      serviceId: 'svc-a',
      applicationId: '0b7e3c1a-5d2f-4c3b-9a1e-2f4d6b8c0a11',
      level: 1,
      reasons: ['waiting_time'],
      text: '  排队太久  ',
    });
    expect(fine.ok).toBe(true);
    const docs = await db.reviews.find().exec();
    expect(docs.map((d) => [d.level, d.text, d.applicationId])).toEqual([[1, '排队太久', '0b7e3c1a-5d2f-4c3b-9a1e-2f4d6b8c0a11']]);
  });
});
