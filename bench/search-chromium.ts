// The search benchmark in Debian Chromium (/usr/bin/chromium), where issue 5's target applies
// (per-keystroke p95 < 4 ms over 10,000 items): the same module and timing loop as bench/search.ts,
// bundled with esbuild (tsx's own dependency) and run in a blank page driven by Playwright.
// Chromium clamps performance.now() to 0.1 ms without cross-origin isolation: figures are that coarse.
import { build } from 'esbuild';
import { chromium } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import type { Bench, BenchResult } from './types.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL('./search-chromium-entry.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

export async function runInChromium(rounds: number): Promise<BenchResult> {
  const script = await bundle();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><meta charset="utf-8"><title>search bench</title>');
    await page.addScriptTag({ content: script });
    return (await page.evaluate((r) => (globalThis as unknown as { runSearchBench: (n: number) => unknown }).runSearchBench(r), rounds)) as BenchResult;
  } finally {
    await browser.close();
  }
}

export const benches: Bench[] = [
  {
    name: 'search: per-keystroke p95 over 10,000 items (Chromium)',
    run: async ({ quick }) => {
      const result = await runInChromium(quick ? 1 : 5);
      // The issue's own target, read by the runner: p95 in Chromium under 4 ms.
      return { ...result, ratio: result.ratio };
    },
  },
];
