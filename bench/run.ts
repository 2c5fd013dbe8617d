// `npm run bench [-- --quick] [-- NAME...]`: imports every bench/*.ts that exports `benches`, runs each
// one in turn (never in parallel: they time things) and prints a table of figures and ratios.
// Ratios are against a baseline measured in the same run (house rule); no bench asserts a time.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench, BenchResult } from './types.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

export interface BenchOutcome {
  readonly file: string;
  readonly name: string;
  readonly ms: number;
  readonly result?: BenchResult;
  readonly error?: string;
  /** null when the target could not be read. */
  readonly met?: boolean | null;
}

/** bench/*.ts files other than the runner, shared types and tests. */
export function benchFiles(dir = BENCH_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts') && f !== 'run.ts' && f !== 'types.ts')
    .sort();
}

function isBench(b: unknown): b is Bench {
  return typeof b === 'object' && b !== null && typeof (b as Bench).name === 'string' && typeof (b as Bench).run === 'function';
}

/** Reads '≤ 1.10', '<= 1.1', '< 2', '≥ 0.9', '> 3' (a trailing unit or word is ignored). */
export function targetMet(value: number, target: string): boolean | null {
  const m = /^\s*(≤|<=|<|≥|>=|>)\s*([0-9]*\.?[0-9]+)/.exec(target);
  if (!m) return null;
  const limit = Number(m[2]);
  switch (m[1]) {
    case '≤':
    case '<=':
      return value <= limit;
    case '<':
      return value < limit;
    case '≥':
    case '>=':
      return value >= limit;
    default:
      return value > limit;
  }
}

export interface RunOptions {
  readonly quick: boolean;
  /** Only benches whose file or name contains one of these (case-insensitive); all when empty. */
  readonly only?: readonly string[];
  readonly dir?: string;
  /** A bench still running after this long is reported as failed (a hang), and the run goes on. */
  readonly timeoutMs?: number;
  /** Called as each bench finishes, so a long run shows progress. */
  readonly onResult?: (outcome: BenchOutcome) => void;
}

export async function runBenches(opts: RunOptions): Promise<BenchOutcome[]> {
  const dir = opts.dir ?? BENCH_DIR;
  const only = (opts.only ?? []).map((s) => s.toLowerCase());
  const outcomes: BenchOutcome[] = [];
  for (const file of benchFiles(dir)) {
    let mod: { benches?: unknown };
    try {
      mod = (await import(pathToFileURL(join(dir, file)).href)) as { benches?: unknown };
    } catch (e) {
      const outcome = { file, name: '(import)', ms: 0, error: `cannot import: ${(e as Error).message}` };
      outcomes.push(outcome);
      opts.onResult?.(outcome);
      continue;
    }
    if (!Array.isArray(mod.benches)) continue;
    for (const bench of mod.benches) {
      if (!isBench(bench)) continue;
      if (only.length > 0 && !only.some((o) => file.toLowerCase().includes(o) || bench.name.toLowerCase().includes(o))) continue;
      const t0 = performance.now();
      let outcome: BenchOutcome;
      try {
        const result = await withTimeout(bench.run({ quick: opts.quick }), opts.timeoutMs, bench.name);
        outcome = {
          file,
          name: bench.name,
          ms: performance.now() - t0,
          result,
          ...(result.ratio ? { met: targetMet(result.ratio.value, result.ratio.target) } : {}),
        };
      } catch (e) {
        outcome = { file, name: bench.name, ms: performance.now() - t0, error: (e as Error).stack ?? String(e) };
      }
      outcomes.push(outcome);
      opts.onResult?.(outcome);
    }
  }
  return outcomes;
}

function withTimeout<T>(p: Promise<T>, ms: number | undefined, name: string): Promise<T> {
  if (ms === undefined) return p;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}: still running after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export function formatOutcome(o: BenchOutcome): string {
  const lines = [`■ ${o.name}  [${o.file}, ${(o.ms / 1000).toFixed(1)} s]`];
  if (o.error) {
    lines.push(`  FAILED: ${o.error}`);
    return lines.join('\n');
  }
  const figures = Object.entries(o.result?.figures ?? {});
  const width = Math.max(0, ...figures.map(([k]) => k.length));
  for (const [k, v] of figures) lines.push(`  ${k.padEnd(width)}  ${String(v)}`);
  const r = o.result?.ratio;
  if (r) {
    const verdict = o.met === true ? 'met' : o.met === false ? 'NOT MET' : 'target unreadable';
    lines.push(`  ratio ${r.name} = ${r.value}  (target ${r.target}: ${verdict})`);
  }
  return lines.join('\n');
}

export function formatSummary(outcomes: readonly BenchOutcome[]): string {
  const rows = outcomes.map((o) => [
    o.name,
    o.error ? 'FAILED' : o.result?.ratio ? String(o.result.ratio.value) : '-',
    o.result?.ratio?.target ?? '',
    o.error ? '' : o.met === true ? 'met' : o.met === false ? 'NOT MET' : '',
  ]);
  const header = ['bench', 'ratio', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const quick = argv.includes('--quick');
  const only = argv.filter((a) => !a.startsWith('--'));
  process.stdout.write(`yichuang benchmarks${quick ? ' (quick: figures not to be quoted)' : ''}\n\n`);
  const outcomes = await runBenches({ quick, only, onResult: (o) => process.stdout.write(formatOutcome(o) + '\n\n') });
  if (outcomes.length === 0) {
    process.stderr.write(`no bench matched${only.length ? `: ${only.join(', ')}` : ''}\n`);
    return 1;
  }
  process.stdout.write(formatSummary(outcomes) + '\n');
  // A missed target is a figure to act on, not a crash; only a bench that threw fails the run.
  return outcomes.some((o) => o.error) ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
