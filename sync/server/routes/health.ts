// Liveness for operators and terminals' connectivity checks. Unauthenticated; says nothing personal.
import type { FastifyInstance } from 'fastify';
import { SYNC_PATHS } from '../../protocol/index.js';
import type { Database } from '../db/types.js';

export function healthRoutes(app: FastifyInstance, db: Database, version: string): void {
  app.get(
    SYNC_PATHS.health,
    {
      schema: {
        summary: 'Platform health',
        tags: ['meta'],
        response: {
          200: {
            type: 'object',
            properties: { status: { type: 'string', enum: ['ok'] }, db: { type: 'string', enum: ['pglite', 'postgres'] }, version: { type: 'string' } },
            required: ['status', 'db', 'version'],
          },
        },
      },
    },
    async () => {
      await db.query('SELECT 1');
      return { status: 'ok' as const, db: db.kind, version };
    },
  );
}
