// An application (申请/办件) taken at a terminal. Created on the terminal with a client-generated id,
// durably stored there, pushed to the platform, which is idempotent on that id. Status flows back.
import { z } from 'zod';
import { attachmentRefSchema, MAX_ATTACHMENTS_PER_APPLICATION } from './attachment.js';
import { cardTypeSchema } from './catalog.js';
import { validateResidentIdNumber } from './id-numbers.js';

/**
 * The contract version an application was taken under. 2 added `attachments` (signature PNG, captured pages);
 * a version-1 application has none, and its finger signature, if any, is the SVG path in formData._signature.
 * The platform accepts both; the terminal writes 2 and migrates its stored version-1 documents by adding
 * `attachments: []` (renderer/src/data/migrations.ts), leaving everything else as it was acknowledged.
 */
export const APPLICATION_SCHEMA_VERSION = 2;
export const APPLICATION_SCHEMA_VERSIONS = [1, 2] as const;

export const applicationStatusSchema = z.enum([
  'queued', // stored on the terminal, not yet acknowledged by the platform
  'received', // acknowledged by the platform
  'accepted', // 受理
  'correction_needed', // 补正
  'in_progress', // 办理中
  'completed', // 办结
  'rejected', // 不予受理
]);
export type ApplicationStatus = z.infer<typeof applicationStatusSchema>;

export const applicantSchema = z
  .object({
    name: z.string().min(1).max(60),
    idNumber: z.string().min(1).max(36),
    cardType: cardTypeSchema,
  })
  .superRefine((a, ctx) => {
    if (a.cardType === 'resident' && !validateResidentIdNumber(a.idNumber).ok) {
      ctx.addIssue({ code: 'custom', path: ['idNumber'], message: 'invalid resident ID number (GB 11643)' });
    }
  });
export type Applicant = z.infer<typeof applicantSchema>;

/** Client-generated ids are UUIDs (v4 or v7). */
export const clientIdSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

export const applicationSchema = z
  .object({
    id: clientIdSchema,
    /** Human-readable number printed on the receipt, e.g. YC-T0001-20261122-0007. Unique per terminal. */
    applicationNumber: z.string().min(1).max(40),
    terminalId: z.string().min(1).max(64),
    serviceId: z.string().min(1).max(100),
    applicant: applicantSchema,
    formData: z.record(z.string(), z.string().max(2000)),
    /** ISO time on the terminal's clock (informational; ordering uses the platform's sequence). */
    submittedAt: z.string(),
    /** Taken while the platform was unreachable. */
    takenOffline: z.boolean(),
    status: applicationStatusSchema,
    statusNote: z.string().max(500).default(''),
    statusUpdatedAt: z.string().default(''),
    schemaVersion: z.union([z.literal(1), z.literal(APPLICATION_SCHEMA_VERSION)]),
    /** References to bytes uploaded separately (attachment.ts); [] for version 1. */
    attachments: z.array(attachmentRefSchema).max(MAX_ATTACHMENTS_PER_APPLICATION).default([]),
    _deleted: z.boolean().default(false),
  })
  .superRefine((a, ctx) => {
    if (a.schemaVersion === 1 && a.attachments.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['attachments'], message: 'version-1 applications have no attachments; send schemaVersion 2' });
    }
    const seen = new Set<string>();
    a.attachments.forEach((r, i) => {
      const key = `${r.sha256}|${r.kind}|${r.materialId ?? ''}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['attachments', i], message: 'the same attachment is referenced twice' });
      seen.add(key);
    });
  });
export type ApplicationDoc = z.infer<typeof applicationSchema>;
