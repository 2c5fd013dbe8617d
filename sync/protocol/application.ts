// An application (申请/办件) taken at a terminal. Created on the terminal with a client-generated id,
// durably stored there, pushed to the platform, which is idempotent on that id. Status flows back.
import { z } from 'zod';
import { attachmentRefSchema, MAX_ATTACHMENTS_PER_APPLICATION } from './attachment.js';
import { cardTypeSchema } from './catalog.js';
import { validateResidentIdNumber } from './id-numbers.js';
import { bilingualTextSchema } from './bilingual.js';

/**
 * The contract version an application was taken under. 2 added `attachments` (signature PNG, captured pages);
 * a version-1 application has none, and its finger signature, if any, is the SVG path in formData._signature.
 * 3 added `commitment`: the 告知承诺 text the person signed or confirmed by key, as shown to them (a version-1
 * or -2 application with a commitment says only formData._commitment = 'signed' | 'keypad-confirmed', and
 * the standard wording is all that can be printed for it).
 * The platform accepts all three; the terminal writes 3 and migrates its stored documents without changing
 * them (renderer/src/data/migrations.test.ts), leaving everything as it was acknowledged.
 */
export const APPLICATION_SCHEMA_VERSION = 3;
export const APPLICATION_SCHEMA_VERSIONS = [1, 2, 3] as const;

/** formData key saying a commitment was taken (renderer/src/materials/extras.ts COMMITMENT_KEY). */
export const COMMITMENT_FORM_KEY = '_commitment';

/** One part of the 告知承诺 as shown: the clauses of the applied-for service or bundle, or of one included service. */
export const commitmentPartSchema = z.strictObject({
  /** The catalog item the clauses come from (the applied-for service or bundle for the first part). */
  serviceId: z.string().min(1).max(100),
  /** An included service's name, shown above its clauses; null for the first part. */
  service: bilingualTextSchema.nullable(),
  clauses: z.array(bilingualTextSchema).min(1).max(20),
});
export type CommitmentPart = z.infer<typeof commitmentPartSchema>;

/**
 * The 告知承诺 exactly as the person read it and then signed or confirmed by key, in both languages: the
 * materials they undertook to hand in later (the text's opening sentence), then every part's clauses.
 */
export const signedCommitmentSchema = z.strictObject({
  deferredMaterials: z.array(z.strictObject({ key: z.string().min(1).max(100), name: bilingualTextSchema })).min(1).max(40),
  parts: z.array(commitmentPartSchema).min(1).max(20),
});
export type SignedCommitment = z.infer<typeof signedCommitmentSchema>;

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
    schemaVersion: z.union([z.literal(1), z.literal(2), z.literal(APPLICATION_SCHEMA_VERSION)]),
    /** References to bytes uploaded separately (attachment.ts); [] for version 1. */
    attachments: z.array(attachmentRefSchema).max(MAX_ATTACHMENTS_PER_APPLICATION).default([]),
    /** Version 3: the commitment text signed or confirmed, present exactly when formData._commitment is. */
    commitment: signedCommitmentSchema.optional(),
    _deleted: z.boolean().default(false),
  })
  .superRefine((a, ctx) => {
    if (a.schemaVersion === 1 && a.attachments.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['attachments'], message: 'version-1 applications have no attachments; send schemaVersion 2' });
    }
    const committed = (a.formData[COMMITMENT_FORM_KEY] ?? '') !== '';
    if (a.schemaVersion < 3 && a.commitment !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['commitment'], message: `version-${a.schemaVersion} applications carry no commitment text; send schemaVersion 3` });
    } else if (a.schemaVersion >= 3 && committed && a.commitment === undefined) {
      ctx.addIssue({ code: 'custom', path: ['commitment'], message: 'formData._commitment says a commitment was taken: its text is required' });
    } else if (a.commitment !== undefined && !committed) {
      ctx.addIssue({ code: 'custom', path: ['commitment'], message: 'a commitment text without formData._commitment (signed or keypad-confirmed)' });
    }
    const seen = new Set<string>();
    a.attachments.forEach((r, i) => {
      const key = `${r.sha256}|${r.kind}|${r.materialId ?? ''}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['attachments', i], message: 'the same attachment is referenced twice' });
      seen.add(key);
    });
  });
export type ApplicationDoc = z.infer<typeof applicationSchema>;
