// The short chaos run for CI: real platform and terminal processes, the fault proxy, SIGKILLs during pushes.
// The long run is `npm run chaos -- --trials 50` (and `--db postgres`).
import { describe, expect, it } from 'vitest';
import { runChaos } from './run-chaos.js';

const postgresUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;

describe('store-and-forward under faults', () => {
  for (const db of ['pglite', 'postgres'] as const) {
    it.skipIf(db === 'postgres' && !postgresUrl)(
      `${db}: every application arrives exactly once, byte-for-byte, and every status change comes back`,
      async () => {
        const seed = Math.floor(Math.random() * 2 ** 31);
        console.log(
          `[chaos ${db}] seed ${seed} (replay: npm run chaos -- --seed ${seed} --trials 5 --terminals 2 --db ${db})`,
        );
        const result = await runChaos({
          seed,
          trials: 5,
          terminals: 2,
          db,
          databaseUrl: postgresUrl,
          healTimeoutMs: 30_000,
        });
        expect(result.problems).toEqual([]);
        expect(result.submitted).toBeGreaterThan(0);
        expect(result.attachments).toBeGreaterThan(0); // signatures uploaded through the same faults
        expect(result.kills.platform + result.kills.terminal).toBe(5);
      },
      90_000,
    );
  }
});
