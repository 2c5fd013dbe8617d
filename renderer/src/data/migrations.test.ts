// A terminal updated in place: its IndexedDB was written by the previous release (applications at RxDB
// schema version 0, contract version 1, no attachments; a finger signature as an SVG path in formData).
// Opening it with this release migrates the stored documents; nothing is lost, nothing is re-pushed.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createRxDatabase, type RxJsonSchema, type RxStorage } from 'rxdb';
import { wrappedKeyEncryptionCryptoJsStorage } from 'rxdb/plugins/encryption-crypto-js';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { applicationSchema } from '../../../sync/protocol/application.js';
import { catalogRxSchemaV0, applicationMigrationStrategies, applicationRxSchemaV0, applicationRxSchemaV1, catalogMigrationStrategies, catalogRxSchema } from '../../../sync/protocol/rxdb-schemas.js';
import { reviewRxSchema } from '../../../sync/protocol/review.js';
import { SAMPLE_ID, sampleCard } from '../test-support/fixtures.js';
import { openTerminalDatabase, type TerminalDatabase } from './database.js';
import { submitApplication } from './submit.js';

const PASSWORD = 'local-data-key-for-tests';
const NAME = 'yichuang-migration';
const open: TerminalDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.close()));
});

const legacy = {
  id: '3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b',
  applicationNumber: 'YC-T0001-20261121-0003',
  terminalId: 'T0001',
  serviceId: 'svc-social-security-card',
  applicant: { name: sampleCard.name, idNumber: SAMPLE_ID, cardType: 'resident' },
  formData: { phone: '13812345678', _commitment: 'signed', _signature: 'M10 10L20 20 30 15' },
  submittedAt: '2026-11-21T09:00:00.000Z',
  takenOffline: true,
  status: 'received',
  statusNote: '',
  statusUpdatedAt: '2026-11-21T09:05:00.000Z',
  schemaVersion: 1,
};

/** A catalog item as the previous release cached it (catalog contract 1: no identification, no commitment). */
const cachedCatalogItem = {
  id: 'svc-social-security-card',
  kind: 'service',
  code: '',
  name: { zh: '社会保障卡申领', en: 'Apply for a social security card' },
  department: { zh: '人力资源和社会保障局', en: 'Human Resources and Social Security Bureau' },
  lifeEvents: [],
  keywords: ['shebao'],
  highFrequency: true,
  requiresNetwork: false,
  acceptsCardTypes: ['resident'],
  includes: [],
  form: [],
  materials: [],
  sortOrder: 1,
  updatedAt: '2026-11-20T08:00:00.000Z',
};

/** Writes the database exactly as the previous release did: same storage stack, version-0 schema. */
async function writeWithPreviousRelease(storage: RxStorage<unknown, unknown>, docs: readonly object[]): Promise<void> {
  const db = await createRxDatabase({
    name: NAME,
    storage: wrappedKeyEncryptionCryptoJsStorage({ storage }) as RxStorage<unknown, unknown>,
    password: PASSWORD,
    multiInstance: false,
    localDocuments: true,
  });
  await db.addCollections({
    catalog: { schema: catalogRxSchemaV0 as unknown as RxJsonSchema<object> },
    applications: { schema: applicationRxSchemaV0 as unknown as RxJsonSchema<object> },
    reviews: { schema: reviewRxSchema as unknown as RxJsonSchema<object> },
  });
  await db.applications!.bulkInsert(docs.map((d) => ({ ...d })));
  await db.catalog!.insert({ ...cachedCatalogItem });
  await db.close();
}

