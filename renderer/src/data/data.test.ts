// The data layer on the real stack minus the browser: RxDB + Dexie storage on fake-indexeddb, wrapped in
// the field encryption (encrypted-storage.ts), exactly as shipped (no dev-mode).
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import type { RxStorage } from 'rxdb';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleCard, sampleService, SAMPLE_ID } from '../test-support/fixtures.js';
import { openTerminalDatabase, databaseNameFor, type TerminalDatabase } from './database.js';
import { sortCatalog } from './catalog.js';
import { formatApplicationNumber, localDay, submitApplication, type SubmitInput } from './submit.js';

const PASSWORD = 'local-data-key-for-tests';
const open: TerminalDatabase[] = [];

function freshStorage() {
  const indexedDB = new IDBFactory();
  return { indexedDB, storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) as RxStorage<unknown, unknown> };
}

async function openDb(storage: RxStorage<unknown, unknown>, name = 'yichuang-test'): Promise<TerminalDatabase> {
  const db = await openTerminalDatabase({ terminalId: 'T0001', password: PASSWORD, baseStorage: storage, name });
  open.push(db);
  return db;
}

async function closeDb(db: TerminalDatabase) {
  open.splice(open.indexOf(db), 1);
  await db.close();
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
});

const input = (overrides: Partial<SubmitInput> = {}): SubmitInput => ({
  terminalId: 'T0001',
  serviceId: sampleService.id,
  applicant: { name: sampleCard.name, idNumber: sampleCard.idNumber, cardType: 'resident' },
  formData: { phone: '13812345678', address: sampleCard.address },
  offline: true,
  now: new Date(2026, 10, 22, 10, 30),
  ...overrides,
});

/** Every string in the raw IndexedDB, read around RxDB: what an attacker with the disk would see. */
async function rawContents(indexedDB: IDBFactory): Promise<string> {
  const names = (await indexedDB.databases()).map((d) => d.name!);
  const out: string[] = [];
  for (const name of names) {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    for (const store of Array.from(db.objectStoreNames)) {
      const all = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(store, 'readonly').objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      out.push(JSON.stringify(all));
    }
    db.close();
  }
  return out.join('\n');
}

describe('terminal database', () => {
  it('derives a valid database name from the terminal id', () => {
    expect(databaseNameFor('T-0001')).toBe('yichuang-t-0001');
    expect(databaseNameFor('Hall A/3')).toBe('yichuang-hall_a_3');
  });

  it('opens with the three collections only (the free RxDB tier allows 13)', async () => {
    const { storage } = freshStorage();
    const db = await openDb(storage);
    expect(Object.keys(db.db.collections).sort()).toEqual(['applications', 'catalog', 'reviews']);
  });

  it('submit resolves only after the application is durably written, as queued, with a client id', async () => {
    const { storage } = freshStorage();
    const db = await openDb(storage);
    const result = await submitApplication(db, input());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.applicationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(result.value.applicationNumber).toBe('YC-T0001-20261122-0001');

    // Close and reopen: the document must be in IndexedDB, not just in RxDB's memory.
    await closeDb(db);
    const reopened = await openDb(storage);
    const doc = await reopened.applications.findOne(result.value.applicationId).exec();
    expect(doc?.toJSON()).toMatchObject({
      id: result.value.applicationId,
      status: 'queued',
      takenOffline: true,
      serviceId: sampleService.id,
      applicant: { name: sampleCard.name, idNumber: SAMPLE_ID, cardType: 'resident' },
      formData: { phone: '13812345678' },
      schemaVersion: 3,
      attachments: [],
    });
  });

  it('keeps personal fields encrypted at rest', async () => {
    const { storage, indexedDB } = freshStorage();
    const db = await openDb(storage);
    const result = await submitApplication(db, input());
    expect(result.ok).toBe(true);
    await closeDb(db);
    const raw = await rawContents(indexedDB);
    expect(raw).toContain('YC-T0001-20261122-0001');
    expect(raw).not.toContain(sampleCard.name);
    expect(raw).not.toContain(SAMPLE_ID);
    expect(raw).not.toContain('13812345678');
  });

  it('numbers applications per day without reuse, also across restarts', async () => {
    const { storage } = freshStorage();
    let db = await openDb(storage);
    const day1 = new Date(2026, 10, 22, 9);
    const numbers: string[] = [];
    const results = await Promise.all([1, 2, 3].map(() => submitApplication(db, input({ now: day1 }))));
    for (const r of results) if (r.ok) numbers.push(r.value.applicationNumber);
    await closeDb(db);
    db = await openDb(storage);
    const again = await submitApplication(db, input({ now: day1 }));
    const nextDay = await submitApplication(db, input({ now: new Date(2026, 10, 23, 9) }));
    if (again.ok) numbers.push(again.value.applicationNumber);
    if (nextDay.ok) numbers.push(nextDay.value.applicationNumber);
    expect(numbers).toEqual([
      'YC-T0001-20261122-0001',
      'YC-T0001-20261122-0002',
      'YC-T0001-20261122-0003',
      'YC-T0001-20261122-0004',
      'YC-T0001-20261123-0001',
    ]);
  });

  it('continues after the highest number already stored for the day (counter lost, applications pulled back)', async () => {
    const { storage } = freshStorage();
    const db = await openDb(storage);
    const first = await submitApplication(db, input());
    if (!first.ok) throw new Error('submit failed');
    // As replication would pull it back: another application of this terminal and day, numbered 0007.
    const pulled = (await db.applications.findOne(first.value.applicationId).exec())!.toMutableJSON();
    await db.applications.insert({ ...pulled, id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', applicationNumber: 'YC-T0001-20261122-0007' });
    await db.db.upsertLocal('application-seq', { day: '00000000', seq: 0 });
    const next = await submitApplication(db, input());
    expect(next.ok && next.value.applicationNumber).toBe('YC-T0001-20261122-0008');
  });

  it('refuses an application that does not match the protocol, writing nothing', async () => {
    const { storage } = freshStorage();
    const db = await openDb(storage);
    const result = await submitApplication(db, input({ applicant: { name: '张三', idNumber: '123', cardType: 'resident' } }));
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid' } });
    if (!result.ok) expect(result.error.detail).not.toContain('123');
    expect(await db.applications.count().exec()).toBe(0);
  });

  it('does not open with a different password', async () => {
    const { storage } = freshStorage();
    const db = await openDb(storage);
    await submitApplication(db, input());
    await closeDb(db);
    await expect(openTerminalDatabase({ terminalId: 'T0001', password: 'another-password-123', baseStorage: storage, name: 'yichuang-test' })).rejects.toThrow();
  });
});

describe('helpers', () => {
  it('formats application numbers with a 4-digit local sequence and the local day', () => {
    expect(formatApplicationNumber('T0001', '20261122', 7)).toBe('YC-T0001-20261122-0007');
    expect(localDay(new Date(2026, 0, 5, 23, 59))).toBe('20260105');
  });

  it('sorts high-frequency services first, then by sort order and name', () => {
    const item = (id: string, highFrequency: boolean, sortOrder: number, zh = id) => ({ id, highFrequency, sortOrder, name: { zh, en: id } });
    const sorted = sortCatalog([item('c', false, 1), item('b', true, 5), item('a', true, 2), item('d', false, 1, '阿')]);
    expect(sorted.map((i) => i.id)).toEqual(['a', 'b', 'd', 'c']);
  });
});
