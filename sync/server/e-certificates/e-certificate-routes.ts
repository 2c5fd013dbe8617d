// 一证通办: a signed terminal asks for an identified person's e-certificates by ID number. The reference
// platform answers from its simulated library (synthetic-library.ts). The number travels in the body of a
// POST (never in a URL, so never in an access log) and is not logged; answers are never cached.
import type { FastifyInstance } from 'fastify';
import {
  E_CERTIFICATE_PATHS,
  eCertificateLookupBodySchema,
  eCertificateLookupResponseSchema,
  type ECertificateLookupResponse,
} from '../../protocol/index.js';
import { authenticateTerminal } from '../auth/terminal-auth.js';
import type { Database } from '../db/types.js';
import { parse } from '../errors.js';
import { errorJson, toJsonSchema } from '../http-schemas.js';
import { lookupSyntheticCertificates } from './synthetic-library.js';

export function eCertificateRoutes(app: FastifyInstance, db: Database): void {
  app.post(
    E_CERTIFICATE_PATHS.lookup,
    {
      schema: {
        summary: "An identified person's e-certificates (电子证照) by ID number (simulated library)",
        description: 'Signed terminal request. 400 invalid_document for an ID number that fails GB 11643. An unknown person gets an empty list.',
        tags: ['terminals'],
        security: [{ terminalSignature: [] }],
        body: toJsonSchema(eCertificateLookupBodySchema),
        response: { 200: toJsonSchema(eCertificateLookupResponseSchema), 400: errorJson, 401: errorJson },
      },
    },
    async (req, reply) => {
      await authenticateTerminal(db, req);
      const { idNumber } = parse(eCertificateLookupBodySchema, req.body);
      const body: ECertificateLookupResponse = { certificates: [...lookupSyntheticCertificates(idNumber)] };
      return reply.header('cache-control', 'no-store').send(body);
    },
  );
}
