// The shape every bench/*.ts file exports as `benches`; bench/run.ts finds and runs them.
export interface BenchOptions {
  /** A few iterations only: for the smoke test and a quick look, not for figures to quote. */
  readonly quick: boolean;
}

export interface BenchRatio {
  readonly name: string;
  readonly value: number;
  /** As written in the issue, e.g. '≤ 1.10'; the runner reads ≤ < ≥ > and a number to mark it met. */
  readonly target: string;
}

export interface BenchResult {
  readonly figures: Record<string, number | string>;
  readonly ratio?: BenchRatio;
}

export interface Bench {
  readonly name: string;
  run(opts: BenchOptions): Promise<BenchResult>;
}

export const round2 = (n: number): number => Math.round(n * 100) / 100;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
