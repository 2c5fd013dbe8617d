// Starts replication of the terminal's collections with the platform (sync/client does the protocol
// work). Every request is signed by the host: the credential never reaches the renderer.
import type { Observable } from 'rxjs';
import type { TerminalApi, TerminalInfo } from '../../../main/api/terminal-api.js';
import { startTerminalReplication, type HeldApplication, type RequestSigner, type ResendOutcome } from '../../../sync/client/index.js';
import type { TerminalDatabase } from './database.js';

export type { HeldApplication, ResendOutcome };

export interface ReplicationState {
  readonly online: boolean;
  readonly waiting: number;
  readonly oldestWaitingSince: string | null;
  /** Refused by the platform for good and held aside for staff (not in `waiting`). */
  readonly held: number;
  readonly lastSyncAt: string | null;
  readonly lastError: string | null;
}

export interface TerminalReplication {
  readonly state$: Observable<ReplicationState>;
  /** Applications the platform refused, with its reason: staff must see them (nothing is deleted). */
  readonly held$: Observable<readonly HeldApplication[]>;
  /** Staff send a held application again once the cause is fixed (one attempt now). */
  resendHeld(id: string): Promise<ResendOutcome>;
  /** Staff hand a held application over to the counter: marked, kept on the terminal. */
  handOverHeld(id: string): Promise<HeldApplication | null>;
  kick(): void;
  awaitInSync(): Promise<void>;
  stop(): Promise<void>;
}

/** What replication needs from the host: signing, attachment uploads and device health for heartbeats. */
export type ReplicationHostApi = Pick<TerminalApi, 'signPlatformRequest' | 'getDeviceStatuses' | 'uploadAttachments' | 'recordApplicationEvent'>;

export function hostSigner(api: Pick<TerminalApi, 'signPlatformRequest'>): RequestSigner {
  return async (request) => {
    const signed = await api.signPlatformRequest(request);
    if (!signed.ok) throw new Error(signed.error.code);
    return signed.value;
  };
}

export function startReplication(tdb: TerminalDatabase, info: TerminalInfo, api: ReplicationHostApi): TerminalReplication {
  return startTerminalReplication({
    platformUrl: info.platformUrl,
    terminalId: info.terminalId,
    sign: hostSigner(api),
    catalog: tdb.catalog,
    applications: tdb.applications,
    reviews: tdb.reviews,
    // The host holds the bytes and the credential: it uploads, the push waits until it has.
    uploadAttachments: async (attachments) => {
      const uploaded = await api.uploadAttachments({ attachments });
      if (!uploaded.ok) throw new Error(`attachments not uploaded: ${uploaded.error.code}`);
      // Refused for good (or gone here): only the applications referencing these are held.
      return { refused: uploaded.value.refused ?? [] };
    },
    // Held aside: into the host's audit log (id and codes only), forwarded to the platform with it.
    onHeld: (h) => {
      api.recordApplicationEvent({ event: 'held', applicationId: h.id, status: h.status, code: auditCode(h.code) }).catch(() => undefined);
    },
    heartbeat: {
      intervalMs: info.heartbeatSeconds * 1000,
      collect: async () => ({
        version: info.version,
        devices: (await api.getDeviceStatuses()).map((d) => ({
          deviceId: d.deviceId,
          deviceClass: d.deviceClass,
          status: d.status.kind,
          since: d.since,
          ...(d.lastError !== undefined ? { lastError: d.lastError.slice(0, 300) } : {}),
          ...(d.lastErrorAt !== undefined ? { lastErrorAt: d.lastErrorAt } : {}),
        })),
      }),
    },
  });
}

/** An error code as the audit takes it (lowercase letters, digits and _). */
export function auditCode(code: string): string {
  const c = code.toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 64);
  return c === '' ? 'unknown' : c;
}

export const INITIAL_REPLICATION_STATE: ReplicationState = {
  online: false,
  waiting: 0,
  oldestWaitingSince: null,
  held: 0,
  lastSyncAt: null,
  lastError: null,
};
