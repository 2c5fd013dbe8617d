// What a terminal calls about itself: enrol (with a one-time code, unsigned) and heartbeats (signed).
import type { FastifyInstance } from 'fastify';
import { enrollBodySchema, ENROLLMENT_PATHS, heartbeatBodySchema } from '../../protocol/index.js';
import { enrollTerminal } from '../auth/enrollment.js';
import { authenticateTerminal } from '../auth/terminal-auth.js';
import type { Database } from '../db/types.js';
import { parse } from '../errors.js';
import { errorJson, toJsonSchema } from '../http-schemas.js';
import { recordHeartbeat } from '../store/terminal-store.js';

const terminalSecurity = [{ terminalSignature: [] }];

export function terminalRoutes(app: FastifyInstance, db: Database): void {
  app.post(
    ENROLLMENT_PATHS.enroll,
    {
      schema: {
        summary: 'Enrol with a one-time code; returns the terminal credential once',
        description: 'Codes are bound to a terminal id, expire, and work once (409 code_used afterwards).',
        tags: ['terminals'],
        body: toJsonSchema(enrollBodySchema),
        response: {
          200: { type: 'object', properties: { terminalId: { type: 'string' }, credential: { type: 'string' }, enrolledAt: { type: 'string' } } },
          400: errorJson,
          401: errorJson,
          409: errorJson,
        },
      },
    },
    async (req, reply) => {
      const body = parse(enrollBodySchema, req.body);
      const enrolled = await enrollTerminal(db, body.terminalId, body.code, body.publicInfo);
      // The credential must never sit in a cache.
      return reply.header('cache-control', 'no-store').send(enrolled);
    },
  );

  app.post(
    ENROLLMENT_PATHS.heartbeat,
    {
      schema: {
        summary: 'Terminal heartbeat: version, queue depth, oldest waiting, device health',
        tags: ['terminals'],
        security: terminalSecurity,
        body: toJsonSchema(heartbeatBodySchema),
        response: { 200: { type: 'object', properties: { receivedAt: { type: 'string' } } }, 400: errorJson, 401: errorJson },
      },
    },
    async (req) => {
      const { terminalId } = await authenticateTerminal(db, req);
      const body = parse(heartbeatBodySchema, req.body);
      return { receivedAt: await recordHeartbeat(db, terminalId, body) };
    },
  );
}
