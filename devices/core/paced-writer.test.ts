import { describe, expect, it } from 'vitest';
import { ok } from '../../sync/protocol/result.js';
import { wireTimeMs, writePaced } from './paced-writer.js';

describe('paced writer', () => {
  it('computes 8N1 wire time: 10 bits a byte', () => {
    expect(wireTimeMs(11_520, 115_200)).toBe(1000);
  });

  it('never delivers a byte before a real 115200 line could have, and delivers all of them in order', async () => {
    const bytes = Uint8Array.from({ length: 1152 }, (_, i) => i & 0xff);
    const start = performance.now();
    const arrivals: { at: number; end: number }[] = [];
    const got: number[] = [];
    let sent = 0;
    const result = await writePaced(
      async (chunk) => {
        sent += chunk.length;
        arrivals.push({ at: performance.now() - start, end: sent });
        got.push(...chunk);
        return ok(undefined);
      },
      bytes,
      115_200,
    );
    expect(result.ok).toBe(true);
    expect(got).toEqual([...bytes]);
    for (const a of arrivals) expect(a.at).toBeGreaterThanOrEqual(wireTimeMs(a.end, 115_200));
  });
});
