// Owns every configured device: opens it (a real port, or a simulator on a pty pair driven by the real
// driver), reports status changes, maps card events for the renderer, and re-opens a driver that errs
// (ARCHITECTURE rule 3: dropped and re-opened, never left half-alive).
import type { Device, Unsubscribe } from '../../devices/core/device.js';
import type { CardEvent, IdCardReader } from '../../devices/id-card/reader.js';
import type { QrScanner, ScannerEvent } from '../../devices/qr-scanner/scanner.js';
import type { ReceiptPrinter } from '../../devices/receipt-printer/printer.js';
import type { KioskConfig } from '../../kiosk-config/types.js';
import {
  sameStatus,
  type DeviceClass,
  type DeviceStatus,
  type DeviceStatusReport,
} from '../../sync/protocol/device-health.js';
import { err, ok, type Result } from '../../sync/protocol/result.js';
import type { DeviceHealthEntry, DeviceHealthSnapshot } from '../api/devices.js';
import type { TerminalEvent } from '../api/terminal-api.js';
import type { A4Printer } from '../printing/cups-printer.js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditLog } from './audit-log.js';
import { toCardIdentity } from './card-identity.js';
import type {
  DeviceFactories,
  IdCardSimulatorHandle,
  PrintedJobStore,
  PrinterSimulatorHandle,
  PtyPair,
  ScannerSimulatorHandle,
  SyntheticIdentityLike,
} from './device-factories.js';

export const ID_CARD_DEVICE_ID = 'id-card';
export const RECEIPT_PRINTER_DEVICE_ID = 'receipt-printer';
export const QR_SCANNER_DEVICE_ID = 'qr-scanner';
export const A4_PRINTER_DEVICE_ID = 'a4-printer';
/** Baud rate of the pty pair between a simulator and its driver. */
const SIMULATED_BAUD = 115200;

export interface DeviceManagerOptions<Identity extends SyntheticIdentityLike> {
  readonly devices: KioskConfig['devices'];
  readonly factories: () => Promise<DeviceFactories<Identity>>;
  readonly audit: AuditLog;
  readonly emit: (event: TerminalEvent) => void;
  /** Durable record of printed job ids, handed to the printer driver. */
  readonly printedJobs?: PrintedJobStore;
  readonly now?: () => Date;
  /**
   * Watchdog: a driver still in 'error' this long after reporting it is dropped and a fresh one opened
   * (drivers re-open their own port with back-off; this catches one that is wedged). First delay,
   * doubled on each further restart up to the max, reset once the device is ready.
   */
  readonly restartDelayMs?: { readonly first: number; readonly max: number };
  /** How long the start-up self-check waits for every device to leave 'starting' before it reports. */
  readonly selfCheckWaitMs?: number;
  /**
   * Where a simulated device's port gets a stable name (a symlink to the driver's end of its pty pair), so
   * the simulator can be unplugged and plugged back in at the same path, as a USB device is. Without it
   * simulated devices cannot be unplugged.
   */
  readonly simulatedPortDir?: string;
  /** Where an A4 printer of kind 'pdf-directory' writes its PDFs when the config names no directory. */
  readonly defaultA4Directory?: string;
  /**
   * Devices other parts of the host own (the document camera: the OCR service's, or the screen's UVC camera),
   * listed after this manager's own in statuses, health snapshots and the start-up self-check.
   */
  readonly otherDevices?: () => readonly DeviceStatusReport[];
}

/** Why simulatorConnected() could not unplug or replug a device (for the developer panel). */
export type SimulatorPlugFailure = 'not_simulated' | 'not_pluggable' | 'failed';

/** Statuses after which a return to 'ready' counts as a re-open (the device was lost, then found again). */
const LOST_KINDS: ReadonlySet<DeviceStatus['kind']> = new Set(['no_device', 'error', 'offline']);

interface Slot<D extends Device, S> {
  readonly deviceId: string;
  readonly deviceClass: DeviceClass;
  readonly enabled: boolean;
  readonly simulated: boolean;
  report: DeviceStatusReport;
  device: D | null;
  simulator: S | null;
  pty: PtyPair | null;
  subscriptions: Unsubscribe[];
  restartTimer: NodeJS.Timeout | null;
  restartDelay: number;
  /** Builds a fresh driver instance (a dropped driver is never reused). */
  create: (() => D) | null;
  /** Simulated devices only: opens a new pty pair at the driver's stable path and starts a simulator on it. */
  plugIn: (() => Promise<void>) | null;
  /** Times the device came back to 'ready' after being lost (its driver re-opened the port, or a fresh one was made). */
  reopenCount: number;
  /** Times the watchdog dropped a wedged driver and made a fresh one. */
  driverRestarts: number;
  lost: boolean;
}

