// In-memory device fakes for the host's unit tests only (ARCHITECTURE rule 2). The integration tests
// (host.devices.test.ts) use the real drivers and simulators over pty pairs instead.
import type { Unsubscribe } from '../../devices/core/device.js';
import { FakeQrScanner } from '../../devices/qr-scanner/fake.js';
import type { A4Job, A4PrintError, A4Printer } from '../printing/cups-printer.js';
import type { CardEvent, IdCardReader, ParsedCard } from '../../devices/id-card/reader.js';
import type {
  PrintErrorCode,
  PrintOutcome,
  ReceiptJob,
  ReceiptPrinter,
} from '../../devices/receipt-printer/printer.js';
import { err, ok, type Result, type UserFacingError } from '../../sync/protocol/result.js';
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import type { DeviceFactories, PrinterSimulatorHandle, SimulatedReceiptLike } from './device-factories.js';

class FakeDevice {
  private current: DeviceStatus = { kind: 'starting' };
  private readonly statusListeners = new Set<(s: DeviceStatus) => void>();
  constructor(readonly deviceId: string) {}
  status(): DeviceStatus {
    return this.current;
  }
  onStatus(listener: (s: DeviceStatus) => void): Unsubscribe {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }
  setStatus(s: DeviceStatus): void {
    if (JSON.stringify(s) === JSON.stringify(this.current)) return;
    this.current = s;
    for (const l of this.statusListeners) l(s);
  }
  async start(): Promise<void> {
    this.setStatus({ kind: 'ready' });
  }
  async stop(): Promise<void> {
    this.setStatus({ kind: 'offline' });
  }
}

/** Records the PDFs it is given; a 'no_device' status makes print fail as CUPS would. */
export class FakeA4Printer extends FakeDevice implements A4Printer {
  readonly printed: { title: string; bytes: number }[] = [];
  async print(pdf: Uint8Array, opts: { title: string }): Promise<Result<A4Job, A4PrintError>> {
    if (this.status().kind !== 'ready') return err({ code: 'no_printer', detail: `fake A4 printer ${this.status().kind}` });
    this.printed.push({ title: opts.title, bytes: pdf.length });
    return ok({ jobId: `fake-${this.printed.length}`, state: 'completed' });
  }
}

export class FakeIdCardReader extends FakeDevice implements IdCardReader {
  private readonly cardListeners = new Set<(e: CardEvent) => void>();
  onCard(listener: (e: CardEvent) => void): Unsubscribe {
    this.cardListeners.add(listener);
    return () => this.cardListeners.delete(listener);
  }
  emitCard(e: CardEvent): void {
    for (const l of this.cardListeners) l(e);
  }
}

export class FakePrinter extends FakeDevice implements ReceiptPrinter {
  readonly jobs: ReceiptJob[] = [];
  private readonly printed = new Set<string>();
  failWith: PrintErrorCode | null = null;
  hang = false;
  async print(job: ReceiptJob): Promise<Result<PrintOutcome, UserFacingError<PrintErrorCode>>> {
    if (this.hang) return new Promise(() => undefined);
    if (this.failWith)
      return err({
        code: this.failWith,
        message: { zh: '驱动', en: 'driver' },
        detail: `fake ${this.failWith}`,
      });
    if (this.printed.has(job.jobId)) return ok({ jobId: job.jobId, reprinted: false, alreadyPrinted: true });
    this.printed.add(job.jobId);
    this.jobs.push(job);
    return ok({ jobId: job.jobId, reprinted: false, alreadyPrinted: false });
  }
}

export const SAMPLE_CARD: ParsedCard = {
  cardType: 'resident',
  name: '测试张三',
  gender: 'male',
  nationCode: '01',
  birthDate: '1990-03-07',
  address: '北京市东城区测试路1号',
  idNumber: '11010119900307803X',
  idNumberValid: true,
  issuer: '北京市公安局东城分局',
  validFrom: '2020-01-01',
  validUntil: '2040-01-01',
  expired: false,
  photoWlt: new Uint8Array(1024).fill(7),
  fingerprint: new Uint8Array(512).fill(9),
};

export interface FakeRig {
  factories: () => Promise<DeviceFactories>;
  readers: FakeIdCardReader[];
  printers: FakePrinter[];
  scanners: FakeQrScanner[];
  a4Printers: FakeA4Printer[];
  placed: unknown[];
  paper: boolean[];
  receipts: SimulatedReceiptLike[];
  ptyOpened: number;
}

/** Factories whose "simulators" are recorders and whose drivers are the fakes above. */
export function fakeRig(): FakeRig {
  const rig: FakeRig = {
    readers: [],
    printers: [],
    scanners: [],
    a4Printers: [],
    placed: [],
    paper: [],
    receipts: [],
    ptyOpened: 0,
    factories: async () => ({
      openPtyPair: async () => {
        rig.ptyOpened++;
        return { a: '/dev/fake-a', b: '/dev/fake-b', close: async () => undefined };
      },
      createIdCardReader: (o) => {
        const r = new FakeIdCardReader(o.deviceId);
        rig.readers.push(r);
        return r;
      },
      startIdCardSimulator: async () => ({
        placeCard: (identity) => {
          rig.placed.push(identity);
          rig.readers.at(-1)?.emitCard({ type: 'card-present', card: SAMPLE_CARD });
        },
        removeCard: () => rig.readers.at(-1)?.emitCard({ type: 'card-removed' }),
        close: async () => undefined,
      }),
      syntheticIdentities: [{ label: '居民 A' }, { label: '居民 B' }],
      createReceiptPrinter: (o) => {
        const p = new FakePrinter(o.deviceId);
        rig.printers.push(p);
        return p;
      },
      startPrinterSimulator: async (): Promise<PrinterSimulatorHandle> => ({
        receipts: () => rig.receipts,
        setPaper: (present) => {
          rig.paper.push(present);
        },
        setCoverOpen: () => undefined,
        close: async () => undefined,
      }),
      createSerialScanner: (o) => {
        const sc = new FakeQrScanner({ deviceId: o.deviceId, source: 'serial', maxBytes: o.maxBytes });
        rig.scanners.push(sc);
        return sc;
      },
      createHidScanner: (o) => {
        const sc = new FakeQrScanner({ deviceId: o.deviceId, source: 'hid-pos', maxBytes: o.maxBytes });
        rig.scanners.push(sc);
        return sc;
      },
      createA4Printer: (o) => {
        const p = new FakeA4Printer(o.deviceId);
        rig.a4Printers.push(p);
        return p;
      },
      startScannerSimulator: async () => ({
        scan: async (text, symbology) => {
          rig.scanners.at(-1)?.scan(text, symbology);
        },
        close: async () => undefined,
      }),
    }),
  };
  return rig;
}
