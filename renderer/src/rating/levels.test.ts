import { describe, expect, it } from 'vitest';
import { asksForReason, LEVELS, toReview } from './levels.js';

describe('好差评 levels', () => {
  it('five levels, best first, 5 = 非常满意', () => {
    expect(LEVELS.map((l) => l.level)).toEqual([5, 4, 3, 2, 1]);
  });
  it('asks for a reason below 基本满意 only', () => {
    expect([5, 4, 3, 2, 1].map((l) => asksForReason(l as 1))).toEqual([false, false, false, true, true]);
  });
  it('keeps reasons and text only where they were asked, known reasons only, text trimmed', () => {
    expect(toReview({ serviceId: 's', applicationId: 'a', level: 4, reasons: ['too-slow'], text: 'x' })).toEqual({ serviceId: 's', applicationId: 'a', level: 4, reasons: [], text: '' });
    expect(toReview({ serviceId: 's', level: 1, reasons: ['too-slow', 'too-slow', 'made-up'], text: '  太慢  ' })).toEqual({ serviceId: 's', level: 1, reasons: ['too-slow'], text: '太慢' });
  });
});
