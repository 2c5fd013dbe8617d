// The ESC/POS receipt printer driver (serial, or TCP port 9100). Printing is a state machine:
//
//   check status ──▶ send job + marker ──▶ wait for marker (polling status) ──▶ printed
//        │ paper out / cover open: wait     │ paper out / cover open mid-job
//        │ for it to be fixed, then send    ▼
//        │ fault: error         wait for the printer to recover (named timeout)
//                                              ▼
//                    clear the half job (DLE ENQ 2), re-print ONCE marked 重打 ──▶ printed (reprinted)
//
// A job counts as printed only when the printer has processed everything sent before the marker
// (GS r 1 is answered in order) and its status is OK. Job ids already printed are not sent again.
// While idle the driver polls status so paper_out and cover_open show up before anyone prints.
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import { err, ok, type Result } from '../../sync/protocol/result.js';
import type { BackoffOptions } from '../core/backoff.js';
import type { ByteLink, TransportError } from '../core/byte-link.js';
import type { Unsubscribe } from '../core/device.js';
import { type DeviceLogger, silentLogger } from '../core/log.js';
import { openSerial } from '../core/serial-transport.js';
import { sleep } from '../core/sleep.js';
import { Listeners } from '../core/listeners.js';
import { StatusCell } from '../core/status-cell.js';
import { Supervisor, type SessionContext, type SessionFailure } from '../core/supervisor.js';
import { openTcp } from '../core/tcp-transport.js';
import { RECOVER_CLEAR_BUFFERS } from './commands.js';
import { printError, type PrintError } from './errors.js';
import { encodeReceipt } from './escpos-encoder.js';
import { PrinterChannel, type ChannelFailure } from './printer-channel.js';
import type { PrintErrorCode, PrintOutcome, ReceiptJob, ReceiptPrinter } from './printer.js';
import { canPrint, causeOfStopCleared, conditionToStatus, type PrinterCondition } from './status.js';

/** Named timings, in milliseconds. */
export interface PrinterTimings {
  /** One DLE EOT reply. Printers answer these at once, even when stopped. */
  readonly statusReplyMs: number;
  readonly idlePollMs: number;
  /** Status polling while a job prints. */
  readonly jobPollMs: number;
  /** From sending a job to its marker coming back, with the printer reporting no fault. */
  readonly printCompleteMs: number;
  /**
   * How long a job that finds the printer already out of paper (or its cover open) waits before failing.
   * 0 by default: a self-service kiosk must not keep a citizen waiting; the host shows the QR on screen.
   * A staffed counter may set a longer wait.
   */
  readonly preflightWaitMs: number;
  /** How long a job stopped mid-print waits for someone to refill paper or close the cover, then reprints once. */
  readonly recoveryWaitMs: number;
}

export const DEFAULT_PRINTER_TIMINGS: PrinterTimings = {
  statusReplyMs: 500,
  idlePollMs: 1_000,
  jobPollMs: 200,
  printCompleteMs: 30_000,
  preflightWaitMs: 0,
  recoveryWaitMs: 300_000,
};

/** Remembers printed job ids. In memory by default; the host may pass a durable one. */
export interface PrintedJobStore {
  has(jobId: string): boolean;
  add(jobId: string): void;
}

export type PrinterTransport =
  | { readonly kind: 'serial'; readonly path: string; readonly baudRate: number }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number };

export interface ReceiptPrinterOptions {
  readonly deviceId: string;
  readonly transport: PrinterTransport;
  readonly paperWidthMm: 58 | 80;
  readonly timings?: Partial<PrinterTimings>;
  readonly printedJobs?: PrintedJobStore;
  readonly backoff?: BackoffOptions;
  readonly log?: DeviceLogger;
}

const REMEMBERED_JOB_IDS = 10_000;
/** A print during start-up waits this long (plus four status replies) for the printer to answer. */
const CONNECT_ALLOWANCE_MS = 3_000;

/** A bounded set: old ids fall out first, so a long-running kiosk does not grow without end. */
export class MemoryPrintedJobStore implements PrintedJobStore {
  private readonly ids = new Set<string>();
  has(jobId: string): boolean {
    return this.ids.has(jobId);
  }
  add(jobId: string): void {
    this.ids.add(jobId);
    if (this.ids.size > REMEMBERED_JOB_IDS) this.ids.delete(this.ids.values().next().value!);
  }
}

