import { describe, expect, it } from 'vitest';
import { backoffDelay, Waker } from './backoff.js';

describe('backoff', () => {
  const policy = { initialMs: 100, maxMs: 1000 };

  it('grows exponentially, capped, with jitter in the upper half', () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, policy, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, policy, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect(backoffDelay(1e6, policy, () => 0.5)).toBe(750);
  });

  it('a wait ends early when woken', async () => {
    const waker = new Waker();
    const started = Date.now();
    const w = waker.wait(10_000);
    waker.wakeAll();
    await w;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
