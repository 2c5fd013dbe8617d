// Quarantine for applications the platform refuses for good (400 malformed, 403 another terminal's, 409 id
// taken or attachment_mismatch, 413 too large; not 409 attachment_missing, which the attachment upload settles),
// and for applications whose attachment the platform refuses for good (413 over its limit, 415, 460) or that is
// gone from the terminal. Without it one such document blocks the push queue forever: every retry carries it
// and the platform refuses the whole batch ("nothing partial is stored"). A refused batch is split in halves
// until the refused documents are alone; each is then marked held with the platform's reason, and the rest
// goes through. Nothing is deleted: the document stays in the collection, still 'queued' (so the purge never
// touches it), and staff see it with the reason. The marks live in a local (never replicated) document and
// are written before RxDB is told the row is done, so a restart cannot lose them.
import type { RxCollection, RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import { map, type Observable } from 'rxjs';
import type { ApplicationDoc } from '../protocol/application.js';
import { PlatformRequestError } from './platform-http.js';

export const HELD_APPLICATIONS_DOC = 'held-applications';

export interface HeldApplication {
  readonly id: string;
  /** Not personal: the number on the citizen's receipt, so staff can find the paper trail. */
  readonly applicationNumber: string;
  readonly serviceId: string;
  readonly submittedAt: string;
  /** When the platform refused it (terminal clock). */
  readonly heldAt: string;
  /** HTTP status and the platform's error code, message and field (the platform never quotes values). */
  readonly status: number;
  readonly code: string;
  readonly reason: string;
  readonly field?: string;
  /** Set when the refusal was about an attachment (its hash), not the application itself. */
  readonly attachmentSha256?: string;
  /** How many times staff sent it again (and it was refused again). */
  readonly resent?: number;
  /** When staff handed it over to the counter (processed by hand; still kept here, never deleted). */
  readonly handedOverAt?: string;
}

/** Why a document is held: from a push refusal or an attachment refusal. */
export interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly reason: string;
  readonly field?: string;
  readonly attachmentSha256?: string;
}

export function refusalOf(e: PlatformRequestError): Refusal {
  return {
    status: e.status,
    code: e.body?.error ?? `http_${e.status}`,
    reason: e.body?.message ?? e.message,
    ...(e.body?.field ? { field: e.body.field } : {}),
  };
}

interface HeldState {
  held: Record<string, HeldApplication>;
}

/** Refusals that say "this document will never be accepted as it is"; anything else is retried. */
export function isPermanentRefusal(e: unknown): e is PlatformRequestError {
  if (!(e instanceof PlatformRequestError)) return false;
  // 409 attachment_missing: the application went before its upload finished; it will be accepted after it.
  // 409 attachment_mismatch: the platform holds those bytes under another size or type; sending again cannot help.
  if (e.status === 409) return e.body?.error === 'id_taken' || e.body?.error === 'attachment_mismatch';
  return [400, 403, 413, 422].includes(e.status);
}

type Row = RxReplicationWriteToMasterRow<ApplicationDoc>;

export interface HeldApplications {
  /** All held applications, oldest refusal first; emits on every change. */
  readonly held$: Observable<readonly HeldApplication[]>;
  /** Ids currently held (read from storage). */
  heldIds(): Promise<ReadonlySet<string>>;
  /** Marks a document held (again: the newest reason wins, the resend count and hand-over stay). */
  hold(doc: ApplicationDoc, refusal: PlatformRequestError | Refusal, now?: Date): Promise<void>;
  /** One held application, or null. */
  get(id: string): Promise<HeldApplication | null>;
  /** Staff sent it again: counted (the mark stays until the platform has taken it). */
  countResend(id: string): Promise<void>;
  /** The platform took it: the mark goes (the document itself was never removed). */
  release(id: string): Promise<void>;
  /** Staff handed it over to the counter: marked with the time; kept, never deleted. Null when not held. */
  handOver(id: string, now?: Date): Promise<HeldApplication | null>;
}

/**
 * Held marks in the applications' database (RxDB local documents: the database must be created with
 * `localDocuments: true`, as the renderer's is).
 */
