// Smoke test for `npm run bench`: every bench/*.ts bench runs in quick mode without throwing and gives
// figures. No timing is asserted (house rule: targets live in the bench output, not in tests).
// Lives here because vitest only collects tests from the folders in vitest.config.ts.
import { describe, expect, it } from 'vitest';
import { benchFiles, formatSummary, runBenches, targetMet } from '../bench/run.js';

describe('bench runner', () => {
  it('runs every bench in quick mode without an error', async () => {
    const outcomes = await runBenches({ quick: true, timeoutMs: 120_000 });
    expect(benchFiles()).toContain('devices-id-card.ts');
    expect(outcomes.map((o) => o.name)).toEqual(expect.arrayContaining([expect.stringContaining('ID card'), expect.stringContaining('receipt')]));
    for (const o of outcomes) {
      expect(o.error, `${o.file} ${o.name}`).toBeUndefined();
      expect(Object.keys(o.result?.figures ?? {}).length, o.name).toBeGreaterThan(0);
    }
    expect(formatSummary(outcomes)).toContain('ID card');
  }, 600_000);

  it('reads ratio targets as written in the issues', () => {
    expect(targetMet(1.01, '≤ 1.10')).toBe(true);
    expect(targetMet(1.2, '≤ 1.10')).toBe(false);
    expect(targetMet(3, '>= 2x')).toBe(true);
    expect(targetMet(1, 'about one')).toBeNull();
  });
});
