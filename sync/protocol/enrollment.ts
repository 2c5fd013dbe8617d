// Terminal enrolment and heartbeats on the wire (issue 4).
import { z } from 'zod';

export const terminalIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, '1-64 of A-Z a-z 0-9 _ . -');

export const ENROLLMENT_PATHS = {
  createCode: '/v1/admin/enrollment-codes',
  enroll: '/v1/terminals/enroll',
  heartbeat: '/v1/terminals/heartbeat',
  listTerminals: '/v1/admin/terminals',
  revoke: (id: string) => `/v1/admin/terminals/${encodeURIComponent(id)}/revoke`,
} as const;

export const createEnrollmentCodeBodySchema = z.strictObject({
  terminalId: terminalIdSchema,
  /** How long the code may be used (default 24 h, at most 30 days). */
  ttlMinutes: z.number().int().min(1).max(30 * 24 * 60).default(24 * 60),
});

export const enrollmentCodeSchema = z.string().min(12).max(200);

export const enrollBodySchema = z.strictObject({
  code: enrollmentCodeSchema,
  terminalId: terminalIdSchema,
  /** What the terminal tells about itself; no secrets, no personal data. */
  publicInfo: z
    .strictObject({
      version: z.string().max(64).optional(),
      profile: z.string().max(64).optional(),
      hostname: z.string().max(255).optional(),
    })
    .default({}),
});
export type EnrollBody = z.input<typeof enrollBodySchema>;

export const enrollResponseSchema = z.object({
  terminalId: terminalIdSchema,
  /** The terminal's secret. Shown once; the platform keeps only a key derived from it. */
  credential: z.string().min(32),
  enrolledAt: z.string(),
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

export const deviceHealthEntrySchema = z.object({
  deviceId: z.string().max(64),
  deviceClass: z.string().max(32),
  /** DeviceStatus.kind */
  status: z.string().max(32),
  since: z.string().max(40).optional(),
  /** The device's last error (a driver's message for staff: ports and causes, nothing personal), kept after recovery. */
  lastError: z.string().max(300).optional(),
  lastErrorAt: z.string().max(40).optional(),
});

export const heartbeatBodySchema = z.strictObject({
  version: z.string().min(1).max(64),
  /** Applications stored on the terminal and not yet acknowledged (waiting to be sent; held ones apart). */
  queueDepth: z.number().int().min(0).max(10_000_000),
  /** Applications the platform refused for good, held on the terminal for staff (older terminals omit it). */
  heldCount: z.number().int().min(0).max(10_000_000).optional(),
  /** submittedAt of the oldest of them (ISO), null when none wait. */
  oldestWaitingAt: z.string().max(40).nullable(),
  devices: z.array(deviceHealthEntrySchema).max(32),
});
export type HeartbeatBody = z.infer<typeof heartbeatBodySchema>;

export interface TerminalListEntry {
  id: string;
  enrolled: boolean;
  revoked: boolean;
  enrolledAt: string | null;
  revokedAt: string | null;
  lastSeenAt: string | null;
  lastHeartbeatAt: string | null;
  version: string | null;
  queueDepth: number | null;
  heldCount: number | null;
  oldestWaitingAt: string | null;
  devices: HeartbeatBody['devices'] | null;
}
