// Saving a rating through the data layer's saveReview (a durable local insert; replication pushes it to
// the platform). A failure is logged by code only — the free text may be personal — and the person is
// thanked anyway: a rating must never hold up the end of a visit.
import { saveReview, type TerminalDatabase } from '../data/index.js';
import { toReview, type ReviewDraft } from './levels.js';

export async function saveRating(db: TerminalDatabase, draft: ReviewDraft): Promise<boolean> {
  try {
    const result = await saveReview(db, toReview(draft));
    if (!result.ok) console.warn('rating not stored', result.error.code);
    return result.ok;
  } catch (error) {
    console.warn('rating not stored', error instanceof Error ? error.name : 'unknown');
    return false;
  }
}
