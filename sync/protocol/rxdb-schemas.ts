// RxDB JSON schemas for the terminal's local collections, kept beside the zod schemas they mirror.
// A change here is a new version with a migration strategy (issue 4). Personal fields are encrypted
// at rest by RxDB's crypto-js plugin (renderer/data supplies the password from the host).
import { APPLICATION_SCHEMA_VERSION } from './application.js';
import { CATALOG_SCHEMA_VERSION } from './catalog.js';

const bilingual = {
  type: 'object',
  properties: { zh: { type: 'string' }, en: { type: 'string' } },
  required: ['zh', 'en'],
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
    includes: { type: 'array', items: { type: 'string' } },
    form: { type: 'array', items: { type: 'object' } },
    materials: { type: 'array', items: { type: 'object' } },
    sortOrder: { type: 'number', minimum: -1000000, maximum: 1000000, multipleOf: 1 },
    updatedAt: { type: 'string' },
  },
  required: ['id', 'kind', 'name', 'department', 'form', 'sortOrder', 'updatedAt'],
  indexes: ['sortOrder'],
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
  },
  required: ['id', 'applicationNumber', 'terminalId', 'serviceId', 'applicant', 'formData', 'submittedAt', 'status'],
  encrypted: ['applicant', 'formData'],
  indexes: ['status', 'submittedAt'],
} as const;