export interface DeviceManager<Identity extends SyntheticIdentityLike = SyntheticIdentityLike> {
  start(): Promise<void>;
  stop(): Promise<void>;
  statuses(): readonly DeviceStatusReport[];
  /** Null when the printer is disabled, absent, or could not be set up. */
  printer(): ReceiptPrinter | null;
  idCardSimulator(): IdCardSimulatorHandle<Identity> | null;
  printerSimulator(): PrinterSimulatorHandle | null;
  scannerSimulator(): ScannerSimulatorHandle | null;
  /** Null when the A4 printer is disabled or not configured. */
  a4Printer(): A4Printer | null;
  /** Every device's status, since, last error and re-open counts: for the platform heartbeat and the staff panel. */
  health(): DeviceHealthSnapshot;
  /**
   * The start-up self-check: resolves once every enabled device has left 'starting' (or the wait ran out)
   * with the snapshot it wrote to the audit log. Starts with start().
   */
  selfCheck(): Promise<DeviceHealthSnapshot>;
  syntheticIdentities(): readonly Identity[];
  /**
   * Simulation only: unplugs (closes the simulator and its pty pair, so the driver's port disappears as a
   * USB device's does) or plugs back in a simulated serial device. The driver notices and recovers by itself.
   */
  simulatorConnected(deviceId: string, connected: boolean): Promise<Result<null, SimulatorPlugFailure>>;
  /** Any device is simulated (fixed by the config, whether or not its simulator started). */
  readonly simulation: boolean;
}

