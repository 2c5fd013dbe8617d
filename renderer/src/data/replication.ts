// Starts replication of the two collections with the platform (sync/client does the protocol work).
import type { Observable } from 'rxjs';
import type { TerminalInfo } from '../../../main/api/terminal-api.js';
import { startTerminalReplication } from '../../../sync/client/index.js';
import type { TerminalDatabase } from './database.js';

export interface ReplicationState {
  readonly online: boolean;
  readonly waiting: number;
  readonly oldestWaitingSince: string | null;
  readonly lastSyncAt: string | null;
  readonly lastError: string | null;
}

export interface TerminalReplication {
  readonly state$: Observable<ReplicationState>;
  kick(): void;
  awaitInSync(): Promise<void>;
  stop(): Promise<void>;
}

export function startReplication(tdb: TerminalDatabase, info: TerminalInfo): TerminalReplication {
  return startTerminalReplication({
    platformUrl: info.platformUrl,
    terminalId: info.terminalId,
    terminalKey: info.platformKey,
    catalog: tdb.catalog,
    applications: tdb.applications,
  });
}

export const INITIAL_REPLICATION_STATE: ReplicationState = {
  online: false,
  waiting: 0,
  oldestWaitingSince: null,
  lastSyncAt: null,
  lastError: null,
};
