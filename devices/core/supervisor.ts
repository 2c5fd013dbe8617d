// The open → run → drop → back off → reopen loop shared by every driver (ARCHITECTURE rule 3): a
// driver that errs is closed completely and opened afresh, never left half-alive.
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import type { Result } from '../../sync/protocol/result.js';
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import type { ByteLink, TransportError } from './byte-link.js';
import type { DeviceLogger } from './log.js';
import { sleep } from './sleep.js';
import type { StatusCell } from './status-cell.js';

/** Why a session ended on its own: the status to show while backing off. */
export interface SessionFailure {
  readonly status: DeviceStatus;
  readonly detail: string;
}

export interface SessionContext {
  readonly link: ByteLink;
  /** Aborted on stop() or when the link is lost. */
  readonly signal: AbortSignal;
  /** Call once the device has answered sensibly: the next failure backs off from the start again. */
  healthy(): void;
}

export interface SupervisorOptions {
  readonly deviceId: string;
  readonly open: () => Promise<Result<ByteLink, TransportError>>;
  /** Runs until the device fails (resolves with the failure) or the signal aborts (resolves null). */
  readonly runSession: (ctx: SessionContext) => Promise<SessionFailure | null>;
  /** Called after every session, whatever ended it, so the driver can clear per-session state. */
  readonly afterSession?: () => void;
  readonly status: StatusCell;
  readonly log: DeviceLogger;
  readonly backoff?: BackoffOptions;
}

/** The status a transport failure shows: a port that is not there is "no device"; the rest are errors. */
export function statusForTransportError(error: TransportError): DeviceStatus {
  switch (error.code) {
    case 'not_found':
    case 'closed':
    case 'refused':
      return { kind: 'no_device', detail: error.detail };
    default:
      return { kind: 'error', code: error.code, detail: error.detail };
  }
}

export class Supervisor {
  private controller: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private readonly backoff: Backoff;

  constructor(private readonly opts: SupervisorOptions) {
    this.backoff = new Backoff(opts.backoff ?? DEFAULT_BACKOFF);
  }

  get running(): boolean {
    return this.controller !== null;
  }

  start(): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    this.loop = this.run(controller.signal).catch((error: unknown) => {
      // A bug in a session must not leave the device half-alive without anybody knowing.
      this.opts.status.set({ kind: 'error', code: 'driver_bug', detail: error instanceof Error ? error.message : String(error) });
      this.opts.log({ level: 'error', deviceId: this.opts.deviceId, event: 'driver_bug', detail: String(error) });
    });
  }

  async stop(): Promise<void> {
    const controller = this.controller;
    if (!controller) return;
    controller.abort();
    await this.loop;
    this.controller = null;
    this.loop = null;
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { deviceId, log, status } = this.opts;
    while (!signal.aborted) {
      const opened = await this.opts.open();
      if (signal.aborted) {
        if (opened.ok) await opened.value.close();
        break;
      }
      if (!opened.ok) {
        status.set(statusForTransportError(opened.error));
        log({ level: 'warn', deviceId, event: 'open_failed', detail: `${opened.error.code}: ${opened.error.detail}` });
        await sleep(this.backoff.next(), signal);
        continue;
      }
      const link = opened.value;
      log({ level: 'info', deviceId, event: 'opened', detail: link.description });
      const lost = new AbortController();
      let lostError: TransportError | null = null;
      const unsubscribe = link.onLost((error) => {
        lostError = error;
        lost.abort();
      });
      let failure: SessionFailure | null;
      try {
        failure = await this.opts.runSession({
          link,
          signal: AbortSignal.any([signal, lost.signal]),
          healthy: () => this.backoff.reset(),
        });
      } catch (error) {
        // A bug in a session is a failure like any other: drop the port, back off, start afresh.
        const detail = error instanceof Error ? error.message : String(error);
        log({ level: 'error', deviceId, event: 'driver_bug', detail });
        failure = { status: { kind: 'error', code: 'driver_bug', detail }, detail };
      } finally {
        unsubscribe();
        await link.close();
      }
      this.opts.afterSession?.();
      if (signal.aborted) break;
      const shown: SessionFailure = lostError
        ? { status: statusForTransportError(lostError), detail: (lostError as TransportError).detail }
        : (failure ?? { status: { kind: 'error', code: 'session_ended', detail: link.description }, detail: 'session ended' });
      status.set(shown.status);
      log({ level: 'warn', deviceId, event: 'dropped', detail: shown.detail });
      await sleep(this.backoff.next(), signal);
    }
  }
}
