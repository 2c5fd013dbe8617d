// The central platform's HTTP app. A factory so tests drive it with app.inject and main.ts listens.
import { auditRoutes } from './routes/audit-routes.js';
import { terminalSettingsRoutes } from './routes/terminal-settings-routes.js';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { DEFAULT_MAX_ATTACHMENT_BYTES, SIGNED_HEADERS, SYNC_PATHS, type PlatformErrorBody } from '../protocol/index.js';
import { isAllowedOrigin } from './cors.js';
import type { Database } from './db/types.js';
import { PlatformError } from './errors.js';
import { adminRoutes } from './routes/admin-routes.js';
import { attachmentRoutes } from './routes/attachment-routes.js';
import { ChangeBus } from './store/change-bus.js';
import { healthRoutes } from './routes/health.js';
import { identityRoutes } from './identity/identity-routes.js';
import { eCertificateRoutes } from './e-certificates/e-certificate-routes.js';
import { progressQueryRoutes } from './progress/progress-query-routes.js';
import { reviewRoutes } from './routes/review-routes.js';
import { streamRoutes } from './routes/stream-routes.js';
import { syncRoutes } from './routes/sync-routes.js';
import { terminalAdminRoutes } from './routes/terminal-admin-routes.js';
import { terminalRoutes } from './routes/terminal-routes.js';
import { PLATFORM_VERSION } from './version.js';

export interface PlatformAppOptions {
  db: Database;
  logger?: FastifyServerOptions['logger'];
  /** Log every request and response at info (default off; errors are logged either way). */
  logRequests?: boolean;
  /** Bearer token for /v1/admin/*. */
  adminToken: string;
  /** Extra browser origins allowed besides loopback ones. */
  corsOrigins?: readonly string[];
  /** Live-stream notices; tests may pass their own to watch them. */
  bus?: ChangeBus;
  /** Largest attachment accepted (bytes; default DEFAULT_MAX_ATTACHMENT_BYTES, 10 MiB); larger ones get 413. */
  maxAttachmentBytes?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body's bytes as received: signatures cover them (auth/terminal-auth.ts). */
    rawBody?: Buffer;
  }
}

export function createPlatformApp(options: PlatformAppOptions): FastifyInstance {
  const { db, adminToken } = options;
  const bus = options.bus ?? new ChangeBus();
  if (adminToken.length < 8) throw new Error('adminToken must be at least 8 characters');
  const app = Fastify({
    logger: options.logger ?? false,
    disableRequestLogging: options.logRequests !== true,
    bodyLimit: 5 * 1024 * 1024,
    // Live streams and kept-alive terminal sockets would hold close() for the keep-alive timeout.
    // Cutting them is safe: every terminal request is idempotent and retried, streams reconnect.
    forceCloseConnections: true,
  });

  // zod validates at the edge (one source of truth, PlatformErrorBody with field paths). The JSON Schemas
  // on routes only document them, so Fastify's own validation and schema-driven serialisation are off;
  // a response schema must never silently drop fields.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  // Keep the exact bytes for signature checks, then parse (an empty body is no body).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const raw = body as Buffer;
    req.rawBody = raw;
    if (raw.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(raw.toString('utf8')) as unknown);
    } catch {
      done(Object.assign(new Error('body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });

  app.setErrorHandler((error: FastifyError | PlatformError, req, reply) => {
    if (error instanceof PlatformError) return reply.code(error.statusCode).send(error.toBody());
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status < 500) {
      const body: PlatformErrorBody = { error: status === 413 ? 'too_large' : 'bad_request', message: error.message };
      return reply.code(status).send(body);
    }
    // Log the error itself only: database errors never carry request bodies.
    req.log.error({ err: { message: error.message, code: error.code } }, 'request failed');
    const body: PlatformErrorBody = { error: 'internal', message: 'internal error; the request was not applied' };
    return reply.code(500).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    const body: PlatformErrorBody = { error: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` };
    return reply.code(404).send(body);
  });

  const extraOrigins = options.corsOrigins ?? [];
  app.register(cors, {
    origin: (origin, cb) => cb(null, isAllowedOrigin(origin, extraOrigins)),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', ...SIGNED_HEADERS],
    maxAge: 600,
  });

  app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Yichuang central platform (reference)', version: PLATFORM_VERSION },
      components: {
        securitySchemes: {
          terminalSignature: {
            type: 'apiKey',
            in: 'header',
            name: 'x-yichuang-signature',
            description:
              'Signed request: x-yichuang-terminal, x-yichuang-timestamp (ms), x-yichuang-nonce and x-yichuang-signature = hex HMAC-SHA256(signing key, "YICHUANG-HMAC-SHA256\\nMETHOD\\npath?query\\ntimestamp\\nnonce\\nsha256(body)"), signing key = HMAC-SHA256(credential, "yichuang request signing key v1"). 401 reasons: unknown_terminal, revoked, bad_signature, stale_timestamp, replayed_nonce.',
          },
          adminToken: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });

  // Routes live in a plugin registered after swagger, so swagger's onRoute hook sees every one.
  app.register(async (scope) => {
    healthRoutes(scope, db, PLATFORM_VERSION);
    scope.get(
      SYNC_PATHS.openapi,
      { schema: { summary: 'This OpenAPI document', tags: ['meta'], response: { 200: { type: 'object' } } } },
      async () => app.swagger(),
    );
    syncRoutes(scope, db);
    reviewRoutes(scope, db);
    streamRoutes(scope, db, bus);
    terminalRoutes(scope, db);
    adminRoutes(scope, db, adminToken, bus);
    terminalAdminRoutes(scope, db, adminToken);
    identityRoutes(scope, db, adminToken);
    eCertificateRoutes(scope, db);
    progressQueryRoutes(scope, db);
    attachmentRoutes(scope, db, adminToken, options.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES);
    auditRoutes(scope, db, adminToken);
    terminalSettingsRoutes(scope, db, adminToken);
  });

  return app;
}
