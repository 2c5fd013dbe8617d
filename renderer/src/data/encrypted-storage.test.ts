// Field encryption on the real storage (RxDB + Dexie on fake-indexeddb): what reaches IndexedDB, and that a
// terminal's database written by the earlier crypto-js encryption opens and reads after the update.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createRxDatabase, fillWithDefaultSettings, type RxCollection, type RxJsonSchema, type RxStorage } from 'rxdb';
import { wrappedKeyEncryptionCryptoJsStorage } from 'rxdb/plugins/encryption-crypto-js';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { APPLICATION_SCHEMA_VERSION } from '../../../sync/protocol/application.js';
import { applicationMigrationStrategies, applicationRxSchema } from '../../../sync/protocol/rxdb-schemas.js';
import { sampleCard } from '../test-support/fixtures.js';
import { openTerminalDatabase, type ApplicationRecord } from './database.js';
import { decryptField, encryptField, FIELD_CIPHER_PREFIX, fieldEncryptedStorage, fieldKey } from './encrypted-storage.js';

const PASSWORD = 'local-data-key-for-tests';
const NAME = 'yichuang-t0001';

const application = (id: string, status: ApplicationRecord['status'] = 'queued'): ApplicationRecord => ({
  id,
  applicationNumber: `YC-T0001-20261122-${id.slice(-4)}`,
  terminalId: 'T0001',
  serviceId: 'svc-residence-permit',
  applicant: { name: sampleCard.name, idNumber: sampleCard.idNumber, cardType: 'resident' as const },
  formData: { phone: '13812345678', address: sampleCard.address },
  attachments: [],
  submittedAt: '2026-11-22T02:30:00.000Z',
  takenOffline: true,
  status,
  statusNote: '',
  statusUpdatedAt: '2026-11-22T02:30:00.000Z',
  schemaVersion: APPLICATION_SCHEMA_VERSION,
});

/** The applications store's rows as IndexedDB holds them (read around RxDB). */
async function rawApplications(indexedDB: IDBFactory): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const { name } of await indexedDB.databases()) {
    if (!name?.includes('applications')) continue;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    for (const store of Array.from(db.objectStoreNames)) {
      const rows = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(store, 'readonly').objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      out.push(...(rows as Record<string, unknown>[]).filter((r) => typeof r.applicationNumber === 'string'));
    }
    db.close();
  }
  return out;
}