export function createDeviceManager<Identity extends SyntheticIdentityLike>(
  options: DeviceManagerOptions<Identity>,
): DeviceManager<Identity> {
  const now = options.now ?? (() => new Date());
  const delays = options.restartDelayMs ?? { first: 15_000, max: 300_000 };
  const { idCard, receiptPrinter } = options.devices;

  const newSlot = <D extends Device, S>(
    deviceId: string,
    deviceClass: DeviceClass,
    cfg: { enabled: boolean; transport: { kind: string } } | undefined,
  ): Slot<D, S> => {
    const enabled = cfg?.enabled === true;
    return {
      deviceId,
      deviceClass,
      enabled,
      simulated: enabled && cfg?.transport.kind === 'simulated',
      report: {
        deviceId,
        deviceClass,
        status: enabled ? { kind: 'starting' } : { kind: 'disabled' },
        since: now().toISOString(),
      },
      device: null,
      simulator: null,
      pty: null,
      subscriptions: [],
      restartTimer: null,
      restartDelay: delays.first,
      create: null,
      plugIn: null,
      reopenCount: 0,
      driverRestarts: 0,
      lost: false,
    };
  };

  const cardSlot = newSlot<IdCardReader, IdCardSimulatorHandle<Identity>>(
    ID_CARD_DEVICE_ID,
    'id-card',
    idCard,
  );
  const printerSlot = newSlot<ReceiptPrinter, PrinterSimulatorHandle>(
    RECEIPT_PRINTER_DEVICE_ID,
    'receipt-printer',
    receiptPrinter,
  );
  const scannerSlot = newSlot<QrScanner, ScannerSimulatorHandle>(
    QR_SCANNER_DEVICE_ID,
    'qr-scanner',
    options.devices.qrScanner,
  );
  const a4Config = options.devices.a4Printer;
  const a4Slot = newSlot<A4Printer, never>(
    A4_PRINTER_DEVICE_ID,
    'a4-printer',
    a4Config ? { enabled: a4Config.enabled, transport: { kind: a4Config.kind } } : undefined,
  );
  const slots = [cardSlot, printerSlot, scannerSlot, a4Slot] as const;
  const others = options.otherDevices ?? (() => []);
  let identities: readonly Identity[] = [];
  let stopped = false;
  let starting: Promise<void> | null = null;
  let selfChecked: Promise<DeviceHealthSnapshot> | null = null;
  let health: () => DeviceHealthSnapshot;

  /** Waits (without holding up start) for the devices to settle, then audits each one's status. */
  const runSelfCheck = async (): Promise<DeviceHealthSnapshot> => {
    const deadline = Date.now() + (options.selfCheckWaitMs ?? 5_000);
    const starting = (): boolean =>
      slots.some((s) => s.report.status.kind === 'starting') || others().some((r) => r.status.kind === 'starting');
    while (!stopped && Date.now() < deadline && starting())
      await new Promise((r) => setTimeout(r, 25).unref());
    const snapshot = health();
    // A host stopped before its devices settled has nothing left to check (and may have lost its data dir).
    if (stopped) return snapshot;
    options.audit.record({
      type: 'device.selfcheck',
      devices: snapshot.devices.map((d) => ({
        deviceId: d.deviceId,
        deviceClass: d.deviceClass,
        status: d.status.kind,
        ...(d.status.kind === 'error' ? { code: d.status.code } : {}),
      })),
    });
    return snapshot;
  };

  const setStatus = (slot: Slot<Device, unknown>, status: DeviceStatus): void => {
    if (sameStatus(slot.report.status, status)) {
      if (status.kind === 'error') scheduleRestart(slot);
      return;
    }
    if (LOST_KINDS.has(status.kind)) slot.lost = true;
    if (status.kind === 'ready' && slot.lost) {
      slot.lost = false;
      slot.reopenCount++;
    }
    const at = now().toISOString();
    const newError =
      status.kind === 'error'
        ? `${status.code}: ${status.detail}`
        : status.kind === 'no_device'
          ? `no_device: ${status.detail}`
          : undefined;
    const lastError = newError ?? slot.report.lastError;
    const lastErrorAt = newError !== undefined ? at : slot.report.lastErrorAt;
    slot.report = {
      deviceId: slot.deviceId,
      deviceClass: slot.deviceClass,
      status,
      since: at,
      ...(lastError !== undefined ? { lastError } : {}),
      ...(lastErrorAt !== undefined ? { lastErrorAt } : {}),
    };
    options.audit.record({
      type: 'device.status',
      deviceId: slot.deviceId,
      deviceClass: slot.deviceClass,
      status: status.kind,
      ...(status.kind === 'error' ? { code: status.code } : {}),
    });
    options.emit({ type: 'device-status', report: slot.report });
    if (status.kind === 'error') scheduleRestart(slot);
    if (status.kind === 'ready') slot.restartDelay = delays.first;
  };

  const onCard = (event: CardEvent): void => {
    switch (event.type) {
      case 'card-present':
        options.audit.record({
          type: 'card.present',
          deviceId: cardSlot.deviceId,
          cardType: event.card.cardType,
          idNumberValid: event.card.idNumberValid,
          expired: event.card.expired,
        });
        options.emit({ type: 'card-present', card: toCardIdentity(event.card) });
        return;
      case 'card-removed':
        options.audit.record({ type: 'card.removed', deviceId: cardSlot.deviceId });
        options.emit({ type: 'card-removed' });
        return;
      case 'card-error':
        options.audit.record({ type: 'card.error', deviceId: cardSlot.deviceId, code: event.error.code });
        options.emit({ type: 'card-error', error: event.error });
        return;
    }
  };

  // Scans go to the renderer without their raw bytes; the audit gets the symbology and size only, never the text.
  const onScan = (event: ScannerEvent): void => {
    if (event.type === 'scan') {
      const { source, symbology, text, raw } = event.scan;
      options.audit.record({ type: 'scan', deviceId: scannerSlot.deviceId, source, symbology, bytes: raw.length });
      options.emit({ type: 'scan', scan: { source, symbology, text } });
      return;
    }
    options.audit.record({ type: 'scan.refused', deviceId: scannerSlot.deviceId, code: event.error.code });
    options.emit({ type: 'scan-error', error: { code: event.error.code, message: event.error.message } });
  };

  /** Creates a fresh driver, wires its listeners and starts it. Start errors become statuses. */
  const openDriver = async <D extends Device>(slot: Slot<D, unknown>): Promise<void> => {
    if (!slot.create || stopped) return;
    let device: D;
    try {
      device = slot.create();
    } catch (e) {
      setStatus(slot, { kind: 'error', code: 'driver_create_failed', detail: (e as Error).message });
      return;
    }
    slot.device = device;
    slot.subscriptions.push(device.onStatus((s) => setStatus(slot, s)));
    if (slot.deviceClass === 'id-card')
      slot.subscriptions.push((device as unknown as IdCardReader).onCard(onCard));
    if (slot.deviceClass === 'qr-scanner')
      slot.subscriptions.push((device as unknown as QrScanner).onScan(onScan));
    try {
      await device.start();
    } catch (e) {
      // Device.start promises not to throw; a driver that does is treated as one that errs.
      setStatus(slot, { kind: 'error', code: 'driver_start_failed', detail: (e as Error).message });
      return;
    }
    if (slot.device === device) setStatus(slot, device.status());
  };

  const closeDriver = async (slot: Slot<Device, unknown>): Promise<void> => {
    for (const u of slot.subscriptions.splice(0)) u();
    const device = slot.device;
    slot.device = null;
    if (device) await device.stop().catch(() => undefined);
  };

  function scheduleRestart(slot: Slot<Device, unknown>): void {
    if (stopped || slot.restartTimer || !slot.create) return;
    const delay = slot.restartDelay;
    slot.restartDelay = Math.min(delays.max, slot.restartDelay * 2);
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = null;
      if (stopped || slot.report.status.kind !== 'error') return;
      slot.driverRestarts++;
      void (async () => {
        await closeDriver(slot);
        await openDriver(slot);
      })();
    }, delay);
    slot.restartTimer.unref();
  }

  const setUp = async <D extends Device, S>(
    slot: Slot<D, S>,
    build: (
      f: DeviceFactories<Identity>,
      serial: (path: string, baudRate: number) => { kind: 'serial'; path: string; baudRate: number },
    ) => Promise<() => D>,
  ): Promise<void> => {
    if (!slot.enabled) return;
    try {
      const factories = await options.factories();
      slot.create = await build(factories, (path, baudRate) => ({ kind: 'serial', path, baudRate }));
    } catch (e) {
      setStatus(slot, {
        kind: 'error',
        code: slot.simulated ? 'simulator_failed' : 'setup_failed',
        detail: (e as Error).message,
      });
      return;
    }
    await openDriver(slot);
  };

  const startSimulator = async <S>(
    slot: Slot<Device, S>,
    f: DeviceFactories<Identity>,
    start: (path: string) => Promise<S>,
  ): Promise<string> => {
    const linkB = options.simulatedPortDir === undefined ? undefined : join(options.simulatedPortDir, slot.deviceId);
    const plugIn = async (): Promise<string> => {
      // A link left by a host that died is stale: socat makes it afresh.
      if (linkB !== undefined) rmSync(linkB, { force: true });
      const pty = await f.openPtyPair(linkB === undefined ? {} : { linkB });
      slot.pty = pty;
      try {
        slot.simulator = await start(pty.a);
      } catch (e) {
        slot.pty = null;
        await pty.close().catch(() => undefined);
        throw e;
      }
      return pty.b;
    };
    const path = await plugIn();
    if (linkB !== undefined)
      slot.plugIn = async () => {
        await plugIn();
      };
    return path;
  };

  const unplug = async (slot: Slot<Device, { close(): Promise<void> }>): Promise<void> => {
    const sim = slot.simulator;
    slot.simulator = null;
    if (sim) await sim.close().catch(() => undefined);
    const pty = slot.pty;
    slot.pty = null;
    if (pty) await pty.close().catch(() => undefined);
  };

  const simulatorConnected = async (
    deviceId: string,
    connected: boolean,
  ): Promise<Result<null, SimulatorPlugFailure>> => {
    const slot = slots.find((s) => s.deviceId === deviceId) as Slot<Device, { close(): Promise<void> }> | undefined;
    if (!slot?.simulated) return err('not_simulated');
    if (!slot.plugIn || stopped) return err('not_pluggable');
    if (!connected) {
      await unplug(slot);
      options.audit.record({ type: 'sim', action: 'unplug', value: deviceId });
      return ok(null);
    }
    if (slot.pty) return ok(null); // already plugged in
    try {
      await slot.plugIn();
    } catch {
      return err('failed');
    }
    options.audit.record({ type: 'sim', action: 'replug', value: deviceId });
    return ok(null);
  };

  return {
    simulation: slots.some((s) => s.simulated),
    statuses: () => [...slots.map((s) => s.report), ...others()],
    printer: () => printerSlot.device,
    idCardSimulator: () => cardSlot.simulator,
    printerSimulator: () => printerSlot.simulator,
    scannerSimulator: () => scannerSlot.simulator,
    a4Printer: () => a4Slot.device,
    simulatorConnected,
    health: (health = () => ({
      at: now().toISOString(),
      devices: slots.map(
        (s): DeviceHealthEntry => ({
          ...s.report,
          reopenCount: s.reopenCount,
          driverRestarts: s.driverRestarts,
        }),
      ).concat(others().map((r): DeviceHealthEntry => ({ ...r, reopenCount: 0, driverRestarts: 0 }))),
    })),
    selfCheck: () => selfChecked ?? Promise.reject(new Error('selfCheck before start')),
    syntheticIdentities: () => identities,

    start() {
      if (!starting) {
        starting = startAll();
        selfChecked = starting.then(runSelfCheck);
        selfChecked.catch(() => undefined);
      }
      return starting;
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      // Let a start in progress finish its set-up first, so nothing it opens is left behind.
      await starting?.catch(() => undefined);
      for (const slot of slots) {
        if (slot.restartTimer) clearTimeout(slot.restartTimer);
        slot.restartTimer = null;
      }
      await Promise.all(
        slots.map(async (slot: Slot<Device, { close(): Promise<void> }>) => {
          await closeDriver(slot);
          await unplug(slot);
        }),
      );
    },
  };

  async function startAll(): Promise<void> {
    await Promise.all([
      setUp(a4Slot, async (f) => {
        const queue = a4Config?.queue ?? '';
        const pdfDirectory = a4Config?.kind === 'pdf-directory' ? (a4Config.directory ?? options.defaultA4Directory) : undefined;
        if (a4Config?.kind === 'pdf-directory' && pdfDirectory === undefined) throw new Error('a4Printer kind pdf-directory needs a directory');
        return () => f.createA4Printer({ deviceId: a4Slot.deviceId, queue, ...(pdfDirectory !== undefined ? { pdfDirectory } : {}) });
      }),
      setUp(scannerSlot, async (f, serial) => {
        const cfg = options.devices.qrScanner;
        if (!cfg) throw new Error('unreachable: scanner not configured');
        const t = cfg.transport;
        if (t.kind === 'hid') {
          return () =>
            f.createHidScanner({
              deviceId: scannerSlot.deviceId,
              ...(t.path !== undefined ? { path: t.path } : {}),
              ...(t.vendorId !== undefined && t.productId !== undefined
                ? { vendorId: t.vendorId, productId: t.productId }
                : {}),
              usagePage: t.usagePage,
              honeywellHidPosMode: t.honeywellHidPosMode,
              maxBytes: cfg.maxBytes,
            });
        }
        // A simulated scanner is a USB-CDC one on a pty pair: the real serial driver reads its lines.
        const line =
          t.kind === 'simulated'
            ? {
                ...serial(
                  await startSimulator(scannerSlot, f, (path) =>
                    f.startScannerSimulator({ path, baudRate: SIMULATED_BAUD, suffix: 'CR' }),
                  ),
                  SIMULATED_BAUD,
                ),
                suffix: 'CR' as const,
              }
            : { ...serial(t.path, t.baudRate), suffix: t.suffix };
        return () =>
          f.createSerialScanner({
            deviceId: scannerSlot.deviceId,
            path: line.path,
            baudRate: line.baudRate,
            suffix: line.suffix,
            maxBytes: cfg.maxBytes,
          });
      }),
      setUp(cardSlot, async (f, serial) => {
        if (!idCard) throw new Error('unreachable: id card not configured');
        const cfg = idCard;
        identities = f.syntheticIdentities;
        const transport =
          cfg.transport.kind === 'simulated'
            ? serial(
                await startSimulator(cardSlot, f, (path) =>
                  f.startIdCardSimulator({ path, baudRate: SIMULATED_BAUD }),
                ),
                SIMULATED_BAUD,
              )
            : serial(cfg.transport.path, cfg.transport.baudRate);
        return () =>
          f.createIdCardReader({
            deviceId: cardSlot.deviceId,
            transport,
            pollIntervalMs: cfg.pollIntervalMs,
            readFingerprint: cfg.readFingerprint,
            now,
          });
      }),
      setUp(printerSlot, async (f, serial) => {
        if (!receiptPrinter) throw new Error('unreachable: printer not configured');
        const cfg = receiptPrinter;
        const transport =
          cfg.transport.kind === 'simulated'
            ? serial(
                await startSimulator(printerSlot, f, (path) =>
                  f.startPrinterSimulator({ path, baudRate: SIMULATED_BAUD }),
                ),
                SIMULATED_BAUD,
              )
            : cfg.transport.kind === 'serial'
              ? serial(cfg.transport.path, cfg.transport.baudRate)
              : { kind: 'tcp' as const, host: cfg.transport.host, port: cfg.transport.port };
        return () =>
          f.createReceiptPrinter({
            deviceId: printerSlot.deviceId,
            transport,
            paperWidthMm: cfg.paperWidthMm,
            ...(options.printedJobs ? { printedJobs: options.printedJobs } : {}),
          });
      }),
    ]);
  }
}
