// 好差评 (GB/T 39734-2020): five levels, shown best first, one tap each. Level numbers as saved:
// 5 = 非常满意 … 1 = 非常不满意. Below 基本满意 (level 3) the person is asked why (optional).
import type { MessageKey } from '../i18n/translate.js';

export type RatingLevel = 1 | 2 | 3 | 4 | 5;

export const LEVELS: readonly { level: RatingLevel; label: MessageKey }[] = [
  { level: 5, label: 'rating.level5' },
  { level: 4, label: 'rating.level4' },
  { level: 3, label: 'rating.level3' },
  { level: 2, label: 'rating.level2' },
  { level: 1, label: 'rating.level1' },
];

/** 不满意 and 非常不满意 ask for a reason. */
export function asksForReason(level: RatingLevel): boolean {
  return level < 3;
}

/** Reason codes saved with the review (stable, language-free) and their labels. */
export const REASONS: readonly { code: string; label: MessageKey }[] = [
  { code: 'process-complex', label: 'rating.reason.processComplex' },
  { code: 'materials-unclear', label: 'rating.reason.materialsUnclear' },
  { code: 'hard-to-operate', label: 'rating.reason.hardToOperate' },
  { code: 'device-fault', label: 'rating.reason.deviceFault' },
  { code: 'too-slow', label: 'rating.reason.tooSlow' },
  { code: 'other', label: 'rating.reason.other' },
];

export interface ReviewDraft {
  readonly serviceId: string;
  readonly applicationId?: string;
  readonly level: RatingLevel;
  readonly reasons: string[];
  readonly text: string;
}

/** The review as saved: reasons only where asked, text trimmed and bounded. */
export function toReview(draft: ReviewDraft): ReviewDraft {
  const asked = asksForReason(draft.level);
  return {
    serviceId: draft.serviceId,
    ...(draft.applicationId ? { applicationId: draft.applicationId } : {}),
    level: draft.level,
    reasons: asked ? [...new Set(draft.reasons.filter((r) => REASONS.some((x) => x.code === r)))] : [],
    text: asked ? draft.text.trim().slice(0, 500) : '',
  };
}
