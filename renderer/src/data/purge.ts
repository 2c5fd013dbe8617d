// Purging personal data after the platform has acknowledged an application (ARCHITECTURE rule 5).
// After `retentionMs` from the moment this terminal first saw an application acknowledged, its name and ID
// number are masked and its form data removed; number, service, status and dates stay for progress queries.
// Queued (unacknowledged) applications are never touched. The purge is local only: sync/client never pushes
// a purged copy and purges pulled copies again (sync/client/purged-applications.ts), so the platform's
// record is unchanged and later status changes still arrive.
import { isPurgedApplication, purgedApplication } from '../../../sync/protocol/application-purge.js';
import type { ApplicationRecord, TerminalDatabase } from './database.js';

/**
 * Checked every 10 minutes. The retention comes from kiosk-config privacy.purgeRetentionHours (or the
 * platform's terminal settings); the default here: 24 h (staff can still reprint or answer a same-day question).
 */
export const DEFAULT_PURGE_SCHEDULE = { retentionMs: 24 * 60 * 60 * 1000, intervalMs: 10 * 60 * 1000 } as const;

/** Local (never replicated) document: when each acknowledged application was first seen acknowledged. */
export const PURGE_SEEN_DOC = 'purge-ack-seen';

interface SeenState {
  seen: Record<string, string>;
}

/** Local document: attachments whose release the host has not confirmed yet (retried on the next pass). */
export const ATTACHMENTS_TO_RELEASE_DOC = 'attachments-to-release';

interface ReleaseState {
  sha256s: string[];
}

export interface PurgeOptions {
  readonly retentionMs: number;
  readonly now?: () => Date;
  /**
   * Deletes attachment bytes from the host (TerminalApi.releaseAttachments). Called with the attachments of the
   * applications purged now that no application still holding personal data references (content-addressed:
   * the same image may belong to several). Without it attachments are kept.
   */
  readonly releaseAttachments?: (sha256s: string[]) => Promise<unknown>;
  /**
   * Tells the host every attachment the stored, not yet purged applications reference, after the pass
   * (TerminalApi.reportAttachmentReferences): the host deletes image files no application references (an
   * application that was never stored) once they are older than its grace period. Failures are ignored (next pass).
   */
  readonly reportAttachmentReferences?: (referenced: string[]) => Promise<unknown>;
}

export interface PurgeScheduleOptions extends PurgeOptions {
  readonly intervalMs: number;
  /**
   * At most how often the attachment references are reported (default hourly, and on the first pass): a report
   * reads every kept application, and the host's grace period is a day.
   */
  readonly referencesIntervalMs?: number;
  /** Called when a pass fails (storage closed, ...); the schedule keeps running. No personal data in it. */
  readonly onError?: (message: string) => void;
}

/** One pass. Returns how many applications were purged now. */
export async function purgeAcknowledged(tdb: TerminalDatabase, options: PurgeOptions): Promise<number> {
  const now = (options.now ?? (() => new Date()))();
  const stored = await tdb.db.getLocal<SeenState>(PURGE_SEEN_DOC);
  const before = (stored?.get('seen') as Record<string, string> | undefined) ?? {};
  const seen: Record<string, string> = {};
  let purged = 0;
  const purgedNow: ApplicationRecord[] = [];
  const acknowledged = await tdb.applications.find({ selector: { status: { $ne: 'queued' } } }).exec();
  for (const doc of acknowledged) {
    if (isPurgedApplication(doc.toJSON())) continue;
    const since = before[doc.id] ?? now.toISOString();
    if (now.getTime() - Date.parse(since) < options.retentionMs) {
      seen[doc.id] = since;
      continue;
    }
    const after = await doc.incrementalModify((data: ApplicationRecord) =>
      // Re-checked on the latest revision: only an acknowledged, not yet purged copy is purged.
      data.status === 'queued' || isPurgedApplication(data)
        ? data
        : purgedApplication(data, now.toISOString()),
    );
    if (isPurgedApplication(after.toJSON())) purgedNow.push(after.toJSON() as ApplicationRecord);
    purged++;
  }
  await tdb.db.upsertLocal<SeenState>(PURGE_SEEN_DOC, { seen });
  if (options.releaseAttachments) await releasePurgedAttachments(tdb, purgedNow, options.releaseAttachments);
  if (options.reportAttachmentReferences) await reportReferences(tdb, options.reportAttachmentReferences);
  return purged;
}

