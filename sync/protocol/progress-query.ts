// 办件查询 online: a terminal asks the platform for the statuses of one person's applications — by the case
// code on a receipt (one application) or by the identified person's ID number (their applications from any
// terminal). The answer carries no personal data: numbers, services, times and statuses only.
import { z } from 'zod';
import { applicationStatusSchema, clientIdSchema } from './application.js';
import { validateResidentIdNumber } from './id-numbers.js';

export const PROGRESS_QUERY_PATHS = {
  /** POST (signed) { applicationNumber } | { idNumber }. POST so an ID number never sits in a URL. */
  query: '/v1/terminal/progress-query',
} as const;

/** At most this many applications come back (newest first). */
export const MAX_PROGRESS_RESULTS = 50;

export const progressQueryBodySchema = z.union([
  z.object({ applicationNumber: z.string().min(1).max(40).regex(/^[A-Za-z0-9_-]+$/) }).strict(),
  z
    .object({
      idNumber: z.string().refine((v) => validateResidentIdNumber(v).ok, { message: 'not a valid resident ID number (GB 11643)' }),
    })
    .strict(),
]);
export type ProgressQueryBody = z.infer<typeof progressQueryBodySchema>;

export const progressItemSchema = z
  .object({
    id: clientIdSchema,
    applicationNumber: z.string().max(40),
    serviceId: z.string().max(100),
    submittedAt: z.string(),
    status: applicationStatusSchema,
    statusNote: z.string().max(500),
    statusUpdatedAt: z.string(),
  })
  .strict();
export type ProgressItem = z.infer<typeof progressItemSchema>;

export const progressQueryResponseSchema = z
  .object({ applications: z.array(progressItemSchema).max(MAX_PROGRESS_RESULTS), answeredAt: z.string() })
  .strict();
export type ProgressQueryResponse = z.infer<typeof progressQueryResponseSchema>;
