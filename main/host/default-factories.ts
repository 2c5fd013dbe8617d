// Binds the host to the real drivers and simulators in devices/.
// TEMPORARY: devices/id-card/index.ts and devices/receipt-printer/index.ts are being written; until
// they land, they are loaded by a computed specifier so the host type-checks without them.
import type { DeviceFactories } from './device-factories.js';

const load = async (path: string): Promise<Record<string, unknown>> => (await import(/* @vite-ignore */ path)) as Record<string, unknown>;

export const defaultDeviceFactories = async (): Promise<DeviceFactories> => {
  const base = new URL('../../devices/', import.meta.url).href;
  const [pty, idCard, printer] = await Promise.all([
    load(`${base}core/pty.ts`),
    load(`${base}id-card/index.ts`),
    load(`${base}receipt-printer/index.ts`),
  ]);
  return {
    openPtyPair: pty.openPtyPair,
    createIdCardReader: idCard.createIdCardReader,
    startIdCardSimulator: idCard.startIdCardSimulator,
    syntheticIdentities: idCard.SYNTHETIC_IDENTITIES,
    createReceiptPrinter: printer.createReceiptPrinter,
    startPrinterSimulator: printer.startPrinterSimulator,
  } as DeviceFactories;
};