/** The driver's state, for diagnostics and tests; transitions are logged. */
export type PrinterState = 'stopped' | 'opening' | 'idle' | 'checking' | 'printing' | 'waiting_for_recovery' | 'reprinting';

type Attempt =
  | { readonly kind: 'printed'; readonly condition: PrinterCondition }
  | { readonly kind: 'stopped'; readonly condition: PrinterCondition }
  | { readonly kind: 'failed'; readonly error: PrintError };

interface ActiveSession {
  readonly channel: PrinterChannel;
  readonly signal: AbortSignal;
}

export class EscPosReceiptPrinter implements ReceiptPrinter {
  readonly deviceId: string;
  private readonly statusCell = new StatusCell({ kind: 'starting' });
  private readonly supervisor: Supervisor;
  private readonly timings: PrinterTimings;
  private readonly printed: PrintedJobStore;
  private readonly log: DeviceLogger;
  private session: ActiveSession | null = null;
  /** The session has answered a status query: jobs may be sent. */
  private sessionHealthy = false;
  /** Told whenever opening fails, a session turns healthy or a session fails. */
  private readonly outcomes = new Listeners<void>();
  private lastFailure: PrintError = printError('no_printer', 'not started');
  private jobs: Promise<unknown> = Promise.resolve();
  private jobRunning = false;
  private current: PrinterState = 'stopped';

  constructor(private readonly opts: ReceiptPrinterOptions) {
    this.deviceId = opts.deviceId;
    this.timings = { ...DEFAULT_PRINTER_TIMINGS, ...opts.timings };
    this.printed = opts.printedJobs ?? new MemoryPrintedJobStore();
    this.log = opts.log ?? silentLogger;
    this.supervisor = new Supervisor({
      deviceId: opts.deviceId,
      open: () => {
        this.enter('opening');
        return this.open();
      },
      runSession: (ctx) => this.runSession(ctx),
      status: this.statusCell,
      log: this.log,
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
    });
  }

  status(): DeviceStatus {
    return this.statusCell.get();
  }

  onStatus(listener: (status: DeviceStatus) => void): Unsubscribe {
    return this.statusCell.subscribe(listener);
  }

  async start(): Promise<void> {
    if (this.supervisor.running) return;
    this.statusCell.set({ kind: 'starting' });
    this.supervisor.start();
  }

  async stop(): Promise<void> {
    await this.supervisor.stop();
    this.enter('stopped');
    this.statusCell.set({ kind: 'disabled' });
  }

  state(): PrinterState {
    return this.current;
  }

  private enter(state: PrinterState): void {
    if (state === this.current) return;
    this.log({ level: 'debug', deviceId: this.deviceId, event: 'state', detail: `${this.current} → ${state}` });
    this.current = state;
  }

  private async open(): Promise<Result<ByteLink, TransportError>> {
    const t = this.opts.transport;
    const opened = t.kind === 'serial' ? await openSerial(t) : await openTcp({ host: t.host, port: t.port });
    if (!opened.ok) {
      this.lastFailure = printError(opened.error.code === 'timeout' ? 'timeout' : 'no_printer', opened.error.detail);
      this.outcomes.emit();
    }
    return opened;
  }

  private async runSession(ctx: SessionContext): Promise<SessionFailure | null> {
    const channel = new PrinterChannel(ctx.link, this.deviceId, this.log);
    this.session = { channel, signal: ctx.signal };
    let failure: ChannelFailure | null = null;
    try {
      for (let first = true; !ctx.signal.aborted; first = false) {
        if (!first) await sleep(this.timings.idlePollMs, ctx.signal);
        if (ctx.signal.aborted) break;
        if (this.jobRunning) continue; // the job reports status itself
        const condition = await channel.exclusive(() => channel.queryCondition(this.timings.statusReplyMs));
        if (ctx.signal.aborted) break;
        if (!condition.ok) {
          failure = condition.error;
          this.lastFailure = this.toPrintError(condition.error);
          return sessionFailure(condition.error);
        }
        if (first) {
          this.enter('idle');
          ctx.healthy();
          this.sessionHealthy = true;
          this.outcomes.emit();
        }
        if (!this.jobRunning) this.statusCell.set(conditionToStatus(condition.value));
      }
      return null;
    } finally {
      this.session = null;
      this.sessionHealthy = false;
      this.outcomes.emit();
      // A job queued behind the failed poll gets the same reason (e.g. timeout), not a vague "closed".
      channel.dispose(failure ?? { kind: 'closed', detail: `${ctx.link.description}: session ended` });
    }
  }

