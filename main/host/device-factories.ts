// What the host needs from devices/: the real drivers, their simulators and a pty pair.
// The host codes against these signatures only; `default-factories.ts` binds them to devices/, and unit
// tests may pass their own. Kept structural on purpose so the devices folder can evolve its internals.
import type { IdCardReader, PhotoDecoder } from '../../devices/id-card/reader.js';
import type { QrScanner } from '../../devices/qr-scanner/scanner.js';
import type { ReceiptPrinter } from '../../devices/receipt-printer/printer.js';
import type { A4Printer } from '../printing/cups-printer.js';

export interface PtyPair {
  readonly a: string;
  readonly b: string;
  close(): Promise<void>;
}

export interface SerialTransport {
  readonly kind: 'serial';
  readonly path: string;
  readonly baudRate: number;
}

export interface TcpTransport {
  readonly kind: 'tcp';
  readonly host: string;
  readonly port: number;
}

export interface IdCardReaderOptions {
  readonly deviceId: string;
  readonly transport: SerialTransport;
  readonly pollIntervalMs: number;
  readonly readFingerprint: boolean;
  readonly photoDecoder?: PhotoDecoder;
  readonly now?: () => Date;
}

/** Job ids already printed; the host passes a durable one so a restarted driver still knows them. */
export interface PrintedJobStore {
  has(jobId: string): boolean;
  add(jobId: string): void;
}

export interface ReceiptPrinterOptions {
  readonly deviceId: string;
  readonly transport: SerialTransport | TcpTransport;
  readonly paperWidthMm: 58 | 80;
  readonly printedJobs?: PrintedJobStore;
}

/** A synthetic identity from devices/: the host only needs its label; the rest goes back to the simulator. */
export interface SyntheticIdentityLike {
  readonly label: string;
}

export interface IdCardSimulatorHandle<Identity> {
  placeCard(identity: Identity): void | Promise<void>;
  removeCard(): void | Promise<void>;
  close(): Promise<void>;
}

export interface SimulatedReceiptLike {
  readonly text: string;
  readonly cut: boolean;
  readonly qrPayloads: readonly string[];
}

export interface PrinterSimulatorHandle {
  receipts(): readonly SimulatedReceiptLike[];
  setPaper(present: boolean): void | Promise<void>;
  setCoverOpen(open: boolean): void | Promise<void>;
  close(): Promise<void>;
}

export type ScanSuffixOption = 'CR' | 'LF' | 'CRLF' | { readonly byte: number };

export interface SerialScannerFactoryOptions {
  readonly deviceId: string;
  readonly path: string;
  readonly baudRate: number;
  readonly suffix: ScanSuffixOption;
  readonly maxBytes: number;
}

export interface HidScannerFactoryOptions {
  readonly deviceId: string;
  readonly path?: string;
  readonly vendorId?: number;
  readonly productId?: number;
  readonly usagePage: number;
  readonly honeywellHidPosMode: boolean;
  readonly maxBytes: number;
}

export interface ScannerSimulatorHandle {
  /** Sends one scan line (AIM id when given); rejects when the line cannot be written. */
  scan(text: string, symbology?: string): Promise<void>;
  close(): Promise<void>;
}

export interface DeviceFactories<Identity extends SyntheticIdentityLike = SyntheticIdentityLike> {
  /** linkB: a stable symlink to end b (the driver's end), so a simulator can be unplugged and replugged. */
  openPtyPair(options?: { readonly linkB?: string }): Promise<PtyPair>;
  createIdCardReader(options: IdCardReaderOptions): IdCardReader;
  startIdCardSimulator(options: {
    path: string;
    baudRate?: number;
  }): Promise<IdCardSimulatorHandle<Identity>>;
  readonly syntheticIdentities: readonly Identity[];
  createReceiptPrinter(options: ReceiptPrinterOptions): ReceiptPrinter;
  startPrinterSimulator(options: { path: string; baudRate?: number }): Promise<PrinterSimulatorHandle>;
  createSerialScanner(options: SerialScannerFactoryOptions): QrScanner;
  createHidScanner(options: HidScannerFactoryOptions): QrScanner;
  startScannerSimulator(options: { path: string; baudRate: number; suffix: ScanSuffixOption }): Promise<ScannerSimulatorHandle>;
  /**
   * The A4 printer: the system printer (CUPS; queue '' = the system default destination), or, with
   * pdfDirectory, PDF files written into that directory (the simulated one).
   */
  createA4Printer(options: { deviceId: string; queue: string; pdfDirectory?: string }): A4Printer;
}
