// The terminal's replication with the central platform (runs in the renderer: fetch and rxjs only).
// Catalog: pull. Applications: push (local 'queued' documents) and pull (the platform's statuses).
// Ordering comes from the platform's sequence (checkpoint { seq }), never from clocks.
import type { ReplicationPullHandlerResult, RxCollection, WithDeleted } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { Observable, Subscription } from 'rxjs';
import type { ApplicationDoc } from '../protocol/application.js';
import type { CatalogItem } from '../protocol/catalog.js';
import { SYNC_PATHS, type Checkpoint, type PushRow } from '../protocol/replication.js';
import { backoffDelay, DEFAULT_RETRY, Waker } from './backoff.js';
import { applicationConflictHandler } from './conflict-handler.js';
import { purgeAgainIfPurgedLocally, withholdPurged } from './purged-applications.js';
import { ConnectivityTracker, type ConnectivityState } from './connectivity.js';
import { checked, createPlatformHttp, pullEnvelopeSchema, pushResponseSchema } from './platform-http.js';

export type { ConnectivityState } from './connectivity.js';

export interface TerminalReplicationOptions {
  platformUrl: string;
  terminalId: string;
  terminalKey: string;
  /** rxdb collection created with catalogRxSchema */
  catalog: RxCollection;
  /** rxdb collection created with applicationRxSchema */
  applications: RxCollection;
  fetch?: typeof fetch;
  /** capped exponential backoff with jitter */
  retry?: { initialMs: number; maxMs: number };
  /** how often to re-pull while online (default 5000) */
  pollIntervalMs?: number;
}

export interface TerminalReplication {
  state$: Observable<ConnectivityState>;
  /** Retry now (e.g. the staff pressed "sync" or the network came back). */
  kick(): void;
  /** Resolves when both collections have caught up with the platform (never while it is unreachable). */
  awaitInSync(): Promise<void>;
  stop(): Promise<void>;
}

const PULL_BATCH = 100;
const PUSH_BATCH = 20;

export function startTerminalReplication(opts: TerminalReplicationOptions): TerminalReplication {
  const retry = opts.retry ?? DEFAULT_RETRY;
  const pollIntervalMs = opts.pollIntervalMs ?? 5000;
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const http = createPlatformHttp({ platformUrl: opts.platformUrl, terminalId: opts.terminalId, terminalKey: opts.terminalKey, fetch: doFetch });
  const tracker = new ConnectivityTracker();
  const waker = new Waker();
  let stopped = false;

  /** Runs one request until it succeeds (or replication stops), backing off between failures. */
  async function untilDone<T>(request: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (stopped) throw new Error('replication stopped');
      try {
        const value = await request();
        tracker.succeeded();
        return value;
      } catch (e) {
        if (stopped) throw new Error('replication stopped');
        tracker.failed((e as Error).message);
        await waker.wait(backoffDelay(attempt, retry));
      }
    }
  }

  const pullFrom =
    <Doc>(collection: 'catalog' | 'applications') =>
    async (checkpoint: Checkpoint | undefined, batchSize: number): Promise<ReplicationPullHandlerResult<Doc, Checkpoint>> =>
      untilDone(async () => {
        const body = await http.get(SYNC_PATHS.pull(collection), { checkpoint: checkpoint?.seq ?? 0, limit: batchSize });
        const { documents, checkpoint: next } = checked(pullEnvelopeSchema, body, `${collection} pull`);
        // The envelope is checked; the documents are the platform's validated records.
        return { documents: documents as unknown as WithDeleted<Doc>[], checkpoint: next };
      });

  // RxDB reads the collection's conflict handler when replication starts; the renderer may also pass it
  // to addCollections, but correctness must not depend on that.
  if (opts.applications.conflictHandler !== applicationConflictHandler) {
    opts.applications.conflictHandler = applicationConflictHandler;
  }

  const common = {
    live: true,
    autoStart: true,
    // A kiosk has one window; replication must not wait for leader election or pause when hidden.
    waitForLeadership: false,
    toggleOnDocumentVisible: false,
    // Retries happen inside the handlers (backoff, kick); RxDB's own retry only follows an unexpected throw.
    retryTime: retry.maxMs,
  } as const;
  const id = `${opts.platformUrl.replace(/\/+$/, '')}|${opts.terminalId}`;

  const catalogRep: RxReplicationState<CatalogItem, Checkpoint> = replicateRxCollection<CatalogItem, Checkpoint>({
    ...common,
    collection: opts.catalog,
    replicationIdentifier: `yichuang-catalog|${id}`,
    pull: { handler: pullFrom<CatalogItem>('catalog'), batchSize: PULL_BATCH },
  });

  const applicationsRep: RxReplicationState<ApplicationDoc, Checkpoint> = replicateRxCollection<ApplicationDoc, Checkpoint>({
    ...common,
    collection: opts.applications,
    replicationIdentifier: `yichuang-applications|${id}`,
    pull: { handler: pullFrom<ApplicationDoc>('applications'), batchSize: PULL_BATCH, modifier: purgeAgainIfPurgedLocally(opts.applications) },
    push: {
      batchSize: PUSH_BATCH,
      handler: async (allRows) => {
        // A purged local copy is never sent: it would overwrite the platform's record (purged-applications.ts).
        const { send: rows, answered } = withholdPurged(allRows);
        if (rows.length === 0) return answered;
        const conflicts = await untilDone(async () => {
          const body: PushRow<ApplicationDoc>[] = rows.map((r) => ({
            assumedMasterState: r.assumedMasterState ?? null,
            newDocumentState: r.newDocumentState,
          }));
          const answer = await http.post(SYNC_PATHS.push('applications'), body);
          return checked(pushResponseSchema, answer, 'push response') as ApplicationDoc[];
        });
        return [...answered, ...conflicts];
      },
    },
  });

  const subs: Subscription[] = [];
  for (const rep of [catalogRep, applicationsRep]) {
    subs.push(
      rep.error$.subscribe((e) => {
        if (!stopped) tracker.failed(e.message);
      }),
    );
  }
  subs.push(
    opts.applications.find({ selector: { status: 'queued' } }).$.subscribe((docs: { submittedAt: string }[]) => {
      const oldest = docs.reduce<string | null>((min, d) => (min === null || d.submittedAt < min ? d.submittedAt : min), null);
      tracker.waiting(docs.length, oldest);
    }),
  );

  const resync = (): void => {
    catalogRep.reSync();
    applicationsRep.reSync();
  };
  // Pull again while online; while offline the handlers are already retrying with backoff.
  const poll = setInterval(() => {
    if (!stopped && tracker.current.online) resync();
  }, pollIntervalMs);

  // In a browser, the network coming back is a reason to retry at once.
  const events = globalThis as unknown as {
    addEventListener?: (type: string, listener: () => void) => void;
    removeEventListener?: (type: string, listener: () => void) => void;
  };
  const kick = (): void => {
    if (stopped) return;
    waker.wakeAll();
    resync();
  };
  events.addEventListener?.('online', kick);

  return {
    state$: tracker.state$,
    kick,
    async awaitInSync() {
      await Promise.all([catalogRep.awaitInSync(), applicationsRep.awaitInSync()]);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(poll);
      events.removeEventListener?.('online', kick);
      waker.wakeAll();
      for (const s of subs) s.unsubscribe();
      await Promise.all([catalogRep.cancel(), applicationsRep.cancel()]);
      tracker.complete();
    },
  };
}
