// Audit events forwarded from a terminal's host to the platform (issue 4: "audit events ... (pushed)").
// The host's audit log (main/host/audit-log.ts) records what happened to the terminal, never who was served;
// the forwarder sends its lines in batches. An event's id is where it sits in the log (day file and byte
// offset): stable across retries without changing the log format, so the platform is idempotent on
// (terminal, id) and a batch sent twice is stored once.
import { z } from 'zod';

export const AUDIT_PATHS = {
  push: '/v1/terminals/audit',
  adminList: '/v1/admin/audit',
} as const;

export const MAX_AUDIT_BATCH = 500;
/** One event as JSON; the host's events are a few hundred bytes. Larger means something is wrong. */
export const MAX_AUDIT_EVENT_BYTES = 4096;

export const auditEventIdSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}:\d{1,15}$/, 'YYYY-MM-DD:byte offset');

export const auditEventSchema = z
  .strictObject({
    id: auditEventIdSchema,
    at: z.iso.datetime({ offset: true }),
    type: z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/, 'an event type such as device.status'),
    /** The event's other fields, as the host recorded them (no personal data: main/host/audit-log.ts). */
    data: z.record(z.string(), z.unknown()),
  })
  .refine((e) => JSON.stringify(e).length <= MAX_AUDIT_EVENT_BYTES, { error: `at most ${MAX_AUDIT_EVENT_BYTES} bytes as JSON`, path: ['data'] });

export type AuditEventRecord = z.infer<typeof auditEventSchema>;

export const auditPushBodySchema = z.strictObject({ events: z.array(auditEventSchema).min(1).max(MAX_AUDIT_BATCH) });
export type AuditPushBody = z.infer<typeof auditPushBodySchema>;

export interface AuditPushResponse {
  /** New events stored now. */
  stored: number;
  /** Events the platform already had (a retried batch). */
  duplicates: number;
}

export interface AuditListEntry {
  seq: number;
  terminalId: string;
  receivedAt: string;
  event: AuditEventRecord;
}
