// The sequence lock is taken late in a push (for throughput: see pushApplications). What it protects must
// still hold: a terminal pulling while many pushes commit concurrently never skips a document, because a
// change can never commit with a lower sequence number than one already visible.
import { afterEach, describe, expect, it } from 'vitest';
import type { ApplicationDoc } from '../../protocol/index.js';
import { testBackends } from '../testing/backends.js';
import { enrollForTest } from '../testing/enrolled-terminal.js';
import { makeApplication } from '../testing/fixtures.js';
import { pullApplications, pushApplications } from './application-store.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

for (const backend of testBackends()) {
  describe.skipIf(!backend.available)(`push ordering (${backend.name})`, () => {
    it('a pull running during concurrent pushes sees every document exactly once, in sequence order', async () => {
      const { db, cleanup } = await backend.open();
      cleanups.push(cleanup);
      const terminals = ['T-ORD-0', 'T-ORD-1', 'T-ORD-2', 'T-ORD-3'];
      for (const t of terminals) await enrollForTest(db, t);

      const pushedByFirst: string[] = [];
      let pushing = true;
      const pushes = Promise.all(
        terminals.map(async (t) => {
          for (let i = 0; i < 25; i++) {
            const batch: ApplicationDoc[] = Array.from({ length: 1 + (i % 3) }, () => makeApplication(t));
            if (t === terminals[0]) pushedByFirst.push(...batch.map((d) => d.id));
            await pushApplications(
              db,
              t,
              batch.map((d) => ({ assumedMasterState: null, newDocumentState: d })),
            );
          }
        }),
      ).finally(() => {
        pushing = false;
      });

      const seen: string[] = [];
      let checkpoint = { seq: 0 };
      const pullOnce = async (): Promise<void> => {
        const page = await pullApplications(db, terminals[0]!, checkpoint, 7);
        seen.push(...page.documents.map((d) => d.id));
        checkpoint = page.checkpoint;
      };
      while (pushing) await pullOnce();
      await pushes;
      for (let before = -1; before !== seen.length;) {
        before = seen.length;
        await pullOnce();
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual([...pushedByFirst].sort());
    }, 30_000);

    it('pushes committed together stay independent: one refused push leaves the others stored', async () => {
      const { db, cleanup } = await backend.open();
      cleanups.push(cleanup);
      for (const t of ['T-GRP-0', 'T-GRP-1']) await enrollForTest(db, t);
      const taken = makeApplication('T-GRP-0');
      await pushApplications(db, 'T-GRP-0', [{ assumedMasterState: null, newDocumentState: taken }]);

      const good = Array.from({ length: 8 }, () => makeApplication('T-GRP-1'));
      const results = await Promise.allSettled([
        ...good
          .slice(0, 4)
          .map((d) => pushApplications(db, 'T-GRP-1', [{ assumedMasterState: null, newDocumentState: d }])),
        // Same batch: a new document, then an id that belongs to another terminal: the whole push is refused.
        pushApplications(db, 'T-GRP-1', [
          { assumedMasterState: null, newDocumentState: makeApplication('T-GRP-1') },
          { assumedMasterState: null, newDocumentState: { ...taken, terminalId: 'T-GRP-1' } },
        ]),
        ...good
          .slice(4)
          .map((d) => pushApplications(db, 'T-GRP-1', [{ assumedMasterState: null, newDocumentState: d }])),
      ]);
      expect(results.map((r) => r.status)).toEqual([
        ...Array(4).fill('fulfilled'),
        'rejected',
        ...Array(4).fill('fulfilled'),
      ]);
      expect((results[4] as PromiseRejectedResult).reason).toMatchObject({ statusCode: 409 });
      const stored = await pullApplications(db, 'T-GRP-1', { seq: 0 }, 100);
      expect(stored.documents.map((d) => d.id).sort()).toEqual(good.map((d) => d.id).sort());
    });
  });
}
