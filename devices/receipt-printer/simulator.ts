// An ESC/POS receipt printer that listens on a serial port path (the far end of a pty pair). It renders
// what it receives into receipts (text + QR payloads), answers DLE EOT status at once and GS r in order,
// and can run out of paper or have its cover opened, also in the middle of a job.
//
// Stopping mid-job is modelled on printers set not to resume on their own: the rest of the job stays
// in the buffer until the host sends DLE ENQ 1 (carry on) or DLE ENQ 2 (clear it and recover).
import type { ByteLink } from '../core/byte-link.js';
import { openSerial } from '../core/serial-transport.js';
import { DLE } from './commands.js';
import { EscPosParser, ReceiptRenderer, type RenderedReceipt } from './escpos-parser.js';
import { encodeStatusReply, type PrinterCondition, type StatusQuery } from './status.js';

export interface PrinterSimulator {
  receipts(): readonly RenderedReceipt[];
  setPaper(present: boolean): void;
  setPaperNearEnd(nearEnd: boolean): void;
  setCoverOpen(open: boolean): void;
  setCutterError(error: boolean): void;
  /** Paper runs out after `n` more bytes of print data have been processed. */
  runOutOfPaperAfterBytes(n: number): void;
  /** The cover is opened after `n` more bytes of print data (someone lifts it mid-receipt). */
  openCoverAfterBytes(n: number): void;
  /** Stops answering anything (a hung printer). */
  setSilent(silent: boolean): void;
  /**
   * Answers as a printer at another baud rate is heard: every reply byte garbled (bit 7 set, so it is neither a
   * status reply nor a marker) — a stand-in for what a UART at the wrong rate samples; a pty carries any rate.
   */
  setWrongBaud(on: boolean): void;
  /** Closes the simulator's port and, when given, the pty pair it sits on: the printer is gone. */
  unplug(): Promise<void>;
  close(): Promise<void>;
}

export interface PrinterSimulatorOptions {
  readonly path: string;
  readonly baudRate?: number;
  /** The pty pair (or anything closable) to close on unplug(). */
  readonly pair?: { close(): Promise<void> };
}

export async function startPrinterSimulator(opts: PrinterSimulatorOptions): Promise<PrinterSimulator> {
  const opened = await openSerial({ path: opts.path, baudRate: opts.baudRate ?? 115200 });
  if (!opened.ok) throw new Error(`printer simulator cannot open ${opts.path}: ${opened.error.code} (${opened.error.detail})`);
  return new EscPosSimulator(opened.value, opts.pair);
}

/** The printer itself, independent of the transport (also used with a TCP server in tests). */
export class EscPosMachine {
  private parser = new EscPosParser();
  private readonly renderer = new ReceiptRenderer();
  private readonly queue: number[] = [];
  private paper = true;
  private nearEnd = false;
  private coverOpen = false;
  private cutterError = false;
  /** Stopped with data left in the buffer; only DLE ENQ releases it. */
  private stopped = false;
  /** Bytes of print data left before the paper runs out or the cover is opened (mid-job faults). */
  private interruption: { readonly by: 'paper' | 'cover'; left: number } | null = null;
  /** Real-time command recogniser state: 0 idle, DLE seen, or DLE + EOT/ENQ seen. */
  private rt: 0 | 0x10 | 0x1004 | 0x1005 = 0;
  silent = false;

  constructor(private readonly reply: (bytes: Uint8Array) => void) {}

  receive(chunk: Uint8Array): void {
    if (this.silent) return;
    for (const byte of chunk) this.scanRealtime(byte);
    this.process();
  }

  /** Real-time commands act on arrival, ahead of the buffered print data. */
  private scanRealtime(byte: number): void {
    switch (this.rt) {
      case 0:
        if (byte === DLE) this.rt = 0x10;
        else this.queue.push(byte);
        return;
      case 0x10:
        if (byte === 0x04) this.rt = 0x1004;
        else if (byte === 0x05) this.rt = 0x1005;
        else {
          this.rt = 0;
          this.queue.push(DLE);
          this.scanRealtime(byte);
        }
        return;
      case 0x1004:
        this.rt = 0;
        if (byte >= 1 && byte <= 4) this.reply(Uint8Array.of(encodeStatusReply(byte as StatusQuery, this.condition())));
        return;
      case 0x1005:
        this.rt = 0;
        this.recover(byte);
        return;
    }
  }

