// 办件查询 online: a signed terminal asks for the statuses of one person's applications — by the case code
// on a receipt (exactly that application) or by the identified person's ID number (theirs, from any
// terminal, newest first). The answer has no personal data (numbers, services, times, statuses); the ID
// number travels in a POST body, is not logged, and the answer is never cached. Reads the applications
// table directly (no change to the store that writes it).
import type { FastifyInstance } from 'fastify';
import {
  MAX_PROGRESS_RESULTS,
  PROGRESS_QUERY_PATHS,
  progressQueryBodySchema,
  progressQueryResponseSchema,
  type ApplicationDoc,
  type ProgressItem,
  type ProgressQueryResponse,
} from '../../protocol/index.js';
import { authenticateTerminal } from '../auth/terminal-auth.js';
import type { Database } from '../db/types.js';
import { parse } from '../errors.js';
import { errorJson, toJsonSchema } from '../http-schemas.js';

function toItem(doc: ApplicationDoc): ProgressItem {
  return {
    id: doc.id,
    applicationNumber: doc.applicationNumber,
    serviceId: doc.serviceId,
    submittedAt: doc.submittedAt,
    status: doc.status,
    statusNote: doc.statusNote ?? '',
    statusUpdatedAt: doc.statusUpdatedAt ?? '',
  };
}

export function progressQueryRoutes(app: FastifyInstance, db: Database): void {
  app.post(
    PROGRESS_QUERY_PATHS.query,
    {
      schema: {
        summary: "One person's application statuses: by receipt case code or by ID number (no personal data in the answer)",
        description: 'Signed terminal request. Body { applicationNumber } or { idNumber } (GB 11643-valid). Newest first, at most 50.',
        tags: ['terminals'],
        security: [{ terminalSignature: [] }],
        body: toJsonSchema(progressQueryBodySchema),
        response: { 200: toJsonSchema(progressQueryResponseSchema), 400: errorJson, 401: errorJson },
      },
    },
    async (req, reply) => {
      await authenticateTerminal(db, req);
      const query = parse(progressQueryBodySchema, req.body);
      const r =
        'applicationNumber' in query
          ? await db.query<{ doc: ApplicationDoc }>(
              `SELECT doc FROM applications WHERE doc->>'applicationNumber' = $1 ORDER BY seq DESC LIMIT 1`,
              [query.applicationNumber],
            )
          : await db.query<{ doc: ApplicationDoc }>(
              `SELECT doc FROM applications WHERE upper(doc->'applicant'->>'idNumber') = $1
               ORDER BY doc->>'submittedAt' DESC, seq DESC LIMIT $2`,
              [query.idNumber.toUpperCase(), MAX_PROGRESS_RESULTS],
            );
      const body: ProgressQueryResponse = { applications: r.rows.map((row) => toItem(row.doc)), answeredAt: new Date().toISOString() };
      return reply.header('cache-control', 'no-store').send(body);
    },
  );
}
