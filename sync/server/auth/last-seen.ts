// Operators see when a terminal last reached the platform (terminal list). Minute resolution is all they
// need, so this is written at most once a minute per terminal per process, and never on a request's path:
// terminals seen since the last write are collected and written together by one UPDATE, while the request
// that noticed them is answered. A failed write is dropped (the next request a minute later writes again);
// it never fails a request.
import type { Queryable } from '../db/types.js';

const EVERY_MS = 60_000;

class LastSeenWriter {
  private readonly writtenAt = new Map<string, number>();
  private pending = new Set<string>();
  private running: Promise<void> | null = null;

  constructor(private readonly db: Queryable) {}

  seen(terminalId: string, now: number): void {
    const last = this.writtenAt.get(terminalId);
    if (last !== undefined && now - last < EVERY_MS && now >= last) return;
    this.writtenAt.set(terminalId, now);
    this.pending.add(terminalId);
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when what was seen so far is written (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Let the requests of this tick join before writing.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.pending.size > 0) {
      const ids = [...this.pending];
      this.pending = new Set();
      try {
        await this.db.query(
          `UPDATE terminals SET last_seen_at = now()
           WHERE id = ANY($1::text[]) AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')`,
          [ids],
        );
      } catch {
        // Database away or closing: forget these, so they are written on their next request.
        for (const id of ids) this.writtenAt.delete(id);
      }
    }
  }
}

const writers = new WeakMap<Queryable, LastSeenWriter>();

function writerFor(db: Queryable): LastSeenWriter {
  let w = writers.get(db);
  if (!w) {
    w = new LastSeenWriter(db);
    writers.set(db, w);
  }
  return w;
}

/** Notes that the terminal reached the platform; written shortly, at most once a minute. */
export function terminalSeen(db: Queryable, terminalId: string, now: number): void {
  writerFor(db).seen(terminalId, now);
}

/** Resolves once every noted terminal is written. */
export function lastSeenSettled(db: Queryable): Promise<void> {
  return writers.get(db)?.settled() ?? Promise.resolve();
}
