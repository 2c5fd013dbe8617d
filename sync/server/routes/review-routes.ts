// Reviews (好差评) from terminals: push only, idempotent on the review id.
import type { FastifyInstance } from 'fastify';
import { reviewSchema, SYNC_PATHS, type ReviewDoc } from '../../protocol/index.js';
import { authenticateTerminal } from '../auth/terminal-auth.js';
import type { Database } from '../db/types.js';
import { invalid, parse, PlatformError } from '../errors.js';
import { errorJson, pushBodySchema, toJsonSchema } from '../http-schemas.js';
import { pushReviews } from '../store/review-store.js';

export function reviewRoutes(app: FastifyInstance, db: Database): void {
  const reviewJson = toJsonSchema(reviewSchema, 'input');
  app.post(
    SYNC_PATHS.push('reviews'),
    {
      schema: {
        summary: 'Push reviews (RxDB push rows); idempotent on the review id; never conflicts',
        tags: ['sync'],
        security: [{ terminalSignature: [] }],
        body: { type: 'array', items: { type: 'object', properties: { newDocumentState: reviewJson }, required: ['newDocumentState'] } },
        response: { 200: { type: 'array', maxItems: 0 }, 400: errorJson, 401: errorJson, 403: errorJson },
      },
    },
    async (req) => {
      const { terminalId } = await authenticateTerminal(db, req);
      const rows = parse(pushBodySchema, req.body);
      // Whole batch checked first: nothing partial is stored.
      const reviews: ReviewDoc[] = rows.map((row, i) => {
        const doc = reviewSchema.safeParse(row.newDocumentState);
        if (!doc.success) throw invalid(doc.error, '', `row ${i}: `, 'invalid_document');
        if (doc.data.terminalId !== terminalId) {
          throw new PlatformError(403, 'terminal_mismatch', `row ${i}: review belongs to another terminal`, 'terminalId');
        }
        return doc.data;
      });
      await pushReviews(db, terminalId, reviews);
      return [];
    },
  );
}
