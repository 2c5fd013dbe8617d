// The open → serve → drop → back off → re-open loop both scanner drivers share (ARCHITECTURE rule 3:
// a driver that errs is dropped and re-opened, never left half-alive).
import type { Backoff } from '../core/backoff.js';
import type { TransportError } from '../core/byte-link.js';
import type { DeviceLogger } from '../core/log.js';
import { sleep } from '../core/sleep.js';
import type { StatusCell } from '../core/status-cell.js';
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import type { Result } from '../../sync/protocol/result.js';

export interface OpenFailure {
  readonly status: DeviceStatus;
  readonly detail: string;
}

/** An open device being served. */
export interface Session {
  /** Resolves with why the device must be dropped (lost, confused); never rejects. */
  readonly dropped: Promise<TransportError>;
  close(): Promise<void>;
}

export interface LoopParts {
  readonly deviceId: string;
  readonly cell: StatusCell;
  readonly backoff: Backoff;
  readonly log: DeviceLogger;
  readonly open: () => Promise<Result<Session, OpenFailure>>;
}

export async function runDeviceLoop(parts: LoopParts, signal: AbortSignal): Promise<void> {
  const { deviceId, cell, backoff, log } = parts;
  const aborted = new Promise<null>((resolve) => {
    if (signal.aborted) resolve(null);
    else signal.addEventListener('abort', () => resolve(null), { once: true });
  });
  while (!signal.aborted) {
    const opened = await parts.open();
    if (!opened.ok) {
      cell.set(opened.error.status);
      log({ level: 'warn', deviceId, event: 'open_failed', detail: opened.error.detail });
      await sleep(backoff.next(), signal);
      continue;
    }
    const session = opened.value;
    if (signal.aborted) {
      await session.close();
      break;
    }
    backoff.reset();
    cell.set({ kind: 'ready' });
    log({ level: 'info', deviceId, event: 'ready' });
    const why = await Promise.race([session.dropped, aborted]);
    await session.close();
    if (why === null) break;
    cell.set({ kind: 'no_device', detail: why.detail });
    log({ level: 'warn', deviceId, event: 'dropped', detail: why.detail });
    await sleep(backoff.next(), signal);
  }
}

/** Maps an open error to a status: a missing or vanished device is no_device, anything else an error. */
export function openFailure(e: TransportError, prefix: string): OpenFailure {
  const status: DeviceStatus =
    e.code === 'not_found' || e.code === 'closed' ? { kind: 'no_device', detail: e.detail } : { kind: 'error', code: `${prefix}_${e.code}`, detail: e.detail };
  return { status, detail: e.detail };
}