describe('field encryption at rest (AES-GCM through Web Crypto)', () => {
  it('stores personal fields as authenticated ciphertext and reads them back', async () => {
    const indexedDB = new IDBFactory();
    const storage = getRxStorageDexie({ indexedDB, IDBKeyRange }) as RxStorage<unknown, unknown>;
    const db = await openTerminalDatabase({ terminalId: 'T0001', password: PASSWORD, baseStorage: storage, name: NAME });
    await db.applications.insert(application('00000000-0000-4000-8000-000000000001'));
    await db.close();

    const [raw] = await rawApplications(indexedDB);
    expect(raw!.applicant).toMatch(new RegExp(`^${FIELD_CIPHER_PREFIX}`));
    expect(raw!.formData).toMatch(new RegExp(`^${FIELD_CIPHER_PREFIX}`));
    expect(JSON.stringify(raw)).not.toContain(sampleCard.idNumber);
    expect(JSON.stringify(raw)).not.toContain('13812345678');

    const again = await openTerminalDatabase({ terminalId: 'T0001', password: PASSWORD, baseStorage: storage, name: NAME });
    try {
      const doc = (await again.applications.findOne('00000000-0000-4000-8000-000000000001').exec())!.toJSON();
      expect(doc.applicant).toEqual({ name: sampleCard.name, idNumber: sampleCard.idNumber, cardType: 'resident' });
      expect(doc.formData.phone).toBe('13812345678');
    } finally {
      await again.close();
    }
  });

  it('a field written again unchanged keeps its ciphertext; a changed field, and the same value in another record, get their own', async () => {
    const indexedDB = new IDBFactory();
    const storage = getRxStorageDexie({ indexedDB, IDBKeyRange }) as RxStorage<unknown, unknown>;
    const db = await openTerminalDatabase({ terminalId: 'T0001', password: PASSWORD, baseStorage: storage, name: NAME });
    const [a, b] = ['00000000-0000-4000-8000-000000000031', '00000000-0000-4000-8000-000000000032'];
    const stored = async () => Object.fromEntries((await rawApplications(indexedDB)).map((r) => [r.id as string, r]));
    try {
      await db.applications.bulkInsert([application(a), application(b)]);
      const first = await stored();
      // Two citizens' records with equal values do not look equal at rest.
      expect(first[a]!.applicant).not.toBe(first[b]!.applicant);
      expect(first[a]!.formData).not.toBe(first[b]!.formData);

      // The platform's acknowledgement changes the status only (as replication writes it back).
      await db.applications.findOne(a).incrementalPatch({ status: 'received' });
      const acknowledged = await stored();
      expect(acknowledged[a]!.status).toBe('received');
      expect(acknowledged[a]!.applicant).toBe(first[a]!.applicant);
      expect(acknowledged[a]!.formData).toBe(first[a]!.formData);

      // The same fields with their keys in another order (as PostgreSQL's jsonb returns them) are the same value.
      const { name, idNumber, cardType } = application(a).applicant;
      await db.applications.findOne(a).incrementalPatch({ applicant: { cardType, idNumber, name } });
      expect((await stored())[a]!.applicant).toBe(first[a]!.applicant);

      // A changed value is encrypted anew and reads back as changed.
      await db.applications.findOne(a).incrementalPatch({ formData: { phone: '13900000000', address: sampleCard.address } });
      const changed = await stored();
      expect(changed[a]!.formData).not.toBe(first[a]!.formData);
      expect(changed[a]!.formData).toMatch(new RegExp(`^${FIELD_CIPHER_PREFIX}`));
      expect(JSON.stringify(changed[a])).not.toContain('13900000000');
    } finally {
      await db.close();
    }
    const again = await openTerminalDatabase({ terminalId: 'T0001', password: PASSWORD, baseStorage: storage, name: NAME });
    try {
      const doc = (await again.applications.findOne(a).exec())!.toJSON();
      expect(doc.formData.phone).toBe('13900000000');
      expect(doc.applicant.idNumber).toBe(sampleCard.idNumber);
    } finally {
      await again.close();
    }
  });

  it('a ciphertext changed on disk, or moved to another field, is refused instead of decrypted to something else', async () => {
    const key = await fieldKey(PASSWORD);
    const phone = await encryptField(key, 'formData', { phone: '13812345678' });
    expect(await decryptField(key, PASSWORD, 'formData', phone)).toEqual({ phone: '13812345678' });
    // Moved into the applicant field: the field path is authenticated with the ciphertext.
    await expect(decryptField(key, PASSWORD, 'applicant', phone)).rejects.toThrow();
    // One character changed.
    const body = phone.slice(FIELD_CIPHER_PREFIX.length);
    const flipped = FIELD_CIPHER_PREFIX + (body[20] === 'A' ? `${body.slice(0, 20)}B` : `${body.slice(0, 20)}A`) + body.slice(21);
    await expect(decryptField(key, PASSWORD, 'formData', flipped)).rejects.toThrow();
    // Another terminal's key.
    await expect(decryptField(await fieldKey('another-local-data-key'), 'another-local-data-key', 'formData', phone)).rejects.toThrow();
  });

  it('writes still complete after a change-stream subscriber leaves while events are being decrypted (a replication stopped)', async () => {
    const storage = fieldEncryptedStorage({ storage: getRxStorageMemory() as RxStorage<unknown, unknown> });
    const instance = await storage.createStorageInstance({
      databaseInstanceToken: 'token',
      databaseName: 'leaving',
      collectionName: 'applications',
      schema: fillWithDefaultSettings(applicationRxSchema as unknown as RxJsonSchema<unknown>),
      options: {},
      multiInstance: false,
      devMode: false,
      password: PASSWORD,
    });
    try {
      const write = (id: string, n: number) => {
        const doc = { ...application(id), _deleted: false, _attachments: {}, _rev: `${n}-a`, _meta: { lwt: Date.now() + n } };
        return instance.bulkWrite([{ document: doc }], 'test');
      };
      const seen: string[] = [];
      const sub = instance.changeStream().subscribe((bulk) => seen.push(...bulk.events.map((e) => e.documentId)));
      // Leave the moment the stored event appears underneath: its decryption (Web Crypto, asynchronous) is running.
      const underneath = (instance as unknown as { originalStorageInstance: typeof instance }).originalStorageInstance;
      const leave = underneath.changeStream().subscribe(() => sub.unsubscribe());
      await Promise.race([write('00000000-0000-4000-8000-000000000021', 1), new Promise((r) => setTimeout(r, 3000))]);
      leave.unsubscribe();
      const outcome = await Promise.race([
        write('00000000-0000-4000-8000-000000000022', 2).then(() => 'written'),
        new Promise((r) => setTimeout(() => r('hung'), 3000)),
      ]);
      expect(outcome).toBe('written');
      expect(seen).toEqual([]);
    } finally {
      await instance.close();
    }
  });

  it('a database written by the earlier crypto-js encryption opens and reads; rewritten records take the new format', async () => {
    const indexedDB = new IDBFactory();
    const base = getRxStorageDexie({ indexedDB, IDBKeyRange }) as RxStorage<unknown, unknown>;
    // The terminal as it was: the same database name, schema and password, through RxDB's crypto-js plugin.
    const before = await createRxDatabase<{ applications: RxCollection }>({
      name: NAME,
      storage: wrappedKeyEncryptionCryptoJsStorage({ storage: base }) as RxStorage<unknown, unknown>,
      password: PASSWORD,
      multiInstance: false,
    });
    await before.addCollections({ applications: { schema: applicationRxSchema as unknown as RxJsonSchema<unknown>, migrationStrategies: applicationMigrationStrategies } });
    await before.applications.bulkInsert([application('00000000-0000-4000-8000-000000000011'), application('00000000-0000-4000-8000-000000000012')]);
    await before.close();
    const legacy = await rawApplications(indexedDB);
    expect(legacy.map((r) => String(r.applicant).slice(0, 10))).toEqual(['U2FsdGVkX1', 'U2FsdGVkX1']);

    const after = await openTerminalDatabase({ terminalId: 'T0001', password: PASSWORD, baseStorage: base, name: NAME });
    try {
      const docs = (await after.applications.find().exec()).map((d) => d.toJSON());
      expect(docs.map((d) => d.applicant.idNumber)).toEqual([sampleCard.idNumber, sampleCard.idNumber]);
      expect(docs.map((d) => d.formData.phone)).toEqual(['13812345678', '13812345678']);
      // The platform acknowledges one: written again, now in the new format; the other stays as it was.
      await after.applications.findOne('00000000-0000-4000-8000-000000000011').incrementalPatch({ status: 'received' });
    } finally {
      await after.close();
    }
    const raw = Object.fromEntries((await rawApplications(indexedDB)).map((r) => [r.id, String(r.applicant)]));
    expect(raw['00000000-0000-4000-8000-000000000011']).toMatch(new RegExp(`^${FIELD_CIPHER_PREFIX}`));
    expect(raw['00000000-0000-4000-8000-000000000012']).toMatch(/^U2FsdGVkX1/);
  });
});
