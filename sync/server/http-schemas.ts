// Request shapes at the platform's edge (zod), and their JSON Schema for the OpenAPI document.
// Fastify's own validation is switched off (app.ts): zod is the single source of truth and gives the
// PlatformErrorBody with the field path; the JSON Schemas here only document the routes.
import { z } from 'zod';
import { applicationSchema, applicationStatusSchema, catalogItemSchema, clientIdSchema } from '../protocol/index.js';
import { OPERATOR_STATUSES } from './store/application-store.js';

const uintString = z.string().regex(/^\d+$/, 'must be a non-negative integer');

export const MAX_PULL_LIMIT = 500;
export const MAX_PUSH_ROWS = 200;

export const pullQuerySchema = z.object({
  checkpoint: uintString.default('0').transform(Number),
  limit: uintString
    .default('100')
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_PULL_LIMIT)),
});

/** Rows are checked in two steps so a bad document reports its path inside the document. */
export const pushRowSchema = z.object({
  assumedMasterState: z.unknown().optional(),
  newDocumentState: z.unknown(),
});
export const pushBodySchema = z.array(pushRowSchema).max(MAX_PUSH_ROWS);

export const publishCatalogBodySchema = z.object({ items: z.array(z.unknown()).min(1).max(1000) });

export const statusChangeParamsSchema = z.object({ id: clientIdSchema });
export const statusChangeBodySchema = z.object({
  status: z.enum(OPERATOR_STATUSES),
  note: z.string().max(500).default(''),
});

export const listApplicationsQuerySchema = z.object({
  terminalId: z.string().min(1).max(64).optional(),
  status: applicationStatusSchema.optional(),
  after: uintString.default('0').transform(Number),
  limit: uintString
    .default('100')
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_PULL_LIMIT)),
});

// ---- JSON Schema for documentation only ----

type JsonSchema = Record<string, unknown>;

export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const applicationJson = toJsonSchema(applicationSchema, 'output');
const applicationInputJson = toJsonSchema(applicationSchema, 'input');
const catalogItemJson = toJsonSchema(catalogItemSchema, 'output');
const checkpointJson: JsonSchema = { type: 'object', properties: { seq: { type: 'integer', minimum: 0 } }, required: ['seq'] };

export const errorJson: JsonSchema = {
  type: 'object',
  description: 'PlatformErrorBody',
  properties: { error: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
  required: ['error', 'message'],
};

export const pullQueryJson: JsonSchema = {
  type: 'object',
  properties: {
    checkpoint: { type: 'string', pattern: '^\\d+$', description: 'last platform sequence seen (0 = from the start)' },
    limit: { type: 'string', pattern: '^\\d+$', description: `batch size, 1..${MAX_PULL_LIMIT} (default 100)` },
  },
};

export const pullResponseJson = (doc: JsonSchema): JsonSchema => ({
  type: 'object',
  properties: { documents: { type: 'array', items: doc }, checkpoint: checkpointJson },
  required: ['documents', 'checkpoint'],
});

export const docs = {
  application: applicationJson,
  catalogItem: catalogItemJson,
  pushBody: {
    type: 'array',
    maxItems: MAX_PUSH_ROWS,
    items: {
      type: 'object',
      properties: { assumedMasterState: { anyOf: [applicationInputJson, { type: 'null' }] }, newDocumentState: applicationInputJson },
      required: ['newDocumentState'],
    },
  } satisfies JsonSchema,
  pushResponse: { type: 'array', description: 'platform state of each conflicting row', items: applicationJson } satisfies JsonSchema,
  publishCatalogBody: {
    type: 'object',
    properties: { items: { type: 'array', items: toJsonSchema(catalogItemSchema, 'input') } },
    required: ['items'],
  } satisfies JsonSchema,
  statusChangeBody: toJsonSchema(statusChangeBodySchema),
  listQuery: {
    type: 'object',
    properties: {
      terminalId: { type: 'string' },
      status: toJsonSchema(applicationStatusSchema),
      after: { type: 'string', pattern: '^\\d+$' },
      limit: { type: 'string', pattern: '^\\d+$' },
    },
  } satisfies JsonSchema,
  idParams: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } }, required: ['id'] } satisfies JsonSchema,
};
