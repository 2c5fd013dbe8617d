// npm run chaos -- [--trials 50] [--seed N] [--terminals 3] [--db pglite|postgres]
// Prints the seed first, so any failure can be replayed exactly (timing aside) with --seed.
import { parseArgs } from 'node:util';
import { runChaos } from './run-chaos.js';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '50' },
    seed: { type: 'string' },
    terminals: { type: 'string', default: '3' },
    db: { type: 'string', default: 'pglite' },
  },
});
const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const db = values.db === 'postgres' ? 'postgres' : 'pglite';
const databaseUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
console.log(`chaos: seed ${seed}, ${values.trials} kill trials, ${values.terminals} terminals, db ${db}`);

const result = await runChaos({
  seed,
  trials: Number(values.trials),
  terminals: Number(values.terminals),
  db,
  databaseUrl,
  log: (l) => console.log(l),
});
console.log(
  `chaos: ${result.submitted} submitted, ${result.onPlatform} on the platform, kills platform=${result.kills.platform} terminal=${result.kills.terminal}, ` +
    `operator changes ${result.operatorChanges}, proxy ${JSON.stringify(result.faults)}, ${result.seconds.toFixed(1)} s`,
);
if (result.problems.length) {
  console.log(`chaos: FAILED (seed ${seed}), ${result.problems.length} problem(s):`);
  for (const p of result.problems.slice(0, 50)) console.log(`  - ${p}`);
  process.exit(1);
}
console.log(
  `chaos: OK (seed ${seed}): every application exactly once, byte-for-byte equal; every status change reached its terminal`,
);
