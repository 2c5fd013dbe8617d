// Owns every configured device: opens it (a real port, or a simulator on a pty pair driven by the real
// driver), reports status changes, maps card events for the renderer, and re-opens a driver that errs
// (ARCHITECTURE rule 3: dropped and re-opened, never left half-alive).
import type { Device, Unsubscribe } from '../../devices/core/device.js';
import type { CardEvent, IdCardReader } from '../../devices/id-card/reader.js';
import type { ReceiptPrinter } from '../../devices/receipt-printer/printer.js';
import type { KioskConfig } from '../../kiosk-config/types.js';
import {
  sameStatus,
  type DeviceClass,
  type DeviceStatus,
  type DeviceStatusReport,
} from '../../sync/protocol/device-health.js';
import type { TerminalEvent } from '../api/terminal-api.js';
import type { AuditLog } from './audit-log.js';
import { toCardIdentity } from './card-identity.js';
import type {
  DeviceFactories,
  IdCardSimulatorHandle,
  PrintedJobStore,
  PrinterSimulatorHandle,
  PtyPair,
  SyntheticIdentityLike,
} from './device-factories.js';

export const ID_CARD_DEVICE_ID = 'id-card';
export const RECEIPT_PRINTER_DEVICE_ID = 'receipt-printer';
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
}

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
}

export interface DeviceManager<Identity extends SyntheticIdentityLike = SyntheticIdentityLike> {
  start(): Promise<void>;
  stop(): Promise<void>;
  statuses(): readonly DeviceStatusReport[];
  /** Null when the printer is disabled, absent, or could not be set up. */
  printer(): ReceiptPrinter | null;
  idCardSimulator(): IdCardSimulatorHandle<Identity> | null;
  printerSimulator(): PrinterSimulatorHandle | null;
  syntheticIdentities(): readonly Identity[];
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
  const slots = [cardSlot, printerSlot] as const;
  let identities: readonly Identity[] = [];
  let stopped = false;
  let starting: Promise<void> | null = null;

  const setStatus = (slot: Slot<Device, unknown>, status: DeviceStatus): void => {
    if (sameStatus(slot.report.status, status)) {
      if (status.kind === 'error') scheduleRestart(slot);
      return;
    }
    const lastError =
      status.kind === 'error'
        ? `${status.code}: ${status.detail}`
        : status.kind === 'no_device'
          ? `no_device: ${status.detail}`
          : slot.report.lastError;
    slot.report = {
      deviceId: slot.deviceId,
      deviceClass: slot.deviceClass,
      status,
      since: now().toISOString(),
      ...(lastError !== undefined ? { lastError } : {}),
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
    const pty = await f.openPtyPair();
    slot.pty = pty;
    slot.simulator = await start(pty.a);
    return pty.b;
  };

  return {
    simulation: slots.some((s) => s.simulated),
    statuses: () => slots.map((s) => s.report),
    printer: () => printerSlot.device,
    idCardSimulator: () => cardSlot.simulator,
    printerSimulator: () => printerSlot.simulator,
    syntheticIdentities: () => identities,

    start() {
      starting ??= startAll();
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
          const sim = slot.simulator;
          slot.simulator = null;
          if (sim) await sim.close().catch(() => undefined);
          const pty = slot.pty;
          slot.pty = null;
          if (pty) await pty.close().catch(() => undefined);
        }),
      );
    },
  };

  async function startAll(): Promise<void> {
    await Promise.all([
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
