// Saving a 好差评 review: a durable local insert (resolves after RxDB's write has committed), pushed to
// the platform later by replication, idempotent on the client-generated id.
import { REVIEW_SCHEMA_VERSION, reviewSchema, type ReviewLevel } from '../../../sync/protocol/review.js';
import { err, ok, type Result, type UserFacingError } from '../../../sync/protocol/result.js';
import type { ReviewRecord, TerminalDatabase } from './database.js';
import { newClientId } from './submit.js';

export interface ReviewInput {
  readonly serviceId: string;
  readonly applicationId?: string;
  /** 5 = 非常满意 … 1 = 非常不满意; below 3 needs at least one reason. */
  readonly level: ReviewLevel;
  readonly reasons: readonly string[];
  readonly text: string;
}

export interface SavedReview {
  readonly reviewId: string;
  readonly createdAt: string;
}

export type ReviewFailureCode = 'invalid' | 'storage';

const INVALID: UserFacingError<'invalid'>['message'] = {
  zh: '评价内容不完整：不满意时请至少选择一个原因。',
  en: 'The review is incomplete: please choose at least one reason when you are not satisfied.',
};
const STORAGE: UserFacingError<'storage'>['message'] = {
  zh: '评价暂时无法保存，请联系工作人员。',
  en: 'The review could not be saved; please ask a member of staff.',
};

export async function saveReview(
  tdb: TerminalDatabase,
  input: ReviewInput,
  options: { readonly now?: Date; readonly newId?: () => string } = {},
): Promise<Result<SavedReview, UserFacingError<ReviewFailureCode>>> {
  const createdAt = (options.now ?? new Date()).toISOString();
  const parsed = reviewSchema.safeParse({
    id: (options.newId ?? newClientId)(),
    ...(input.applicationId === undefined ? {} : { applicationId: input.applicationId }),
    serviceId: input.serviceId,
    terminalId: tdb.terminalId,
    level: input.level,
    reasons: [...input.reasons],
    text: input.text.trim(),
    createdAt,
    schemaVersion: REVIEW_SCHEMA_VERSION,
  });
  if (!parsed.success) {
    // Field paths only: free text may be personal and never goes into logs or errors.
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return err({ code: 'invalid', message: INVALID, detail });
  }
  const { _deleted: _ignored, ...record } = parsed.data;
  try {
    await tdb.reviews.insert(record satisfies ReviewRecord);
  } catch (error) {
    return err({ code: 'storage', message: STORAGE, detail: error instanceof Error ? error.name : 'insert failed' });
  }
  return ok({ reviewId: record.id, createdAt });
}
