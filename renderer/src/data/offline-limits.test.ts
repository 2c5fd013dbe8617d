import { describe, expect, it } from 'vitest';
import { offlineLimitBreach, oldestWaitingMinutes } from './offline-limits.js';

const now = new Date('2026-11-22T10:00:00.000Z');
const limits = { maxQueued: 3, maxOldestAgeMinutes: 60 };

describe('offline limits', () => {
  it('takes new applications below both limits', () => {
    expect(offlineLimitBreach({ waiting: 0, oldestWaitingSince: null }, limits, now)).toBeNull();
    expect(offlineLimitBreach({ waiting: 2, oldestWaitingSince: '2026-11-22T09:01:00.000Z' }, limits, now)).toBeNull();
  });

  it('refuses once the queue holds the maximum count', () => {
    expect(offlineLimitBreach({ waiting: 3, oldestWaitingSince: '2026-11-22T09:59:00.000Z' }, limits, now)).toEqual({ kind: 'count', waiting: 3, max: 3 });
  });

  it('refuses once the oldest waiting application is as old as the maximum age', () => {
    expect(offlineLimitBreach({ waiting: 1, oldestWaitingSince: '2026-11-22T09:00:00.000Z' }, limits, now)).toEqual({ kind: 'age', oldestMinutes: 60, maxMinutes: 60 });
    // A minute later than the limit the same; a minute earlier not yet.
    expect(offlineLimitBreach({ waiting: 1, oldestWaitingSince: '2026-11-22T09:00:01.000Z' }, limits, now)).toBeNull();
  });

  it('counts whole minutes, never negative (terminal clock behind the submit time)', () => {
    expect(oldestWaitingMinutes({ oldestWaitingSince: '2026-11-22T09:58:30.000Z' }, now)).toBe(1);
    expect(oldestWaitingMinutes({ oldestWaitingSince: '2026-11-22T10:05:00.000Z' }, now)).toBe(0);
    expect(oldestWaitingMinutes({ oldestWaitingSince: null }, now)).toBe(0);
  });
});
