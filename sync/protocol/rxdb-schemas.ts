// RxDB JSON schemas for the terminal's local collections, kept beside the zod schemas they mirror.
// A change here is a new version with a migration strategy (issue 4). Personal fields are encrypted
// at rest (renderer/src/data/encrypted-storage.ts: AES-GCM; the password comes from the host).
import { APPLICATION_SCHEMA_VERSION } from './application.js';
import { CATALOG_SCHEMA_VERSION, DEFAULT_IDENTIFICATION } from './catalog.js';

const bilingual = {
  type: 'object',
  properties: { zh: { type: 'string' }, en: { type: 'string' } },
  required: ['zh', 'en'],
} as const;

/** catalogRxSchema as the previous release wrote it (RxDB version 0), for migration tests. */
export const catalogRxSchemaV0 = {
  title: 'catalog',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 100 },
    kind: { type: 'string' },
    code: { type: 'string' },
    name: bilingual,
    department: bilingual,
    lifeEvents: { type: 'array', items: { type: 'string' } },
    keywords: { type: 'array', items: { type: 'string' } },
    highFrequency: { type: 'boolean' },
    requiresNetwork: { type: 'boolean' },
    acceptsCardTypes: { type: 'array', items: { type: 'string' } },
    includes: { type: 'array', items: { type: 'string' } },
    form: { type: 'array', items: { type: 'object' } },
    materials: { type: 'array', items: { type: 'object' } },
    sortOrder: { type: 'number', minimum: -1000000, maximum: 1000000, multipleOf: 1 },
    updatedAt: { type: 'string' },
  },
  required: ['id', 'kind', 'name', 'department', 'form', 'sortOrder', 'updatedAt'],
  indexes: ['sortOrder'],
} as const;

export const catalogRxSchema = {
  title: 'catalog',
  version: CATALOG_SCHEMA_VERSION - 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 100 },
    kind: { type: 'string' },
    code: { type: 'string' },
    name: bilingual,
    department: bilingual,
    lifeEvents: { type: 'array', items: { type: 'string' } },
    keywords: { type: 'array', items: { type: 'string' } },
    highFrequency: { type: 'boolean' },
    requiresNetwork: { type: 'boolean' },
    acceptsCardTypes: { type: 'array', items: { type: 'string' } },
    // Version 2 (RxDB version 1): how a person may identify, and the service's own 告知承诺 clauses.
    identification: { type: 'array', items: { type: 'string' }, minItems: 1 },
    includes: { type: 'array', items: { type: 'string' } },
    form: { type: 'array', items: { type: 'object' } },
    materials: { type: 'array', items: { type: 'object' } },
    commitment: { type: 'array', items: bilingual },
    sortOrder: { type: 'number', minimum: -1000000, maximum: 1000000, multipleOf: 1 },
    updatedAt: { type: 'string' },
  },
  required: ['id', 'kind', 'name', 'department', 'identification', 'form', 'sortOrder', 'updatedAt'],
  indexes: ['sortOrder'],
} as const;

/**
 * Migration strategies of catalogRxSchema. The catalog is the platform's, cached: RxDB version 0 → 1 (contract
 * 1 → 2) added `identification` and `commitment`. A cached item gets the default ways to identify (card and QR,
 * the old behaviour) unless the stored document already carries them; sync/client names its catalog replication
 * after the contract version, so the next pull fetches every item again with its real values.
 */
export const catalogMigrationStrategies = {
  1: (doc: Record<string, unknown>): Record<string, unknown> => ({
    ...doc,
    identification: Array.isArray(doc.identification) && doc.identification.length > 0 ? doc.identification : [...DEFAULT_IDENTIFICATION],
  }),
};


/**
 * Migration strategies of applicationRxSchema (RxDB's migration-schema plugin; every process that opens an
 * applications collection passes them, and sync/client registers the plugin). RxDB runs them on open, before
 * anything reads the collection, and through the replication's own bookkeeping (assumed master states) too,
 * so a migrated, acknowledged document still equals what the platform is assumed to hold and is not re-pushed.
 *
 * RxDB version 0 → 1 (contract version 1 → 2): `attachments` was added. A stored version-1 document gets an empty
 * list and keeps everything else, including `schemaVersion: 1` (the contract it was taken under, which the
 * platform still accepts) and a legacy finger signature: the SVG path in formData._signature stays where it is and
 * stays readable. It is not converted to a PNG attachment: the document may already be acknowledged, and the
 * platform's record of it must not change.
 */
