// The terminal's replication with the central platform (runs in the renderer: fetch and rxjs only).
// Catalog: pull. Applications: push (local 'queued' documents) and pull (the platform's statuses).
// Ordering comes from the platform's sequence (checkpoint { seq }), never from clocks.
import type { ReplicationPullHandlerResult, RxCollection, RxReplicationPullStreamItem, WithDeleted } from 'rxdb';
import { addRxPlugin } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { combineLatest, Subject, switchMap, type Observable, type Subscription } from 'rxjs';
import type { ApplicationDoc } from '../protocol/application.js';
import { distinctBlobs, type AttachmentBlob, type RefusedAttachment } from '../protocol/attachment.js';
import { CATALOG_SCHEMA_VERSION, type CatalogItem } from '../protocol/catalog.js';
import type { HeartbeatBody } from '../protocol/enrollment.js';
import { ENROLLMENT_PATHS } from '../protocol/enrollment.js';
import { SYNC_PATHS, type Checkpoint, type PushRow, type StreamedCollection } from '../protocol/replication.js';
import type { ReviewDoc } from '../protocol/review.js';
import { backoffDelay, DEFAULT_RETRY, Waker } from './backoff.js';
import { applicationConflictHandler } from './conflict-handler.js';
import {
  heldApplicationsIn,
  isPermanentRefusal,
  pushIsolatingRefusals,
  refusalOf,
  type HeldApplication,
  type Refusal,
} from './held-applications.js';
import { purgeAgainIfPurgedLocally, withholdPurged } from './purged-applications.js';
import { ConnectivityTracker, type ConnectivityState } from './connectivity.js';
import { followLiveStream, type LiveStream } from './live-stream.js';
import { checked, createPlatformHttp, PlatformRequestError, pullEnvelopeSchema, pushResponseSchema } from './platform-http.js';
import type { RequestSigner } from './signing.js';

export type { ConnectivityState } from './connectivity.js';

// The applications collection is at RxDB schema version ≥ 1 (sync/protocol/rxdb-schemas.ts): RxDB opens it only
// with the migration plugin, which runs applicationMigrationStrategies on documents of older versions.
addRxPlugin(RxDBMigrationSchemaPlugin);
export type { HeldApplication, Refusal } from './held-applications.js';
export { credentialSigner, pathAndQueryOf, type RequestSigner } from './signing.js';

export interface TerminalReplicationOptions {
  platformUrl: string;
  terminalId: string;
  /** Signs every request (the renderer asks the host; the credential never reaches it). */
  sign: RequestSigner;
  /** rxdb collection created with catalogRxSchema */
  catalog: RxCollection;
  /** rxdb collection created with applicationRxSchema */
  applications: RxCollection;
  /** rxdb collection created with reviewRxSchema (push only); optional */
  reviews?: RxCollection;
  fetch?: typeof fetch;
  /**
   * Makes sure the platform holds these attachments before the applications referencing them are pushed (the
   * renderer asks its host: TerminalApi.uploadAttachments). Throws while it cannot (offline, not enrolled); the
   * push then waits and retries with the same backoff. Answers the attachments settled for good without reaching
   * the platform (refused: 413/415/460, or gone from the terminal): only the applications referencing those are
   * held, the rest of the batch goes. Required as soon as an application has attachments.
   */
  uploadAttachments?: (blobs: readonly AttachmentBlob[]) => Promise<void | { readonly refused?: readonly RefusedAttachment[] }>;
  /** Told once per application held aside (for the log and the audit: id, status, code; never personal data). */
  onHeld?: (held: { readonly id: string } & Refusal) => void;
  /** capped exponential backoff with jitter */
  retry?: { initialMs: number; maxMs: number };
  /**
   * How often to re-pull while online and the live streams are down (default 5000). While the streams
   * are up, changes arrive through them and a safety pull runs every `safetyPullMs` (default 60 000).
   */
  pollIntervalMs?: number;
  safetyPullMs?: number;
  /** Follow the platform's live streams (default true). */
  live?: boolean;
  /** Heartbeats: what the host knows (version, devices); queue figures come from the local database. */
  heartbeat?: {
    intervalMs: number;
    collect(): Promise<Pick<HeartbeatBody, 'version' | 'devices'>>;
  };
}

