// Applications taken although an offline limit was reached while the person was filling them in.
// The services screen refuses new applications once a limit is reached (offline-limits.ts), but a person already
// in the middle of one may have started below it: the queue grew meanwhile (another window, a long form) or the
// oldest application crossed the age limit. Their application is still taken — throwing away what they typed, or
// sending them to the counter with nothing, is worse than one more queued application — and staff are told: the
// staff corner shows how many such applications still wait, and the host's audit log has each (id and figures).
// The marks live in a local (never replicated) document; an entry stops counting once its application has gone.
import { map, of, switchMap, type Observable } from 'rxjs';
import type { OfflineLimitBreach } from './offline-limits.js';
import type { TerminalDatabase } from './database.js';

export const OVER_LIMIT_DOC = 'taken-over-offline-limit';

export interface TakenOverLimit {
  readonly id: string;
  readonly applicationNumber: string;
  /** When it was taken (terminal clock). */
  readonly at: string;
  readonly limit: OfflineLimitBreach['kind'];
}

interface OverLimitState {
  taken: Record<string, TakenOverLimit>;
}

async function read(tdb: TerminalDatabase): Promise<Record<string, TakenOverLimit>> {
  return ((await tdb.db.getLocal<OverLimitState>(OVER_LIMIT_DOC))?.get('taken') as Record<string, TakenOverLimit> | undefined) ?? {};
}

/** Marks an application taken over a limit; entries whose application has gone meanwhile are dropped. */
export async function recordTakenOverLimit(tdb: TerminalDatabase, entry: TakenOverLimit): Promise<void> {
  const taken = await read(tdb);
  const ids = Object.keys(taken);
  const waiting = ids.length === 0 ? [] : await tdb.applications.find({ selector: { id: { $in: ids }, status: 'queued' } }).exec();
  const still = new Set(waiting.map((d) => d.id));
  const next: Record<string, TakenOverLimit> = { [entry.id]: entry };
  for (const [id, e] of Object.entries(taken)) if (still.has(id)) next[id] = e;
  await tdb.db.upsertLocal<OverLimitState>(OVER_LIMIT_DOC, { taken: next });
}

/** Applications taken over a limit that still wait to be sent, oldest first (for the staff corner). */
export function takenOverLimitWaiting$(tdb: TerminalDatabase): Observable<readonly TakenOverLimit[]> {
  return tdb.db.getLocal$<OverLimitState>(OVER_LIMIT_DOC).pipe(
    map((doc) => Object.values((doc?.get('taken') as Record<string, TakenOverLimit> | undefined) ?? {})),
    switchMap((entries) =>
      entries.length === 0
        ? of([])
        : tdb.applications.find({ selector: { id: { $in: entries.map((e) => e.id) }, status: 'queued' } }).$.pipe(
            map((docs: readonly { id: string }[]) => {
              const waiting = new Set(docs.map((d) => d.id));
              return entries.filter((e) => waiting.has(e.id)).sort((a, b) => a.at.localeCompare(b.at));
            }),
          ),
    ),
  );
}