  print(job: ReceiptJob): Promise<Result<PrintOutcome, PrintError>> {
    // Jobs run one after another; a second print of the same id waits and then finds it printed.
    const run = this.jobs.then(() => this.runJob(job));
    this.jobs = run.catch(() => undefined);
    return run;
  }

  private async runJob(job: ReceiptJob): Promise<Result<PrintOutcome, PrintError>> {
    if (this.printed.has(job.jobId)) return ok({ jobId: job.jobId, reprinted: false, alreadyPrinted: true });
    // Just started, or reconnecting: wait (bounded) for the next open or status outcome, then decide.
    if (!this.sessionHealthy && this.supervisor.running) await this.nextOutcome(this.timings.statusReplyMs * 4 + CONNECT_ALLOWANCE_MS);
    const session = this.session;
    if (!session || !this.sessionHealthy) return err(this.lastFailure);
    return session.channel.exclusive(async () => {
      this.jobRunning = true;
      try {
        return await this.printOnce(job, session);
      } finally {
        this.jobRunning = false;
        if (this.session === session) this.enter('idle');
      }
    });
  }

  private nextOutcome(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      const unsubscribe = this.outcomes.add(done);
    });
  }

  /** A job the encoder refuses (e.g. an over-long QR payload) is a bug upstream; it fails as a value, before any byte is sent. */
  private encode(job: ReceiptJob, reprint: boolean): Result<Uint8Array, PrintError> {
    try {
      return ok(encodeReceipt(job, { paperWidthMm: this.opts.paperWidthMm, reprint }));
    } catch (e) {
      return err(printError('io_error', `job ${job.jobId} cannot be encoded: ${e instanceof Error ? e.message : String(e)}`));
    }
  }

  private async printOnce(job: ReceiptJob, { channel, signal }: ActiveSession): Promise<Result<PrintOutcome, PrintError>> {
    const copy = this.encode(job, false);
    if (!copy.ok) return copy;
    this.enter('checking');
    const before = await channel.queryCondition(this.timings.statusReplyMs);
    if (!before.ok) return err(this.toPrintError(before.error));
    this.statusCell.set(conditionToStatus(before.value));
    if (!canPrint(before.value)) {
      const c = before.value;
      // Paper out or cover open: someone can fix it, so the job waits (named timeout) rather than failing.
      const fixable = (c.paperOut || c.stoppedOnPaperEnd || c.coverOpen) && !c.cutterError && !c.unrecoverable;
      if (!fixable && !causeOfStopCleared(c)) return err(this.conditionError(c, 'before printing'));
      if (fixable) {
        this.enter('waiting_for_recovery');
        const recovered = await this.waitUntilPrintable(channel, signal, this.timings.preflightWaitMs);
        if (!recovered.ok) return recovered;
      }
      // Whatever an earlier stopped job left in the printer's buffer must not print ahead of this one.
      const cleared = await channel.write(RECOVER_CLEAR_BUFFERS);
      if (!cleared.ok) return err(this.toPrintError(cleared.error));
    }

    this.enter('printing');
    this.statusCell.set({ kind: 'busy' });
    const first = await this.attempt(channel, copy.value, signal);
    if (first.kind === 'failed') return err(first.error);
    if (first.kind === 'printed') return this.done(job, first.condition, false);

    // Stopped mid-job (paper out or cover open): wait for someone to fix it, then print it again, once.
    this.statusCell.set(conditionToStatus(first.condition));
    this.log({ level: 'warn', deviceId: this.deviceId, event: 'job_stopped', detail: `${job.jobId}: ${conditionToStatus(first.condition).kind}` });
    this.enter('waiting_for_recovery');
    const recovered = await this.waitUntilPrintable(channel, signal, this.timings.recoveryWaitMs);
    if (!recovered.ok) return recovered;
    const cleared = await channel.write(RECOVER_CLEAR_BUFFERS);
    if (!cleared.ok) return err(this.toPrintError(cleared.error));
    // A printer that resumed by itself may still answer the first copy's marker: let it arrive
    // before the reprint's marker count is taken, so it cannot be mistaken for the reprint's.
    await sleep(this.timings.jobPollMs, signal);
    this.enter('reprinting');
    this.statusCell.set({ kind: 'busy' });
    const reprint = this.encode(job, true);
    if (!reprint.ok) return reprint;
    const second = await this.attempt(channel, reprint.value, signal);
    if (second.kind === 'failed') return err(second.error);
    if (second.kind === 'stopped') {
      this.statusCell.set(conditionToStatus(second.condition));
      return err(this.conditionError(second.condition, 'during the reprint'));
    }
    return this.done(job, second.condition, true);
  }

  private done(job: ReceiptJob, condition: PrinterCondition, reprinted: boolean): Result<PrintOutcome, PrintError> {
    this.printed.add(job.jobId);
    this.statusCell.set(conditionToStatus(condition));
    this.log({ level: 'info', deviceId: this.deviceId, event: 'printed', detail: `${job.jobId}${reprinted ? ' (reprinted)' : ''}` });
    return ok({ jobId: job.jobId, reprinted, alreadyPrinted: false });
  }

  /** Sends one copy and follows it until its marker returns, it stops, or the named timeout passes. */
  private async attempt(channel: PrinterChannel, data: Uint8Array, signal: AbortSignal): Promise<Attempt> {
    const sent = await channel.sendWithMarker(data);
    if (!sent.ok) return { kind: 'failed', error: this.toPrintError(sent.error) };
    const deadline = Date.now() + this.timings.printCompleteMs;
    for (;;) {
      const marked = await channel.waitForMarker(sent.value, this.timings.jobPollMs, signal);
      if (signal.aborted) return { kind: 'failed', error: printError('io_error', 'printer connection lost during the job') };
      const condition = await channel.queryCondition(this.timings.statusReplyMs);
      if (!condition.ok) return { kind: 'failed', error: this.toPrintError(condition.error) };
      const c = condition.value;
      if (c.cutterError || c.unrecoverable) return { kind: 'failed', error: this.conditionError(c, 'during the job') };
      if (marked) return { kind: 'printed', condition: c };
      if (c.paperOut || c.stoppedOnPaperEnd || c.coverOpen) return { kind: 'stopped', condition: c };
      if (Date.now() > deadline) {
        return { kind: 'failed', error: printError('timeout', `job not confirmed within ${this.timings.printCompleteMs} ms`) };
      }
    }
  }

  private async waitUntilPrintable(
    channel: PrinterChannel,
    signal: AbortSignal,
    waitMs: number,
  ): Promise<Result<void, PrintError>> {
    const deadline = Date.now() + waitMs;
    let last: PrinterCondition | null = null;
    while (Date.now() <= deadline) {
      await sleep(this.timings.jobPollMs, signal);
      if (signal.aborted) return err(printError('io_error', 'printer connection lost while waiting for paper'));
      const condition = await channel.queryCondition(this.timings.statusReplyMs);
      if (!condition.ok) return err(this.toPrintError(condition.error));
      last = condition.value;
      if (causeOfStopCleared(last)) return ok(undefined);
      this.statusCell.set(conditionToStatus(last));
    }
    return err(last ? this.conditionError(last, `still not recovered after ${waitMs} ms`) : printError('timeout', 'no status'));
  }

  private conditionError(c: PrinterCondition, when: string): PrintError {
    const status = conditionToStatus(c);
    const code: PrintErrorCode = status.kind === 'paper_out' ? 'paper_out' : status.kind === 'cover_open' ? 'cover_open' : 'offline';
    const detail = status.kind === 'error' ? status.detail : status.kind;
    return printError(code, `${when}: ${detail}`);
  }

  private toPrintError(failure: ChannelFailure): PrintError {
    switch (failure.kind) {
      case 'timeout':
        return printError('timeout', failure.detail);
      case 'transport':
        return printError(failure.error.code === 'not_found' || failure.error.code === 'closed' ? 'no_printer' : 'io_error', failure.error.detail);
      case 'closed':
        return printError('no_printer', failure.detail);
    }
  }
}

function sessionFailure(failure: ChannelFailure): SessionFailure {
  switch (failure.kind) {
    case 'timeout':
      return { status: { kind: 'error', code: 'timeout', detail: failure.detail }, detail: failure.detail };
    case 'transport':
      return { status: { kind: 'error', code: failure.error.code, detail: failure.error.detail }, detail: failure.error.detail };
    case 'closed':
      return { status: { kind: 'no_device', detail: failure.detail }, detail: failure.detail };
  }
}
