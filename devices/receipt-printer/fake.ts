// In-memory ReceiptPrinter for unit tests of code that prints (host services). It renders each job
// through the real encoder and parser, so tests can assert on the text a person would get.
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import { err, ok, type Result } from '../../sync/protocol/result.js';
import type { Unsubscribe } from '../core/device.js';
import { StatusCell } from '../core/status-cell.js';
import { printError, type PrintError } from './errors.js';
import { encodeReceipt } from './escpos-encoder.js';
import { renderEscPos, type RenderedReceipt } from './escpos-parser.js';
import type { PrintOutcome, ReceiptJob, ReceiptPrinter } from './printer.js';

export class FakeReceiptPrinter implements ReceiptPrinter {
  private readonly statusCell = new StatusCell({ kind: 'starting' });
  private readonly printedIds = new Set<string>();
  private readonly rendered: RenderedReceipt[] = [];
  private nextFailure: PrintError | null = null;

  constructor(
    readonly deviceId = 'fake-receipt-printer',
    private readonly paperWidthMm: 58 | 80 = 80,
  ) {}

  status(): DeviceStatus {
    return this.statusCell.get();
  }

  onStatus(listener: (status: DeviceStatus) => void): Unsubscribe {
    return this.statusCell.subscribe(listener);
  }

  async start(): Promise<void> {
    this.statusCell.set({ kind: 'ready' });
  }

  async stop(): Promise<void> {
    this.statusCell.set({ kind: 'disabled' });
  }

  setStatus(status: DeviceStatus): void {
    this.statusCell.set(status);
  }

  /** The next print fails with this error (once). */
  failNextPrint(error: PrintError): void {
    this.nextFailure = error;
  }

  receipts(): readonly RenderedReceipt[] {
    return [...this.rendered];
  }

  async print(job: ReceiptJob): Promise<Result<PrintOutcome, PrintError>> {
    if (this.printedIds.has(job.jobId)) return ok({ jobId: job.jobId, reprinted: false, alreadyPrinted: true });
    if (this.nextFailure) {
      const failure = this.nextFailure;
      this.nextFailure = null;
      return err(failure);
    }
    const s = this.statusCell.get();
    if (s.kind === 'paper_out') return err(printError('paper_out', 'fake printer: paper_out'));
    if (s.kind === 'cover_open') return err(printError('cover_open', 'fake printer: cover_open'));
    if (s.kind === 'no_device' || s.kind === 'disabled' || s.kind === 'starting') return err(printError('no_printer', `fake printer: ${s.kind}`));
    if (s.kind === 'offline' || s.kind === 'error') return err(printError('offline', `fake printer: ${s.kind}`));
    this.rendered.push(...renderEscPos(encodeReceipt(job, { paperWidthMm: this.paperWidthMm })));
    this.printedIds.add(job.jobId);
    return ok({ jobId: job.jobId, reprinted: false, alreadyPrinted: false });
  }
}