export interface TerminalReplication {
  state$: Observable<ConnectivityState>;
  /** Applications the platform refused for good, held aside with its reason (held-applications.ts). */
  held$: Observable<readonly HeldApplication[]>;
  /**
   * Staff send a held application again once the cause is fixed (re-enrolled, the platform's limit raised): one
   * attempt now. Taken → the mark goes and its status comes back; refused again → held with the new reason.
   */
  resendHeld(id: string): Promise<ResendOutcome>;
  /** Staff hand a held application over to the counter: marked (with the time), kept, never deleted. */
  handOverHeld(id: string): Promise<HeldApplication | null>;
  /** Retry now (e.g. the staff pressed "sync" or the network came back). */
  kick(): void;
  /** Resolves when both collections have caught up with the platform (never while it is unreachable). */
  awaitInSync(): Promise<void>;
  stop(): Promise<void>;
}

export type ResendOutcome =
  | { readonly kind: 'sent' }
  | { readonly kind: 'held'; readonly held: HeldApplication }
  | { readonly kind: 'unreachable'; readonly reason: string }
  | { readonly kind: 'not_held' };

type PushRowOf = Parameters<typeof pushIsolatingRefusals>[0][number];

/** The reason an application is held when one of its attachments cannot reach the platform. */
function attachmentRefusal(r: RefusedAttachment): Refusal {
  return {
    status: r.status,
    code: r.code === 'missing' ? 'attachment_gone' : `attachment_${r.code}`,
    reason: r.message,
    field: 'attachments',
    attachmentSha256: r.sha256,
  };
}

const PULL_BATCH = 200;
// One push request is one signed round trip, as large as the platform accepts (MAX_PUSH_ROWS = 200, ~125 KB of
// JSON at a realistic ~620 bytes per application). After an outage a terminal may hold thousands: RxDB hands the
// push handler one batch at a time, so a batch is several requests sent together (the platform groups their
// commits), and RxDB records the batch's state in one write.
const PUSH_REQUEST_ROWS = 200;
const PUSH_BATCH = 5 * PUSH_REQUEST_ROWS;

/**
 * Applications the platform stored under contract version 1 before `attachments` existed come without the field;
 * locally every document has the list (RxDB schema), so a pulled one gets [] (the same content: see
 * application-ownership.ts).
 */
function withAttachmentsList(doc: WithDeleted<ApplicationDoc>): WithDeleted<ApplicationDoc> {
  return Array.isArray(doc.attachments) ? doc : { ...doc, attachments: [] };
}

