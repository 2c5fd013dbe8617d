// Start-up outside React: connect to the host, read the terminal's settings, open the local database,
// start replication. React subscribes to the result (useSyncExternalStore), so StrictMode's double
// effects can never open the database twice.
import { BehaviorSubject, of, type Observable } from 'rxjs';
import type { TerminalInfo } from '../../../main/api/terminal-api.js';
import { openTerminalDatabase, type TerminalDatabase } from '../data/database.js';
import { DEFAULT_PURGE_SCHEDULE, startPurgeSchedule, type PurgeSchedule } from '../data/purge.js';
import {
  INITIAL_REPLICATION_STATE,
  startReplication,
  type ReplicationHostApi,
  type ReplicationState,
  type TerminalReplication,
} from '../data/replication.js';
import { whenOpen, type HostConnection, type HostConnectionState } from '../host-api/index.js';

export interface Terminal {
  readonly host: HostConnection;
  readonly info: TerminalInfo;
  readonly data: TerminalDatabase;
  readonly replication: TerminalReplication;
}

export type BootState =
  | { readonly phase: 'connecting'; readonly connection: HostConnectionState | null }
  | { readonly phase: 'opening-data' }
  | { readonly phase: 'ready'; readonly terminal: Terminal }
  | { readonly phase: 'failed'; readonly reason: string };

export interface BootStore {
  getSnapshot(): BootState;
  subscribe(listener: () => void): () => void;
}

export interface BootDependencies {
  readonly createConnection: () => HostConnection;
  readonly openDatabase?: typeof openTerminalDatabase;
  readonly startReplication?: (data: TerminalDatabase, info: TerminalInfo, api: ReplicationHostApi) => TerminalReplication;
}

/** Replication that never started: the terminal still takes applications (offline-first). */
function replicationUnavailable(reason: string): TerminalReplication {
  const state$: Observable<ReplicationState> = new BehaviorSubject<ReplicationState>({
    ...INITIAL_REPLICATION_STATE,
    lastError: reason,
  });
  return {
    state$,
    held$: of([]),
    resendHeld: async () => ({ kind: 'unreachable', reason }),
    handOverHeld: async () => null,
    kick: () => undefined,
    awaitInSync: () => new Promise<void>(() => undefined),
    stop: async () => undefined,
  };
}

export function bootTerminal(deps: BootDependencies): BootStore {
  let state: BootState = { phase: 'connecting', connection: null };
  const listeners = new Set<() => void>();
  const set = (next: BootState) => {
    state = next;
    for (const l of [...listeners]) l();
  };

  const run = async () => {
    const host = deps.createConnection();
    const connectionSub = host.connection$.subscribe((connection) => {
      if (state.phase === 'connecting') set({ phase: 'connecting', connection });
    });
    let info: TerminalInfo;
    // Keep asking until the host answers: it may be starting up, or restart under us.
    for (;;) {
      await whenOpen(host);
      try {
        info = await host.api.getTerminalInfo();
        break;
      } catch (error) {
        console.warn('getTerminalInfo failed; retrying', error);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    connectionSub.unsubscribe();
    set({ phase: 'opening-data' });
    const data = await (deps.openDatabase ?? openTerminalDatabase)({ terminalId: info.terminalId, password: info.localDataKey });
    // ARCHITECTURE rule 5: acknowledged personal data leaves the terminal after the configured retention, its
    // attachments' bytes with it.
    const purgeFor = (i: TerminalInfo): PurgeSchedule =>
      startPurgeSchedule(data, {
        ...DEFAULT_PURGE_SCHEDULE,
        retentionMs: i.purgeRetentionHours * 60 * 60 * 1000,
        releaseAttachments: (sha256s) => host.api.releaseAttachments({ sha256s }),
        // The host deletes image files no stored application references (never stored: main/host/attachment-sweeper.ts).
        reportAttachmentReferences: (referenced) => host.api.reportAttachmentReferences({ referenced }),
      });
    let purge = purgeFor(info);
    let replication: TerminalReplication;
    try {
      replication = (deps.startReplication ?? startReplication)(data, info, host.api);
    } catch (error) {
      console.error('replication did not start', error);
      replication = replicationUnavailable(error instanceof Error ? error.message : String(error));
    }
    set({ phase: 'ready', terminal: { host, info, data, replication } });
    // An operator changed settings on the platform: the screens take the new info at once (idle timeout,
    // offline limits), and the purge runs with the new retention.
    host.onEvent((event) => {
      if (event.type !== 'terminal-info' || state.phase !== 'ready') return;
      if (event.info.purgeRetentionHours !== state.terminal.info.purgeRetentionHours) {
        purge.stop();
        purge = purgeFor(event.info);
      }
      set({ phase: 'ready', terminal: { ...state.terminal, info: event.info } });
    });
  };

  run().catch((error: unknown) => {
    console.error('terminal start-up failed', error);
    set({ phase: 'failed', reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  });

  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
