// The one line `npm test` ends with: vitest's and Playwright's JSON reports summed into
// `N passed, N failed` (and `, N skipped` when any). Exit status 1 when anything failed.
//   tsx scripts/test-summary.ts test-results/vitest.json test-results/playwright.json
// A report that does not exist (that runner did not run) counts nothing.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Counts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** The parts of vitest's (Jest-compatible) JSON report that are counted. */
export interface VitestReport {
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly numPendingTests: number;
  readonly numTodoTests: number;
  readonly testResults: readonly {
    readonly status: string;
    readonly assertionResults: readonly { readonly status: string }[];
  }[];
}

/** The parts of Playwright's JSON report that are counted. */
export interface PlaywrightReport {
  readonly stats: {
    readonly expected: number;
    readonly unexpected: number;
    readonly flaky: number;
    readonly skipped: number;
  };
  /** Errors outside any test (configuration, global set-up, web server). */
  readonly errors?: readonly unknown[];
}

export function vitestCounts(r: VitestReport): Counts {
  // A test file that fails to load has no failed test of its own: it counts as one failure.
  const brokenFiles = r.testResults.filter(
    (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
  ).length;
  return {
    passed: r.numPassedTests,
    failed: r.numFailedTests + brokenFiles,
    skipped: r.numPendingTests + r.numTodoTests,
  };
}

export function playwrightCounts(r: PlaywrightReport): Counts {
  return {
    // A flaky test failed first and passed on retry.
    passed: r.stats.expected + r.stats.flaky,
    failed: r.stats.unexpected + (r.errors?.length ?? 0),
    skipped: r.stats.skipped,
  };
}

export function addCounts(...all: readonly Counts[]): Counts {
  return all.reduce(
    (a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped }),
    {
      passed: 0,
      failed: 0,
      skipped: 0,
    },
  );
}

export function summaryLine(c: Counts): string {
  return `${c.passed} passed, ${c.failed} failed${c.skipped > 0 ? `, ${c.skipped} skipped` : ''}`;
}

function readJson<T>(path: string | undefined): T | undefined {
  return path && existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
}

function isEntry(): boolean {
  try {
    return (
      process.argv[1] !== undefined &&
      realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))
    );
  } catch {
    return false;
  }
}

if (isEntry()) {
  const [vitestFile, playwrightFile] = process.argv.slice(2);
  const vitest = readJson<VitestReport>(vitestFile);
  const playwright = readJson<PlaywrightReport>(playwrightFile);
  const total = addCounts(
    ...(vitest ? [vitestCounts(vitest)] : []),
    ...(playwright ? [playwrightCounts(playwright)] : []),
  );
  console.log(summaryLine(total));
  process.exitCode = total.failed > 0 ? 1 : 0;
}
