// What terminals call: pull the catalog, push applications, pull their applications' statuses.
import type { FastifyInstance } from 'fastify';
import { applicationSchema, SYNC_PATHS } from '../../protocol/index.js';
import { authenticatePush, authenticateTerminal } from '../auth/terminal-auth.js';
import type { Database } from '../db/types.js';
import { invalid, parse, PlatformError } from '../errors.js';
import { docs, errorJson, pullQueryJson, pullQuerySchema, pullResponseJson, pushBodySchema } from '../http-schemas.js';
import { pullApplications, pushApplications, type IncomingRow } from '../store/application-store.js';
import { requireAttachmentsStored } from '../store/attachment-store.js';
import { pullCatalog } from '../store/catalog-store.js';

const terminalSecurity = [{ terminalSignature: [] }];
const errors = { 400: errorJson, 401: errorJson };

export function syncRoutes(app: FastifyInstance, db: Database): void {
  app.get(
    SYNC_PATHS.pull('catalog'),
    {
      schema: {
        summary: 'Pull the service catalog after a checkpoint (platform sequence order)',
        tags: ['sync'],
        security: terminalSecurity,
        querystring: pullQueryJson,
        response: { 200: pullResponseJson(docs.catalogItem), ...errors },
      },
    },
    async (req) => {
      await authenticateTerminal(db, req);
      const q = parse(pullQuerySchema, req.query);
      return pullCatalog(db, { seq: q.checkpoint }, q.limit);
    },
  );

  app.get(
    SYNC_PATHS.pull('applications'),
    {
      schema: {
        summary: "Pull the calling terminal's applications after a checkpoint",
        tags: ['sync'],
        security: terminalSecurity,
        querystring: pullQueryJson,
        response: { 200: pullResponseJson(docs.application), ...errors },
      },
    },
    async (req) => {
      const { terminalId } = await authenticateTerminal(db, req);
      const q = parse(pullQuerySchema, req.query);
      return pullApplications(db, terminalId, { seq: q.checkpoint }, q.limit);
    },
  );

  app.post(
    SYNC_PATHS.push('applications'),
    {
      schema: {
        summary: 'Push applications (RxDB push rows); idempotent on the application id; returns conflicts',
        tags: ['sync'],
        security: terminalSecurity,
        body: docs.pushBody,
        response: { 200: docs.pushResponse, ...errors, 403: errorJson, 409: errorJson },
      },
    },
    async (req) => {
      // The nonce is stored with the push's own commit (one WAL flush for both), and a replay refused there.
      const { terminalId, nonceClaim } = await authenticatePush(db, req);
      const rows = parse(pushBodySchema, req.body);
      // Validate the whole batch before touching the database: nothing partial is stored.
      const incoming: IncomingRow[] = rows.map((row, i) => {
        const doc = applicationSchema.safeParse(row.newDocumentState);
        if (!doc.success) throw invalid(doc.error, '', `row ${i}: `, 'invalid_document');
        if (doc.data.terminalId !== terminalId) {
          throw new PlatformError(403, 'terminal_mismatch', `row ${i}: application belongs to another terminal`, 'terminalId');
        }
        return { assumedMasterState: row.assumedMasterState ?? null, newDocumentState: doc.data };
      });
      // Attachments are uploaded before the application that references them (409 naming the missing hash).
      // Attachments are only ever added, never removed, so checking before the write is enough.
      await requireAttachmentsStored(
        db,
        incoming.map((r) => r.newDocumentState).filter((d) => !d._deleted),
      );
      return pushApplications(db, terminalId, incoming, nonceClaim);
    },
  );
}
