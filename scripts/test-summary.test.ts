import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addCounts,
  playwrightCounts,
  summaryLine,
  vitestCounts,
  type PlaywrightReport,
  type VitestReport,
} from './test-summary.js';

const vitest = (over: Partial<VitestReport> = {}): VitestReport => ({
  numPassedTests: 10,
  numFailedTests: 1,
  numPendingTests: 2,
  numTodoTests: 1,
  testResults: [
    { status: 'passed', assertionResults: [{ status: 'passed' }] },
    { status: 'failed', assertionResults: [{ status: 'failed' }] },
  ],
  ...over,
});
const playwright: PlaywrightReport = {
  stats: { expected: 4, unexpected: 1, flaky: 1, skipped: 2 },
  errors: [],
};

describe('test summary', () => {
  it('counts vitest tests, skipped = pending + todo', () => {
    expect(vitestCounts(vitest())).toEqual({ passed: 10, failed: 1, skipped: 3 });
  });

  it('counts a vitest file that failed to load as one failure', () => {
    const report = vitest({
      numFailedTests: 0,
      testResults: [{ status: 'failed', assertionResults: [] }],
    });
    expect(vitestCounts(report).failed).toBe(1);
  });

  it('counts flaky Playwright tests as passed and errors outside tests as failed', () => {
    expect(playwrightCounts(playwright)).toEqual({ passed: 5, failed: 1, skipped: 2 });
    expect(playwrightCounts({ ...playwright, errors: [{ message: 'webServer' }] }).failed).toBe(2);
  });

  it('prints skipped only when there are some', () => {
    expect(summaryLine({ passed: 3, failed: 0, skipped: 0 })).toBe('3 passed, 0 failed');
    expect(summaryLine(addCounts(vitestCounts(vitest()), playwrightCounts(playwright)))).toBe(
      '15 passed, 2 failed, 5 skipped',
    );
    expect(summaryLine(addCounts())).toBe('0 passed, 0 failed');
  });

  describe('as a command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yichuang-summary-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const here = dirname(fileURLToPath(import.meta.url));
    const tsx = join(here, '..', 'node_modules', '.bin', 'tsx');
    const script = join(here, 'test-summary.ts');

    it('sums the reports that exist and exits 1 when something failed', () => {
      const v = join(dir, 'vitest.json');
      writeFileSync(v, JSON.stringify(vitest()));
      let status = 0;
      let out = '';
      try {
        out = execFileSync(tsx, [script, v, join(dir, 'missing.json')], { encoding: 'utf8' });
      } catch (e) {
        const error = e as { status: number; stdout: string };
        status = error.status;
        out = error.stdout;
      }
      expect(out.trim()).toBe('10 passed, 1 failed, 3 skipped');
      expect(status).toBe(1);
    });

    it('exits 0 when nothing failed', () => {
      const p = join(dir, 'playwright.json');
      writeFileSync(p, JSON.stringify({ stats: { expected: 2, unexpected: 0, flaky: 0, skipped: 0 } }));
      expect(execFileSync(tsx, [script, join(dir, 'none.json'), p], { encoding: 'utf8' }).trim()).toBe(
        '2 passed, 0 failed',
      );
    });
  });
});
