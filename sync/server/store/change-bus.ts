// Tells open live streams that a collection has news. In-process: each API node notifies its own
// streams; with several nodes behind one PostgreSQL, store/pg-change-relay.ts carries notices between them
// (LISTEN/NOTIFY). A missed notice costs only latency: terminals also poll.
import type { StreamedCollection } from '../../protocol/index.js';

export interface ChangeNotice {
  readonly collection: StreamedCollection;
  /** Only this terminal cares (its own applications); undefined: every terminal (the catalog). */
  readonly terminalId?: string;
  /** Came from another API node through the relay: not to be relayed again. */
  readonly relayed?: boolean;
}

export type ChangeListener = (notice: ChangeNotice) => void;

export class ChangeBus {
  private readonly listeners = new Set<ChangeListener>();

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(notice: ChangeNotice): void {
    for (const l of this.listeners) {
      try {
        l(notice);
      } catch {
        // one broken stream must not stop the others
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