  private recover(n: number): void {
    if (n === 2) {
      // Clear buffers: what was printed stays on the torn-off paper; the rest is gone.
      this.queue.length = 0;
      this.parser = new EscPosParser();
      this.renderer.tearOff();
    }
    if (n === 1 || n === 2) {
      this.stopped = false;
      this.process();
    }
  }

  private canProcess(): boolean {
    return this.paper && !this.coverOpen && !this.stopped && !this.cutterError;
  }

  private process(): void {
    while (this.queue.length > 0) {
      if (!this.canProcess()) {
        this.stopped = true;
        return;
      }
      if (this.interruption !== null) {
        if (this.interruption.left === 0) {
          if (this.interruption.by === 'paper') this.paper = false;
          else this.coverOpen = true;
          this.interruption = null;
          continue;
        }
        this.interruption.left--;
      }
      const byte = this.queue.shift()!;
      const events = this.parser.push(Uint8Array.of(byte));
      for (const e of events) {
        // GS r 1: paper sensor status, answered in order (bit 4 clear): near end 0x03, paper end 0x0C.
        if (e.kind === 'transmit-status') this.reply(Uint8Array.of((this.nearEnd ? 0x03 : 0) | (this.paper ? 0 : 0x0c)));
      }
      this.renderer.apply(events);
    }
  }

  condition(): PrinterCondition {
    return {
      offline: !this.paper || this.coverOpen || this.stopped || this.cutterError,
      coverOpen: this.coverOpen,
      stoppedOnPaperEnd: !this.paper,
      errorOccurred: this.cutterError,
      cutterError: this.cutterError,
      unrecoverable: false,
      autoRecoverable: false,
      paperNearEnd: this.paper && this.nearEnd,
      paperOut: !this.paper,
    };
  }

  receipts(): readonly RenderedReceipt[] {
    return this.renderer.receipts();
  }

  setPaper(present: boolean): void {
    this.paper = present;
    if (present && this.interruption?.by === 'paper') this.interruption = null;
    this.process();
  }

  setPaperNearEnd(nearEnd: boolean): void {
    this.nearEnd = nearEnd;
  }

  setCoverOpen(open: boolean): void {
    this.coverOpen = open;
    this.process();
  }

  setCutterError(error: boolean): void {
    this.cutterError = error;
    this.process();
  }

  runOutOfPaperAfterBytes(n: number): void {
    this.interruption = { by: 'paper', left: Math.max(0, n) };
  }

  openCoverAfterBytes(n: number): void {
    this.interruption = { by: 'cover', left: Math.max(0, n) };
  }
}

class EscPosSimulator implements PrinterSimulator {
  private readonly machine: EscPosMachine;
  private closed = false;
  private wrongBaud = false;

  constructor(
    private readonly link: ByteLink,
    private readonly pair?: { close(): Promise<void> },
  ) {
    this.machine = new EscPosMachine((bytes) => {
      if (!this.closed) void link.write(this.wrongBaud ? bytes.map((b) => 0x80 | (b ^ 0x55)) : bytes);
    });
    link.onData((chunk) => this.machine.receive(chunk));
  }

  receipts(): readonly RenderedReceipt[] {
    return this.machine.receipts();
  }
  setPaper(present: boolean): void {
    this.machine.setPaper(present);
  }
  setPaperNearEnd(nearEnd: boolean): void {
    this.machine.setPaperNearEnd(nearEnd);
  }
  setCoverOpen(open: boolean): void {
    this.machine.setCoverOpen(open);
  }
  setCutterError(error: boolean): void {
    this.machine.setCutterError(error);
  }
  runOutOfPaperAfterBytes(n: number): void {
    this.machine.runOutOfPaperAfterBytes(n);
  }
  openCoverAfterBytes(n: number): void {
    this.machine.openCoverAfterBytes(n);
  }
  setSilent(silent: boolean): void {
    this.machine.silent = silent;
  }
  setWrongBaud(on: boolean): void {
    this.wrongBaud = on;
  }
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.link.close();
  }
  async unplug(): Promise<void> {
    await this.close();
    await this.pair?.close();
  }
}
