// Audit events: terminals push their hosts' audit log in batches (signed); operators list them.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AUDIT_PATHS, auditEventSchema, auditPushBodySchema, MAX_AUDIT_BATCH } from '../../protocol/index.js';
import { requireAdmin } from '../auth/admin-auth.js';
import { authenticateTerminal } from '../auth/terminal-auth.js';
import type { Database } from '../db/types.js';
import { parse } from '../errors.js';
import { errorJson, MAX_PULL_LIMIT, toJsonSchema } from '../http-schemas.js';
import { listAuditEvents, storeAuditEvents } from '../store/audit-store.js';

const uintString = z.string().regex(/^\d+$/, 'must be a non-negative integer');
export const auditListQuerySchema = z.object({
  terminalId: z.string().min(1).max(64).optional(),
  type: z.string().min(1).max(64).optional(),
  after: uintString.default('0').transform(Number),
  limit: uintString
    .default('100')
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_PULL_LIMIT)),
});

export function auditRoutes(app: FastifyInstance, db: Database, adminToken: string): void {
  const eventJson = toJsonSchema(auditEventSchema, 'output');
  app.post(
    AUDIT_PATHS.push,
    {
      schema: {
        summary: `Push audit events from the terminal's host (at most ${MAX_AUDIT_BATCH}); idempotent on (terminal, event id)`,
        description: 'Events carry no personal data (what happened to the terminal, never who was served). A batch is stored whole or not at all.',
        tags: ['terminals'],
        security: [{ terminalSignature: [] }],
        body: toJsonSchema(auditPushBodySchema),
        response: {
          200: { type: 'object', properties: { stored: { type: 'integer' }, duplicates: { type: 'integer' } }, required: ['stored', 'duplicates'] },
          400: errorJson,
          401: errorJson,
        },
      },
    },
    async (req) => {
      const { terminalId } = await authenticateTerminal(db, req);
      const body = parse(auditPushBodySchema, req.body);
      return storeAuditEvents(db, terminalId, body.events);
    },
  );

  app.get(
    AUDIT_PATHS.adminList,
    {
      schema: {
        summary: 'Audit events from terminals, in arrival order (filter by terminal and type; page with after=last)',
        tags: ['admin'],
        security: [{ adminToken: [] }],
        querystring: {
          type: 'object',
          properties: {
            terminalId: { type: 'string' },
            type: { type: 'string' },
            after: { type: 'string', pattern: '^\\d+$' },
            limit: { type: 'string', pattern: '^\\d+$' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              events: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { seq: { type: 'integer' }, terminalId: { type: 'string' }, receivedAt: { type: 'string' }, event: eventJson },
                },
              },
              last: { type: 'integer' },
            },
          },
          400: errorJson,
          401: errorJson,
        },
      },
    },
    async (req) => {
      requireAdmin(req, adminToken);
      return listAuditEvents(db, parse(auditListQuerySchema, req.query));
    },
  );
}
