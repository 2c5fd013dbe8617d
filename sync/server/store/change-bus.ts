// Tells open live streams that a collection has news. In-process: each API node notifies its own
// streams; with several nodes behind a load balancer, PostgreSQL LISTEN/NOTIFY would carry these
// (not built yet — see sync/server/README.md). A missed notice costs only latency: terminals also poll.
import type { StreamedCollection } from '../../protocol/index.js';

export interface ChangeNotice {
  readonly collection: StreamedCollection;
  /** Only this terminal cares (its own applications); undefined: every terminal (the catalog). */
  readonly terminalId?: string;
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
