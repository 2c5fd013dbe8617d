import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('grows exponentially up to the cap, and starts over after reset', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1_000, factor: 2, jitter: 0, random: () => 0.5 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    b.reset();
    expect(b.next()).toBe(100);
  });

  it('jitter only shortens a delay, so the cap holds', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 400, jitter: 0.5, random: () => 1 });
    expect([b.next(), b.next(), b.next(), b.next()]).toEqual([50, 100, 200, 200]);
    const r = new Backoff({ initialMs: 100, maxMs: 400, jitter: 0.5 });
    for (let i = 0; i < 50; i++) {
      const d = r.next();
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(400);
    }
  });
});
