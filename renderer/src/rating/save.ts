// Saving a rating through the data layer's saveReview(db, review) (renderer/src/data, written alongside
// this). Looked up at run time so the screen works — and says thank you — even in a build where the data
// layer does not have it yet; then nothing is stored and a warning (no personal data) is logged.
import * as dataLayer from '../data/index.js';
import type { TerminalDatabase } from '../data/index.js';
import { toReview, type ReviewDraft } from './levels.js';

type SaveReview = (db: TerminalDatabase, review: ReviewDraft) => Promise<unknown>;

function saveReviewFn(): SaveReview | null {
  const fn = (dataLayer as Record<string, unknown>)['saveReview'];
  return typeof fn === 'function' ? (fn as SaveReview) : null;
}

export async function saveRating(db: TerminalDatabase, draft: ReviewDraft): Promise<boolean> {
  const save = saveReviewFn();
  if (!save) {
    console.warn('rating not stored: the data layer has no saveReview yet');
    return false;
  }
  try {
    const result = await save(db, toReview(draft));
    if (result && typeof result === 'object' && 'ok' in result && (result as { ok: unknown }).ok === false) {
      console.warn('rating not stored', (result as { error?: { code?: unknown } }).error?.code);
      return false;
    }
    return true;
  } catch (error) {
    console.warn('rating not stored', error instanceof Error ? error.name : 'unknown');
    return false;
  }
}