export function startTerminalReplication(opts: TerminalReplicationOptions): TerminalReplication {
  const retry = opts.retry ?? DEFAULT_RETRY;
  const pollIntervalMs = opts.pollIntervalMs ?? 5000;
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const http = createPlatformHttp({ platformUrl: opts.platformUrl, sign: opts.sign, fetch: doFetch });
  const tracker = new ConnectivityTracker();
  const waker = new Waker();
  let stopped = false;

  /**
   * Runs one request until it succeeds (or replication stops), backing off between failures. An error for
   * which `final` says yes is thrown to the caller instead: the platform answered, so the link is fine.
   */
  async function untilDone<T>(request: () => Promise<T>, final: (e: unknown) => boolean = () => false): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (stopped) throw new Error('replication stopped');
      try {
        const value = await request();
        tracker.succeeded();
        return value;
      } catch (e) {
        if (stopped) throw new Error('replication stopped');
        if (final(e)) {
          tracker.succeeded();
          throw e;
        }
        tracker.failed((e as Error).message);
        await waker.wait(backoffDelay(attempt, retry));
      }
    }
  }

  // Live streams turn into RxDB's pull.stream$: 'RESYNC' makes RxDB pull from its checkpoint.
  const resyncSignals = {
    catalog: new Subject<RxReplicationPullStreamItem<CatalogItem, Checkpoint>>(),
    applications: new Subject<RxReplicationPullStreamItem<ApplicationDoc, Checkpoint>>(),
  } as const;

  const pullFrom =
    <Doc>(collection: 'catalog' | 'applications', modify: (docs: WithDeleted<Doc>[]) => Promise<WithDeleted<Doc>[]> = async (d) => d) =>
    async (checkpoint: Checkpoint | undefined, batchSize: number): Promise<ReplicationPullHandlerResult<Doc, Checkpoint>> => {
      const { documents, checkpoint: next } = await untilDone(async () => {
        const body = await http.get(SYNC_PATHS.pull(collection), { checkpoint: checkpoint?.seq ?? 0, limit: batchSize });
        return checked(pullEnvelopeSchema, body, `${collection} pull`);
      });
      // The envelope is checked; the documents are the platform's validated records.
      return { documents: await modify(documents as unknown as WithDeleted<Doc>[]), checkpoint: next };
    };

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
  const held = heldApplicationsIn(opts.applications);
  const reportHeld = (h: { readonly id: string } & Refusal): void => {
    console.warn(`[sync] application ${h.id} held: refused for good (${h.status} ${h.code}) ${h.reason}`);
    opts.onHeld?.(h);
  };

  /**
   * One attempt: the batch's attachments first (the platform refuses an application whose attachments it does
   * not hold: 409), then the push. An application whose attachment is refused for good (or gone here) is held
   * and left out; the others go. Throws PlatformRequestError (or a plain Error while uploads cannot be made).
   */
  async function uploadAndPush(batch: readonly PushRowOf[], heldNow?: Set<string>): Promise<WithDeleted<ApplicationDoc>[]> {
    let rows = batch;
    if (!heldNow) {
      // A retry after a transient failure: rows held by an earlier attempt are not uploaded or held again.
      const heldIds = await held.heldIds();
      rows = rows.filter((r) => !heldIds.has(r.newDocumentState.id));
    }
    const blobs = distinctBlobs(rows.flatMap((r) => (r.newDocumentState._deleted ? [] : (r.newDocumentState.attachments ?? []))));
    if (blobs.length > 0) {
      if (!opts.uploadAttachments) throw new Error('applications have attachments but replication has no uploadAttachments');
      const answer = await opts.uploadAttachments(blobs);
      const refused = new Map((answer?.refused ?? []).map((r) => [r.sha256, r]));
      if (refused.size > 0) {
        const going: PushRowOf[] = [];
        for (const row of rows) {
          const bad = (row.newDocumentState.attachments ?? []).map((a) => refused.get(a.sha256)).find((r) => r !== undefined);
          if (!bad) {
            going.push(row);
            continue;
          }
          const why = attachmentRefusal(bad);
          await held.hold(row.newDocumentState, why);
          heldNow?.add(row.newDocumentState.id);
          reportHeld({ id: row.newDocumentState.id, ...why });
        }
        rows = going;
      }
    }
    if (rows.length === 0) return [];
    const body: PushRow<ApplicationDoc>[] = rows.map((r) => ({
      assumedMasterState: r.assumedMasterState ?? null,
      newDocumentState: r.newDocumentState,
    }));
    const answer = await http.post(SYNC_PATHS.push('applications'), body);
    return checked(pushResponseSchema, answer, 'push response') as WithDeleted<ApplicationDoc>[];
  }
  const purgeAgain = purgeAgainIfPurgedLocally(opts.applications);
  const id = `${opts.platformUrl.replace(/\/+$/, '')}|${opts.terminalId}`;

  const catalogRep: RxReplicationState<CatalogItem, Checkpoint> = replicateRxCollection<CatalogItem, Checkpoint>({
    ...common,
    collection: opts.catalog,
    // Named after the catalog contract: when it changes, every item is pulled again with the new fields
    // (migration can only guess them for a cached item; see catalogMigrationStrategies).
    replicationIdentifier: `yichuang-catalog|v${CATALOG_SCHEMA_VERSION}|${id}`,
    pull: { handler: pullFrom<CatalogItem>('catalog'), batchSize: PULL_BATCH, stream$: resyncSignals.catalog.asObservable() },
  });

  const applicationsRep: RxReplicationState<ApplicationDoc, Checkpoint> = replicateRxCollection<ApplicationDoc, Checkpoint>({
    ...common,
    collection: opts.applications,
    replicationIdentifier: `yichuang-applications|${id}`,
    pull: {
      // The pulled batch is adjusted in the handler, in one lookup, rather than by an RxDB modifier (a query per
      // document). The stream only ever says RESYNC, so every pulled document passes through here.
      handler: pullFrom<ApplicationDoc>('applications', async (docs) => purgeAgain(docs.map(withAttachmentsList))),
      batchSize: PULL_BATCH,
      stream$: resyncSignals.applications.asObservable(),
    },
    push: {
      batchSize: PUSH_BATCH,
      handler: async (allRows) => {
        // A purged local copy is never sent: it would overwrite the platform's record (purged-applications.ts).
        const { send: rows, answered } = withholdPurged(allRows);
        if (rows.length === 0) return answered;
        // The platform takes MAX_PUSH_ROWS per request; the requests of one batch go out together, so the
        // platform commits them in one group instead of one round trip and one commit after another.
        const chunks: (typeof rows)[] = [];
        for (let i = 0; i < rows.length; i += PUSH_REQUEST_ROWS) chunks.push(rows.slice(i, i + PUSH_REQUEST_ROWS));
        const conflicts = await Promise.all(
          chunks.map((chunk) =>
            // A document the platform refuses for good is held aside so the queue behind it moves on.
            pushIsolatingRefusals(chunk, {
              held,
              onHeld: reportHeld,
              send: (batch) => untilDone(() => uploadAndPush(batch), isPermanentRefusal),
            }),
          ),
        );
        // The platform does not announce its own acknowledgement on the live stream: pull it back (status
        // 'received') once this push is settled, so the waiting figure drops now, not at the next safety pull.
        if (rows.length > 0) pullAfterPush();
        return [...answered, ...conflicts.flat()];
      },
    },
  });
  let pullQueued = false;
  function pullAfterPush(): void {
    if (pullQueued) return;
    pullQueued = true;
    // Only after RxDB has recorded the push: a pull while the push is in flight is skipped for that document.
    void applicationsRep.awaitInSync().then(
      () => {
        pullQueued = false;
        if (!stopped) resyncSignals.applications.next('RESYNC');
      },
      () => (pullQueued = false),
    );
  }

  // Reviews go one way: pushed once, never pulled; the platform ignores a re-sent id.
  const reviewsRep: RxReplicationState<ReviewDoc, Checkpoint> | null = opts.reviews
    ? replicateRxCollection<ReviewDoc, Checkpoint>({
        ...common,
        collection: opts.reviews,
        replicationIdentifier: `yichuang-reviews|${id}`,
        push: {
          batchSize: PUSH_REQUEST_ROWS,
          handler: async (rows) =>
            untilDone(async () => {
              const body: PushRow<ReviewDoc>[] = rows.map((r) => ({ newDocumentState: r.newDocumentState }));
              await http.post(SYNC_PATHS.push('reviews'), body);
              return [];
            }),
        },
      })
    : null;
  const replications = [catalogRep, applicationsRep, ...(reviewsRep ? [reviewsRep] : [])];

  const subs: Subscription[] = [];
  for (const rep of replications) {
    subs.push(
      rep.error$.subscribe((e) => {
        if (!stopped) tracker.failed(e.message);
      }),
    );
  }
  const queued = { selector: { status: 'queued' } };
  subs.push(
    // Waiting = queued and not held: held ones will not go by themselves and are counted apart. Figures from
    // a count, the held ones (few) and the oldest waiting one: subscribing to every queued document re-read
    // (and decrypted) the whole queue on each change, quadratic while a long queue drains.
    held.held$
      .pipe(
        switchMap((heldDocs) => {
          const heldIds = heldDocs.map((h) => h.id);
          return combineLatest([
            opts.applications.count(queued).$ as Observable<number>,
            opts.applications.findByIds(heldIds).$ as Observable<Map<string, { get(field: 'status'): string }>>,
            opts.applications.findOne({ selector: { status: 'queued', id: { $nin: heldIds } }, sort: [{ submittedAt: 'asc' }] })
              .$ as Observable<{ submittedAt: string } | null>,
          ]);
        }),
      )
      .subscribe(([queuedCount, heldDocs, oldest]) => {
        const heldQueued = [...heldDocs.values()].filter((d) => d.get('status') === 'queued').length;
        tracker.waiting(queuedCount - heldQueued, oldest?.submittedAt ?? null);
        tracker.held(heldQueued);
      }),
  );

  let lastResync = Date.now();
  const resync = (): void => {
    lastResync = Date.now();
    catalogRep.reSync();
    applicationsRep.reSync();
    reviewsRep?.reSync();
  };

  const streams: LiveStream[] =
    opts.live === false
      ? []
      : (['catalog', 'applications'] as const satisfies readonly StreamedCollection[]).map((collection) =>
          followLiveStream({
            http,
            path: SYNC_PATHS.stream(collection),
            retry,
            onConnected: () => resyncSignals[collection].next('RESYNC'),
            onChange: () => resyncSignals[collection].next('RESYNC'),
            onDisconnected: () => undefined,
          }),
        );
  const streamsUp = (): boolean => streams.length > 0 && streams.every((s) => s.connected);

  // Pull again while online: often while the live streams are down, rarely while they carry changes.
  // While offline the handlers are already retrying with backoff.
  const safetyPullMs = opts.safetyPullMs ?? 60_000;
  const poll = setInterval(() => {
    if (stopped || !tracker.current.online) return;
    if (streamsUp() && Date.now() - lastResync < safetyPullMs) return;
    resync();
  }, pollIntervalMs);

  // Heartbeats report the queue the staff see, and the host's devices; a failed one is simply skipped.
  const sendHeartbeat = async (): Promise<void> => {
    if (!opts.heartbeat || stopped) return;
    try {
      const fromHost = await opts.heartbeat.collect();
      const state = tracker.current;
      const body: HeartbeatBody = { ...fromHost, queueDepth: state.waiting, heldCount: state.held, oldestWaitingAt: state.oldestWaitingSince };
      await http.post(ENROLLMENT_PATHS.heartbeat, body);
    } catch {
      // offline or refused: the next beat tries again; connectivity is judged by replication
    }
  };
  const heartbeatTimer = opts.heartbeat ? setInterval(() => void sendHeartbeat(), opts.heartbeat.intervalMs) : undefined;
  if (opts.heartbeat) setTimeout(() => void sendHeartbeat(), 0);

  // In a browser, the network coming back is a reason to retry at once.
  const events = globalThis as unknown as {
    addEventListener?: (type: string, listener: () => void) => void;
    removeEventListener?: (type: string, listener: () => void) => void;
  };
  const kick = (): void => {
    if (stopped) return;
    waker.wakeAll();
    for (const s of streams) s.kick();
    resync();
  };
  events.addEventListener?.('online', kick);

  return {
    state$: tracker.state$,
    held$: held.held$,
    async resendHeld(heldId) {
      const mark = await held.get(heldId);
      const doc = await opts.applications.findOne(heldId).exec();
      if (!mark || !doc) return { kind: 'not_held' };
      const data = doc.toJSON() as ApplicationDoc;
      // Acknowledged meanwhile (sent from elsewhere, or pulled back): nothing to send; the mark goes.
      if (data.status !== 'queued') {
        await held.release(heldId);
        return { kind: 'sent' };
      }
      await held.countResend(heldId);
      // Sent beside RxDB's push (which counts the held row as answered): the mark stays until the platform has
      // taken it, so a crash mid-way leaves it held, never lost in between. The platform is idempotent on the id.
      const row = { newDocumentState: { ...data, _deleted: false } } as PushRowOf;
      const heldNow = new Set<string>();
      try {
        await uploadAndPush([row], heldNow);
      } catch (e) {
        if (isPermanentRefusal(e)) {
          await held.hold(data, refusalOf(e));
          heldNow.add(heldId);
          reportHeld({ id: heldId, ...refusalOf(e) });
        } else {
          return { kind: 'unreachable', reason: e instanceof PlatformRequestError || e instanceof Error ? e.message : String(e) };
        }
      }
      const after = await held.get(heldId);
      // Held again (by the push, or by an attachment refused again): the newest reason.
      if (after && heldNow.has(heldId)) return { kind: 'held', held: after };
      await held.release(heldId);
      tracker.succeeded();
      // Its 'received' status comes back with the next pull.
      resyncSignals.applications.next('RESYNC');
      return { kind: 'sent' };
    },
    handOverHeld: (heldId) => held.handOver(heldId),
    kick,
    async awaitInSync() {
      await Promise.all(replications.map((r) => r.awaitInSync()));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(poll);
      clearInterval(heartbeatTimer);
      for (const s of streams) s.stop();
      events.removeEventListener?.('online', kick);
      waker.wakeAll();
      for (const s of subs) s.unsubscribe();
      await Promise.all(replications.map((r) => r.cancel()));
      resyncSignals.catalog.complete();
      resyncSignals.applications.complete();
      tracker.complete();
    },
  };
}
