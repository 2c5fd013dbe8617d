import { describe, expect, it } from 'vitest';
import { ConnectivityTracker, type ConnectivityState } from './connectivity.js';

describe('connectivity tracker', () => {
  it('goes offline on failure with the reason and online on success, emitting only changes', () => {
    const t = new ConnectivityTracker();
    const seen: ConnectivityState[] = [];
    t.state$.subscribe((s) => seen.push(s));
    t.failed('platform unreachable');
    t.failed('platform unreachable');
    t.waiting(2, '2026-11-22T01:00:00.000Z');
    t.succeeded(new Date('2026-11-22T02:00:00.000Z'));
    expect(seen).toEqual([
      { online: false, waiting: 0, oldestWaitingSince: null, held: 0, lastSyncAt: null, lastError: null },
      { online: false, waiting: 0, oldestWaitingSince: null, held: 0, lastSyncAt: null, lastError: 'platform unreachable' },
      { online: false, waiting: 2, oldestWaitingSince: '2026-11-22T01:00:00.000Z', held: 0, lastSyncAt: null, lastError: 'platform unreachable' },
      { online: true, waiting: 2, oldestWaitingSince: '2026-11-22T01:00:00.000Z', held: 0, lastSyncAt: '2026-11-22T02:00:00.000Z', lastError: null },
    ]);
  });
});