/**
 * The attachments of applications purged now (plus any whose release failed before), minus those an
 * application not yet purged still references, are released in the host.
 */
async function releasePurgedAttachments(
  tdb: TerminalDatabase,
  purgedNow: readonly ApplicationRecord[],
  release: (sha256s: string[]) => Promise<unknown>,
): Promise<void> {
  const pending = (await tdb.db.getLocal<ReleaseState>(ATTACHMENTS_TO_RELEASE_DOC))?.get('sha256s') as string[] | undefined;
  const candidates = new Set([...(pending ?? []), ...purgedNow.flatMap((d) => (d.attachments ?? []).map((a) => a.sha256))]);
  if (candidates.size === 0) return;
  const all = await tdb.applications.find().exec();
  for (const doc of all) {
    const data = doc.toJSON() as ApplicationRecord;
    if (isPurgedApplication(data)) continue;
    for (const a of data.attachments ?? []) candidates.delete(a.sha256);
  }
  const sha256s = [...candidates];
  let failed = sha256s.length > 0;
  if (sha256s.length > 0) {
    try {
      await release(sha256s);
      failed = false;
    } catch {
      // The host is away: kept, released on a later pass.
    }
  }
  await tdb.db.upsertLocal<ReleaseState>(ATTACHMENTS_TO_RELEASE_DOC, { sha256s: failed ? sha256s : [] });
}

/** Every attachment a stored application still holding its personal data references (queued ones included). */
export async function referencedAttachments(tdb: TerminalDatabase): Promise<string[]> {
  const referenced = new Set<string>();
  for (const doc of await tdb.applications.find().exec()) {
    const data = doc.toJSON() as ApplicationRecord;
    if (isPurgedApplication(data)) continue;
    for (const a of data.attachments ?? []) referenced.add(a.sha256);
  }
  return [...referenced];
}

async function reportReferences(tdb: TerminalDatabase, report: (referenced: string[]) => Promise<unknown>): Promise<void> {
  try {
    await report(await referencedAttachments(tdb));
  } catch {
    // The host is away: it sweeps with its last report (or not at all) until the next pass.
  }
}

export interface PurgeSchedule {
  /** Runs a pass now (after any pass in progress). */
  runNow(): Promise<number>;
  stop(): void;
}

/** Purges on start and then every `intervalMs`; passes never overlap. */
export function startPurgeSchedule(tdb: TerminalDatabase, options: PurgeScheduleOptions): PurgeSchedule {
  let chain: Promise<number> = Promise.resolve(0);
  let stopped = false;
  let lastReport = Number.NEGATIVE_INFINITY;
  const referencesEvery = options.referencesIntervalMs ?? 60 * 60 * 1000;
  const passOptions = (): PurgeOptions => {
    const { reportAttachmentReferences, ...rest } = options;
    if (!reportAttachmentReferences || Date.now() - lastReport < referencesEvery) return rest;
    lastReport = Date.now();
    return { ...rest, reportAttachmentReferences };
  };
  const runNow = (): Promise<number> => {
    chain = chain
      .catch(() => 0)
      .then(async () => {
        if (stopped) return 0;
        try {
          return await purgeAcknowledged(tdb, passOptions());
        } catch (e) {
          // The error's code only: storage errors can quote document contents.
          options.onError?.(`purge failed (${(e as { code?: string }).code ?? (e as Error).name})`);
          return 0;
        }
      });
    return chain;
  };
  const timer = setInterval(() => void runNow(), options.intervalMs);
  void runNow();
  return {
    runNow,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