export function heldApplicationsIn(applications: RxCollection): HeldApplications {
  const db = applications.database;
  const read = async (): Promise<Record<string, HeldApplication>> =>
    ((await db.getLocal<HeldState>(HELD_APPLICATIONS_DOC))?.get('held') as Record<string, HeldApplication> | undefined) ?? {};
  // Marks are written one at a time: two pushes (or a push and a staff action) never race on the local document.
  let chain: Promise<unknown> = Promise.resolve();
  const change = <T>(edit: (held: Record<string, HeldApplication>) => T): Promise<T> => {
    const next = chain.then(async () => {
      const held = await read();
      const out = edit(held);
      await db.upsertLocal<HeldState>(HELD_APPLICATIONS_DOC, { held });
      return out;
    });
    chain = next.catch(() => undefined);
    return next;
  };
  return {
    held$: db.getLocal$<HeldState>(HELD_APPLICATIONS_DOC).pipe(
      map((doc) => Object.values((doc?.get('held') as Record<string, HeldApplication> | undefined) ?? {}).sort((a, b) => a.heldAt.localeCompare(b.heldAt))),
    ),
    async heldIds() {
      return new Set(Object.keys(await read()));
    },
    async get(id) {
      return (await read())[id] ?? null;
    },
    async hold(doc, refusal, now = new Date()) {
      const r = refusal instanceof PlatformRequestError ? refusalOf(refusal) : refusal;
      await change((held) => {
        const before = held[doc.id];
        held[doc.id] = {
          id: doc.id,
          applicationNumber: doc.applicationNumber,
          serviceId: doc.serviceId,
          submittedAt: doc.submittedAt,
          heldAt: now.toISOString(),
          status: r.status,
          code: r.code,
          reason: r.reason,
          ...(r.field ? { field: r.field } : {}),
          ...(r.attachmentSha256 ? { attachmentSha256: r.attachmentSha256 } : {}),
          ...(before?.resent ? { resent: before.resent } : {}),
          ...(before?.handedOverAt ? { handedOverAt: before.handedOverAt } : {}),
        };
      });
    },
    async countResend(id) {
      await change((held) => {
        const h = held[id];
        if (h) held[id] = { ...h, resent: (h.resent ?? 0) + 1 };
      });
    },
    async release(id) {
      await change((held) => {
        delete held[id];
      });
    },
    handOver(id, now = new Date()) {
      return change((held) => {
        const h = held[id];
        if (!h) return null;
        held[id] = { ...h, handedOverAt: h.handedOverAt ?? now.toISOString() };
        return held[id];
      });
    },
  };
}

export interface IsolatingPushOptions {
  /** One push round trip, retried on transient failures; throws a PlatformRequestError on a refusal. */
  send(rows: readonly Row[]): Promise<WithDeleted<ApplicationDoc>[]>;
  held: HeldApplications;
  /** Told once per held application (for the log: id and reason only). */
  onHeld?(held: { readonly id: string } & Refusal): void;
}

/**
 * Pushes rows; when the platform refuses the batch for good, splits it and pushes the halves, until each
 * refused row is alone and held. Returns the conflicts of the rows that went through.
 */
export async function pushIsolatingRefusals(rows: readonly Row[], opts: IsolatingPushOptions): Promise<WithDeleted<ApplicationDoc>[]> {
  const heldIds = await opts.held.heldIds();
  // A held document is not sent again (it would only be refused again and split the batch every time).
  const send = rows.filter((r) => !heldIds.has(r.newDocumentState.id));
  return pushOrSplit(send, opts);
}

async function pushOrSplit(rows: readonly Row[], opts: IsolatingPushOptions, recheck = false): Promise<WithDeleted<ApplicationDoc>[]> {
  if (recheck) {
    // The send may have held some rows itself (an attachment refused for good): not sent again.
    const heldIds = await opts.held.heldIds();
    rows = rows.filter((r) => !heldIds.has(r.newDocumentState.id));
  }
  if (rows.length === 0) return [];
  try {
    return await opts.send(rows);
  } catch (e) {
    if (!isPermanentRefusal(e)) throw e;
    if (rows.length === 1) {
      const doc = rows[0]!.newDocumentState;
      await opts.held.hold(doc, e);
      opts.onHeld?.({ id: doc.id, ...refusalOf(e) });
      return [];
    }
    const mid = Math.ceil(rows.length / 2);
    return [...(await pushOrSplit(rows.slice(0, mid), opts, true)), ...(await pushOrSplit(rows.slice(mid), opts, true))];
  }
}
