// Operator endpoints: publish the catalog, move applications through review, list them.
// (Terminal enrolment and listing: terminal-admin-routes.ts.)
import type { FastifyInstance } from 'fastify';
import { catalogItemSchema, type CatalogItem } from '../../protocol/index.js';
import { requireAdmin } from '../auth/admin-auth.js';
import type { Database } from '../db/types.js';
import { parse } from '../errors.js';
import {
  docs,
  errorJson,
  listApplicationsQuerySchema,
  publishCatalogBodySchema,
  statusChangeBodySchema,
  statusChangeParamsSchema,
} from '../http-schemas.js';
import { listApplications, setApplicationStatus } from '../store/application-store.js';
import { publishCatalogItems } from '../store/catalog-store.js';
import type { ChangeBus } from '../store/change-bus.js';

const adminSecurity = [{ adminToken: [] }];
const errors = { 400: errorJson, 401: errorJson };

export function adminRoutes(app: FastifyInstance, db: Database, adminToken: string, bus: ChangeBus): void {
  app.post(
    '/v1/admin/catalog',
    {
      schema: {
        summary: 'Publish catalog items (insert or replace; _deleted: true withdraws one)',
        tags: ['admin'],
        security: adminSecurity,
        body: docs.publishCatalogBody,
        response: {
          200: { type: 'object', properties: { published: { type: 'integer' }, checkpoint: { type: 'object', properties: { seq: { type: 'integer' } } } } },
          ...errors,
        },
      },
    },
    async (req) => {
      requireAdmin(req, adminToken);
      const body = parse(publishCatalogBodySchema, req.body);
      const items: CatalogItem[] = body.items.map((raw, i) => parse(catalogItemSchema, raw, `items.${i}`));
      const checkpoint = await publishCatalogItems(db, items);
      bus.notify({ collection: 'catalog' });
      return { published: items.length, checkpoint };
    },
  );

  app.post(
    '/v1/admin/applications/:id/status',
    {
      schema: {
        summary: 'Move an application to accepted / correction_needed / in_progress / completed / rejected',
        description: 'completed and rejected are final (409 afterwards). The change reaches the terminal that took it through its live stream (or its next pull).',
        tags: ['admin'],
        security: adminSecurity,
        params: docs.idParams,
        body: docs.statusChangeBody,
        response: { 200: docs.application, ...errors, 404: errorJson, 409: errorJson },
      },
    },
    async (req) => {
      requireAdmin(req, adminToken);
      const { id } = parse(statusChangeParamsSchema, req.params);
      const body = parse(statusChangeBodySchema, req.body);
      const updated = await setApplicationStatus(db, id, body.status, body.note, 'operator');
      // Live streams carry the change to the terminal that took the application within a moment.
      bus.notify({ collection: 'applications', terminalId: updated.terminalId });
      return updated;
    },
  );

  app.get(
    '/v1/admin/applications',
    {
      schema: {
        summary: 'List applications in platform sequence order (page with after=<last seq>)',
        tags: ['admin'],
        security: adminSecurity,
        querystring: docs.listQuery,
        response: {
          200: {
            type: 'object',
            properties: {
              applications: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { application: docs.application, seq: { type: 'integer' }, receivedAt: { type: 'string' } },
                },
              },
            },
          },
          ...errors,
        },
      },
    },
    async (req) => {
      requireAdmin(req, adminToken);
      const q = parse(listApplicationsQuerySchema, req.query);
      const applications = await listApplications(db, { terminalId: q.terminalId, status: q.status, afterSeq: q.after, limit: q.limit });
      return { applications };
    },
  );
}