export const applicationMigrationStrategies = {
  1: (doc: Record<string, unknown>): Record<string, unknown> => ({ ...doc, attachments: Array.isArray(doc.attachments) ? doc.attachments : [] }),
  // RxDB version 1 → 2 (contract 2 → 3): `commitment` was added, optional. A stored document keeps its version
  // and stays as it is: the text it was signed under was not recorded, and must not be guessed afterwards.
  2: (doc: Record<string, unknown>): Record<string, unknown> => doc,
};

/** applicationRxSchema as the previous release wrote it (RxDB version 0), for migration tests. */
export const applicationRxSchemaV0 = {
  title: 'applications',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 36 },
    applicationNumber: { type: 'string', maxLength: 40 },
    terminalId: { type: 'string' },
    serviceId: { type: 'string' },
    applicant: { type: 'object' },
    formData: { type: 'object' },
    submittedAt: { type: 'string', maxLength: 30 },
    takenOffline: { type: 'boolean' },
    status: { type: 'string', maxLength: 20 },
    statusNote: { type: 'string' },
    statusUpdatedAt: { type: 'string' },
    schemaVersion: { type: 'number' },
  },
  required: ['id', 'applicationNumber', 'terminalId', 'serviceId', 'applicant', 'formData', 'submittedAt', 'status'],
  encrypted: ['applicant', 'formData'],
  indexes: ['status', 'submittedAt'],
} as const;

/** applicationRxSchema as the previous release wrote it (RxDB version 1, contract 2), for migration tests. */
export const applicationRxSchemaV1 = {
  title: 'applications',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 36 },
    applicationNumber: { type: 'string', maxLength: 40 },
    terminalId: { type: 'string' },
    serviceId: { type: 'string' },
    applicant: { type: 'object' },
    formData: { type: 'object' },
    submittedAt: { type: 'string', maxLength: 30 },
    takenOffline: { type: 'boolean' },
    status: { type: 'string', maxLength: 20 },
    statusNote: { type: 'string' },
    statusUpdatedAt: { type: 'string' },
    schemaVersion: { type: 'number' },
    // Version 2 (RxDB version 1): references only, not personal data, so not encrypted; the bytes stay in the
    // host, encrypted there (main/host/attachment-store.ts).
    attachments: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          sha256: { type: 'string' },
          size: { type: 'number' },
          mediaType: { type: 'string' },
          kind: { type: 'string' },
          materialId: { type: 'string' },
        },
        required: ['sha256', 'size', 'mediaType', 'kind'],
      },
    },
  },
  required: ['id', 'applicationNumber', 'terminalId', 'serviceId', 'applicant', 'formData', 'submittedAt', 'status', 'attachments'],
  encrypted: ['applicant', 'formData'],
  indexes: ['status', 'submittedAt'],
} as const;

export const applicationRxSchema = {
  title: 'applications',
  version: APPLICATION_SCHEMA_VERSION - 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 36 },
    applicationNumber: { type: 'string', maxLength: 40 },
    terminalId: { type: 'string' },
    serviceId: { type: 'string' },
    applicant: { type: 'object' },
    formData: { type: 'object' },
    submittedAt: { type: 'string', maxLength: 30 },
    takenOffline: { type: 'boolean' },
    status: { type: 'string', maxLength: 20 },
    statusNote: { type: 'string' },
    statusUpdatedAt: { type: 'string' },
    schemaVersion: { type: 'number' },
    // Version 2 (RxDB version 1): references only, not personal data, so not encrypted; the bytes stay in the
    // host, encrypted there (main/host/attachment-store.ts).
    attachments: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          sha256: { type: 'string' },
          size: { type: 'number' },
          mediaType: { type: 'string' },
          kind: { type: 'string' },
          materialId: { type: 'string' },
        },
        required: ['sha256', 'size', 'mediaType', 'kind'],
      },
    },
    // Version 3 (RxDB version 2): the commitment text as signed (catalog wording, not personal: not encrypted).
    // Optional: absent for applications without a commitment and for those taken under versions 1 and 2.
    commitment: { type: 'object' },
  },
  required: ['id', 'applicationNumber', 'terminalId', 'serviceId', 'applicant', 'formData', 'submittedAt', 'status', 'attachments'],
  encrypted: ['applicant', 'formData'],
  indexes: ['status', 'submittedAt'],
} as const;
