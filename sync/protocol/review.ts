// 好差评: a citizen's review of a service (GB/T 39734-2020 five levels). Created on the terminal with a
// client-generated id, pushed once, never changed; the platform is idempotent on the id.
import { z } from 'zod';
import { clientIdSchema } from './application.js';

export const REVIEW_SCHEMA_VERSION = 1;

/** 5 = 非常满意 … 1 = 非常不满意. */
export const REVIEW_LEVELS = {
  5: { zh: '非常满意', en: 'Very satisfied' },
  4: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Fairly satisfied' },
  2: { zh: '不满意', en: 'Dissatisfied' },
  1: { zh: '非常不满意', en: 'Very dissatisfied' },
} as const;
export const reviewLevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
export type ReviewLevel = z.infer<typeof reviewLevelSchema>;

/** Below 基本满意 (level 3) a reason is required. */
export const lowestLevelWithoutReason = 3;

export const reviewSchema = z
  .object({
    id: clientIdSchema,
    applicationId: clientIdSchema.optional(),
    serviceId: z.string().min(1).max(100),
    terminalId: z.string().min(1).max(64),
    level: reviewLevelSchema,
    /** Reason codes chosen from a list (e.g. 'waiting_time'). */
    reasons: z.array(z.string().min(1).max(64)).max(10),
    /** Optional free text. */
    text: z.string().max(500),
    createdAt: z.iso.datetime({ offset: true }),
    schemaVersion: z.literal(REVIEW_SCHEMA_VERSION).default(REVIEW_SCHEMA_VERSION),
    _deleted: z.boolean().optional(),
  })
  .superRefine((r, ctx) => {
    if (r.level < lowestLevelWithoutReason && r.reasons.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['reasons'], message: 'a reason is required below 基本满意 (level 3)' });
    }
  });
export type ReviewDoc = z.infer<typeof reviewSchema>;

export const reviewRxSchema = {
  title: 'reviews',
  version: REVIEW_SCHEMA_VERSION - 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 36 },
    applicationId: { type: 'string', maxLength: 36 },
    serviceId: { type: 'string', maxLength: 100 },
    terminalId: { type: 'string', maxLength: 64 },
    level: { type: 'number', minimum: 1, maximum: 5, multipleOf: 1 },
    reasons: { type: 'array', items: { type: 'string' } },
    text: { type: 'string' },
    createdAt: { type: 'string', maxLength: 40 },
    schemaVersion: { type: 'number' },
  },
  required: ['id', 'serviceId', 'terminalId', 'level', 'reasons', 'text', 'createdAt'],
  // Free text may name people: encrypted at rest like applications' personal fields.
  encrypted: ['text'],
} as const;
