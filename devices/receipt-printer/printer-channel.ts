// Talks ESC/POS to one printer over a ByteLink: real-time status queries (DLE EOT, one at a time),
// print data, and the in-order "marker" (GS r 1) whose reply proves everything before it was printed.
// Replies to the two are told apart by bit 4 (see status.ts), so they may interleave on the wire.
import { err, ok, type Result } from '../../sync/protocol/result.js';
import type { ByteLink, TransportError } from '../core/byte-link.js';
import type { DeviceLogger } from '../core/log.js';
import { concat, realtimeStatus, TRANSMIT_PAPER_STATUS } from './commands.js';
import { decodeStatusReply, isRealtimeStatusByte, isTransmitStatusByte, OK_CONDITION, STATUS_QUERIES, type PrinterCondition } from './status.js';

export type ChannelFailure =
  | { readonly kind: 'timeout'; readonly detail: string }
  | { readonly kind: 'transport'; readonly error: TransportError }
  | { readonly kind: 'closed'; readonly detail: string };

export class PrinterChannel {
  private statusWaiter: ((byte: number) => void) | null = null;
  private markers = 0;
  /** Bytes that were neither a status reply nor a marker since the last status query (a wrong baud rate shows so). */
  private unexpected = 0;
  private markerWaiters = new Set<() => void>();
  private lock: Promise<unknown> = Promise.resolve();
  private closedBecause: ChannelFailure | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly link: ByteLink,
    private readonly deviceId: string,
    private readonly log: DeviceLogger,
  ) {
    this.unsubscribe = link.onData((chunk) => {
      for (const byte of chunk) this.onByte(byte);
    });
  }

  private onByte(byte: number): void {
    if (isRealtimeStatusByte(byte)) {
      const waiter = this.statusWaiter;
      this.statusWaiter = null;
      if (waiter) waiter(byte);
      else this.log({ level: 'debug', deviceId: this.deviceId, event: 'unsolicited_status', detail: byte.toString(16) });
    } else if (isTransmitStatusByte(byte)) {
      this.markers++;
      for (const wake of [...this.markerWaiters]) wake();
    } else {
      this.unexpected++;
      this.log({ level: 'debug', deviceId: this.deviceId, event: 'unexpected_byte', detail: byte.toString(16) });
    }
  }

  /** Runs `fn` with the printer to itself, so idle polling never interleaves with a job. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  async write(bytes: Uint8Array): Promise<Result<void, ChannelFailure>> {
    if (this.closedBecause) return err(this.closedBecause);
    const written = await this.link.write(bytes);
    return written.ok ? ok(undefined) : err({ kind: 'transport', error: written.error });
  }

  /** Sends print data followed by the marker; returns the marker count to wait beyond. */
  async sendWithMarker(data: Uint8Array): Promise<Result<number, ChannelFailure>> {
    const baseline = this.markers;
    const written = await this.write(concat([data, TRANSMIT_PAPER_STATUS]));
    return written.ok ? ok(baseline) : written;
  }

  /** True once a marker beyond `baseline` has come back; false after `timeoutMs`. */
  waitForMarker(baseline: number, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    if (this.markers > baseline) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.markerWaiters.delete(wake);
        signal.removeEventListener('abort', done);
        resolve(this.markers > baseline);
      };
      const wake = (): void => {
        if (this.markers > baseline) done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.markerWaiters.add(wake);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** DLE EOT 1–4 in turn: the whole picture of the printer. */
  async queryCondition(timeoutMs: number): Promise<Result<PrinterCondition, ChannelFailure>> {
    let condition: PrinterCondition = OK_CONDITION;
    for (const n of STATUS_QUERIES) {
      const reply = await this.queryOne(n, timeoutMs);
      if (!reply.ok) return reply;
      const decoded = decodeStatusReply(n, reply.value);
      if (!decoded.ok) return err({ kind: 'timeout', detail: `${decoded.error} on ${this.link.description}` });
      condition = { ...condition, ...decoded.value };
    }
    return ok(condition);
  }

  private async queryOne(n: 1 | 2 | 3 | 4, timeoutMs: number): Promise<Result<number, ChannelFailure>> {
    if (this.closedBecause) return err(this.closedBecause);
    const reply = new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        this.statusWaiter = null;
        resolve(null);
      }, timeoutMs);
      this.statusWaiter = (byte) => {
        clearTimeout(timer);
        resolve(byte);
      };
    });
    this.unexpected = 0;
    const written = await this.write(realtimeStatus(n));
    if (!written.ok) {
      this.statusWaiter = null;
      return written;
    }
    const byte = await reply;
    if (byte === null) {
      // Name the port and rate, and what did come back: the installer's first questions.
      const heard =
        this.unexpected > 0
          ? `${this.unexpected} byte(s) came back but no status reply: a wrong baud rate, or not an ESC/POS printer on this port`
          : 'nothing came back: the printer is off, or not on this port, or at another baud rate';
      return err({ kind: 'timeout', detail: `no reply to DLE EOT ${n} within ${timeoutMs} ms on ${this.link.description}; ${heard}` });
    }
    return ok(byte);
  }

  /** After the session ends, every call fails with the reason instead of writing to a dead link. */
  dispose(reason: ChannelFailure): void {
    this.closedBecause = reason;
    this.unsubscribe();
    this.statusWaiter = null;
    for (const wake of [...this.markerWaiters]) wake();
  }
}