describe('applications schema migration (contract 1 → 2)', () => {
  it('opens a database written by the previous release: every stored application readable, with attachments: []', async () => {
    const indexedDB = new IDBFactory();
    const storage = getRxStorageDexie({ indexedDB, IDBKeyRange }) as RxStorage<unknown, unknown>;
    const queued = { ...legacy, id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', applicationNumber: 'YC-T0001-20261121-0004', status: 'queued', statusUpdatedAt: '', formData: { phone: '13900000000' } };
    await writeWithPreviousRelease(storage, [legacy, queued]);

    const db = await openTerminalDatabase({ terminalId: 'T0001', password: PASSWORD, baseStorage: storage, name: NAME });
    open.push(db);
    const docs = (await db.applications.find().exec()).map((d) => d.toJSON());
    expect(docs).toHaveLength(2);
    const migrated = docs.find((d) => d.id === legacy.id)!;
    // Unchanged but for the empty list: the acknowledged record equals the platform's; the legacy SVG signature stays readable.
    expect(migrated).toMatchObject({ ...legacy, attachments: [] });
    expect(migrated.formData._signature).toBe('M10 10L20 20 30 15');
    // Both still satisfy the contract the platform checks (version 1 accepted on the wire).
    for (const d of docs) expect(applicationSchema.safeParse(d).success).toBe(true);
    // The queued one is still queued (it will be pushed), and personal fields still decrypt.
    expect(docs.find((d) => d.id === queued.id)).toMatchObject({ status: 'queued', applicant: { idNumber: SAMPLE_ID }, attachments: [] });

    // New applications are written as version 2 beside the migrated ones, with their attachment references.
    const ref = { sha256: 'a'.repeat(64), size: 1234, mediaType: 'image/png', kind: 'signature' } as const;
    const submitted = await submitApplication(db, {
      terminalId: 'T0001',
      serviceId: 'svc-social-security-card',
      applicant: { name: sampleCard.name, idNumber: SAMPLE_ID, cardType: 'resident' },
      formData: { phone: '13812345678' },
      attachments: [ref],
      offline: true,
    });
    expect(submitted.ok).toBe(true);
    const fresh = await db.applications.findOne(submitted.ok ? submitted.value.applicationId : '').exec();
    expect(fresh?.toJSON()).toMatchObject({ schemaVersion: 3, attachments: [ref] });
  });

  it('opening the migrated database again migrates nothing twice', async () => {
    const indexedDB = new IDBFactory();
    const storage = getRxStorageDexie({ indexedDB, IDBKeyRange }) as RxStorage<unknown, unknown>;
    await writeWithPreviousRelease(storage, [legacy]);
    const first = await openTerminalDatabase({ terminalId: 'T0001', password: PASSWORD, baseStorage: storage, name: NAME });
    await first.close();
    const again = await openTerminalDatabase({ terminalId: 'T0001', password: PASSWORD, baseStorage: storage, name: NAME });
    open.push(again);
    const docs = (await again.applications.find().exec()).map((d) => d.toJSON());
    expect(docs).toEqual([expect.objectContaining({ ...legacy, attachments: [] })]);
  });
});

describe('applications schema migration (contract 2 → 3)', () => {
  /** The release before this one: applications at RxDB version 1 (contract 2, attachments, no commitment text). */
  async function writeWithContract2(storage: RxStorage<unknown, unknown>, docs: readonly object[]): Promise<void> {
    const db = await createRxDatabase({
      name: NAME,
      storage: wrappedKeyEncryptionCryptoJsStorage({ storage }) as RxStorage<unknown, unknown>,
      password: PASSWORD,
      multiInstance: false,
      localDocuments: true,
    });
    await db.addCollections({
      catalog: { schema: catalogRxSchema as unknown as RxJsonSchema<object>, migrationStrategies: catalogMigrationStrategies },
      applications: { schema: applicationRxSchemaV1 as unknown as RxJsonSchema<object>, migrationStrategies: { 1: applicationMigrationStrategies[1] } },
      reviews: { schema: reviewRxSchema as unknown as RxJsonSchema<object> },
    });
    await db.applications!.bulkInsert(docs.map((d) => structuredClone(d)));
    await db.close();
  }

  it('a stored version-2 application with a commitment opens unchanged (its text was not recorded then and is not guessed); new ones carry theirs', async () => {
    const indexedDB = new IDBFactory();
    const storage = getRxStorageDexie({ indexedDB, IDBKeyRange }) as RxStorage<unknown, unknown>;
    const ref = { sha256: 'c'.repeat(64), size: 321, mediaType: 'image/png', kind: 'signature' };
    const v2 = { ...legacy, schemaVersion: 2, formData: { phone: '13812345678', '_material.proof': 'deferred', _commitment: 'signed' }, attachments: [ref] };
    await writeWithContract2(storage, [v2]);

    const db = await openTerminalDatabase({ terminalId: 'T0001', password: PASSWORD, baseStorage: storage, name: NAME });
    open.push(db);
    const [migrated] = (await db.applications.find().exec()).map((d) => d.toJSON());
    expect(migrated).toEqual(expect.objectContaining(v2));
    expect(migrated!.commitment).toBeUndefined();
    expect(applicationSchema.safeParse(migrated).success).toBe(true);

    const commitment = {
      deferredMaterials: [{ key: 'proof', name: { zh: '证明', en: 'Proof' } }],
      parts: [{ serviceId: 'svc-social-security-card', service: null, clauses: [{ zh: '本人承诺所填信息真实。', en: 'I promise the facts given are true.' }] }],
    };
    const submitted = await submitApplication(db, {
      terminalId: 'T0001',
      serviceId: 'svc-social-security-card',
      applicant: { name: sampleCard.name, idNumber: SAMPLE_ID, cardType: 'resident' },
      formData: { phone: '13812345678', '_material.proof': 'deferred', _commitment: 'signed' },
      attachments: [ref as never],
      commitment,
      offline: true,
    });
    expect(submitted.ok).toBe(true);
    const fresh = await db.applications.findOne(submitted.ok ? submitted.value.applicationId : '').exec();
    expect(fresh?.toJSON()).toMatchObject({ schemaVersion: 3, commitment });
  });
});

describe('catalog schema migration (contract 1 → 2)', () => {
  it('a cached catalog item stays on screen after the update, identified by card and QR until the platform sends it again', async () => {
    const indexedDB = new IDBFactory();
    const storage = getRxStorageDexie({ indexedDB, IDBKeyRange }) as RxStorage<unknown, unknown>;
    await writeWithPreviousRelease(storage, []);
    const db = await openTerminalDatabase({ terminalId: 'T0001', password: PASSWORD, baseStorage: storage, name: NAME });
    open.push(db);
    const items = (await db.catalog.find().exec()).map((d) => d.toJSON());
    expect(items).toEqual([expect.objectContaining({ ...cachedCatalogItem, identification: ['card', 'qr'] })]);
    expect(items[0]).not.toHaveProperty('commitment');
  });
});
