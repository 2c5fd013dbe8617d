// Operators enrol, revoke and watch terminals.
import type { FastifyInstance } from 'fastify';
import { createEnrollmentCodeBodySchema, ENROLLMENT_PATHS, terminalIdSchema } from '../../protocol/index.js';
import { requireAdmin } from '../auth/admin-auth.js';
import { createEnrollmentCode, revokeTerminal } from '../auth/enrollment.js';
import type { Database } from '../db/types.js';
import { parse } from '../errors.js';
import { errorJson, toJsonSchema } from '../http-schemas.js';
import { listReviews } from '../store/review-store.js';
import { listTerminals } from '../store/terminal-store.js';
import { z } from 'zod';

const adminSecurity = [{ adminToken: [] }];
const errors = { 400: errorJson, 401: errorJson };
const idParamsSchema = z.object({ id: terminalIdSchema });

export function terminalAdminRoutes(app: FastifyInstance, db: Database, adminToken: string): void {
  app.post(
    ENROLLMENT_PATHS.createCode,
    {
      schema: {
        summary: 'Create a one-time, expiring enrolment code for a terminal id (shown once)',
        tags: ['admin', 'terminals'],
        security: adminSecurity,
        body: toJsonSchema(createEnrollmentCodeBodySchema),
        response: {
          201: { type: 'object', properties: { terminalId: { type: 'string' }, code: { type: 'string' }, expiresAt: { type: 'string' } } },
          ...errors,
        },
      },
    },
    async (req, reply) => {
      requireAdmin(req, adminToken);
      const body = parse(createEnrollmentCodeBodySchema, req.body);
      return reply.code(201).send(await createEnrollmentCode(db, body.terminalId, body.ttlMinutes));
    },
  );

  app.post(
    '/v1/admin/terminals/:id/revoke',
    {
      schema: {
        summary: "Revoke a terminal's credential (its requests are refused with 'revoked' from now on)",
        tags: ['admin', 'terminals'],
        security: adminSecurity,
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        response: { 200: { type: 'object', properties: { terminalId: { type: 'string' }, revokedAt: { type: 'string' } } }, ...errors, 404: errorJson },
      },
    },
    async (req) => {
      requireAdmin(req, adminToken);
      const { id } = parse(idParamsSchema, req.params);
      return revokeTerminal(db, id);
    },
  );

  app.get(
    ENROLLMENT_PATHS.listTerminals,
    {
      schema: {
        summary: 'Terminals: enrolled / revoked, last contact, last heartbeat, version, queue depth, device health',
        tags: ['admin', 'terminals'],
        security: adminSecurity,
        response: { 200: { type: 'object', properties: { terminals: { type: 'array', items: { type: 'object' } } } }, ...errors },
      },
    },
    async (req) => {
      requireAdmin(req, adminToken);
      return { terminals: await listTerminals(db) };
    },
  );

  app.get(
    '/v1/admin/reviews',
    {
      schema: {
        summary: 'Reviews (好差评) in the order received (first 500)',
        tags: ['admin'],
        security: adminSecurity,
        response: { 200: { type: 'object', properties: { reviews: { type: 'array', items: { type: 'object' } } } }, ...errors },
      },
    },
    async (req) => {
      requireAdmin(req, adminToken);
      return { reviews: await listReviews(db, 500) };
    },
  );
}
