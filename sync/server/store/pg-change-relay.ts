// Carries live-stream notices between API nodes that share one PostgreSQL (LISTEN/NOTIFY), so a status change
// an operator makes on one node reaches a terminal streaming from another at once, not at its next safety
// poll. Each node relays its own notices out (pg_notify) and the others' in (marked relayed, never sent on
// again). Notices carry no documents, only the collection and the terminal id. The listening connection is
// re-opened after a loss (a notice missed meanwhile costs only latency).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { STREAMED_COLLECTIONS, type StreamedCollection } from '../../protocol/index.js';
import type { ChangeBus, ChangeNotice } from './change-bus.js';

export const DEFAULT_CHANGE_CHANNEL = 'yichuang_changes';
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PgChangeRelayOptions {
  connectionString: string;
  /** One channel per platform deployment sharing the database (tests: one per test). */
  channel?: string;
  log?: (message: string) => void;
  /** Wait before re-opening a lost listening connection (default 1 s, doubling to 30 s). */
  retryMs?: { first: number; max: number };
}

export interface PgChangeRelay {
  /** Resolves once this node is listening (tests; start-up). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

interface Wire {
  origin: string;
  collection: StreamedCollection;
  terminalId?: string;
}

function parseWire(payload: string | undefined): Wire | null {
  try {
    const v = JSON.parse(payload ?? '') as Partial<Wire>;
    if (typeof v.origin !== 'string' || !STREAMED_COLLECTIONS.includes(v.collection as StreamedCollection)) return null;
    if (v.terminalId !== undefined && typeof v.terminalId !== 'string') return null;
    return v as Wire;
  } catch {
    return null;
  }
}

export function relayChangesThroughPostgres(bus: ChangeBus, opts: PgChangeRelayOptions): PgChangeRelay {
  const channel = opts.channel ?? DEFAULT_CHANGE_CHANNEL;
  if (!CHANNEL_NAME.test(channel)) throw new Error(`invalid notification channel name: ${channel}`);
  const log = opts.log ?? (() => undefined);
  const retry = opts.retryMs ?? { first: 1000, max: 30_000 };
  const origin = randomUUID();
  let client: pg.Client | null = null;
  let closed = false;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  async function listen(): Promise<void> {
    for (let wait = retry.first; !closed; wait = Math.min(wait * 2, retry.max)) {
      const c = new pg.Client({ connectionString: opts.connectionString });
      // A lost connection emits 'error'; handled below, and never allowed to crash the process.
      c.on('error', () => undefined);
      try {
        await c.connect();
        c.on('notification', (msg) => {
          const wire = parseWire(msg.payload);
          if (!wire || wire.origin === origin) return;
          bus.notify({ collection: wire.collection, ...(wire.terminalId !== undefined ? { terminalId: wire.terminalId } : {}), relayed: true });
        });
        await c.query(`LISTEN ${channel}`);
        if (closed) {
          await c.end().catch(() => undefined);
          return;
        }
        client = c;
        markReady();
        // Re-open when the connection is lost.
        await new Promise<void>((resolve) => {
          c.once('error', (e: Error) => {
            log(`change relay: listening connection lost (${e.message})`);
            resolve();
          });
          c.once('end', () => resolve());
        });
        client = null;
        wait = retry.first;
      } catch (e) {
        log(`change relay: cannot listen (${(e as Error).message}); retrying`);
        await c.end().catch(() => undefined);
      }
      if (!closed) await new Promise((r) => setTimeout(r, wait));
    }
  }
  void listen();

  const unsubscribe = bus.subscribe((notice: ChangeNotice) => {
    if (notice.relayed || closed || !client) return;
    const wire: Wire = { origin, collection: notice.collection, ...(notice.terminalId !== undefined ? { terminalId: notice.terminalId } : {}) };
    client.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify(wire)]).catch((e: Error) => log(`change relay: notify failed (${e.message})`));
  });

  return {
    ready,
    async close() {
      closed = true;
      unsubscribe();
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
