// The scanner and A4 printer entries of kiosk-config: defaults filled, bad values named with their field.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatConfigError, profilePath, validateKioskConfig } from './load.js';

const withDevices = (devices: unknown) => ({ ...(JSON.parse(readFileSync(profilePath('service-hall-kiosk'), 'utf8')) as object), devices });
const problems = (devices: unknown): string => {
  const r = validateKioskConfig(withDevices(devices));
  return r.ok ? '' : formatConfigError(r.error);
};

describe('devices.qrScanner and devices.a4Printer', () => {
  it('fills the defaults of a serial scanner and an A4 printer', () => {
    const r = validateKioskConfig(withDevices({ qrScanner: { transport: { kind: 'serial', path: '/dev/ttyACM0' } }, a4Printer: {} }));
    if (!r.ok) throw new Error(formatConfigError(r.error));
    expect(r.value.devices.qrScanner).toEqual({ enabled: true, maxBytes: 4096, transport: { kind: 'serial', path: '/dev/ttyACM0', baudRate: 9600, suffix: 'CR' } });
    expect(r.value.devices.a4Printer).toEqual({ enabled: true, kind: 'cups', queue: '' });
  });

  it('takes a HID POS scanner by VID/PID on usage page 0x8C', () => {
    const r = validateKioskConfig(withDevices({ qrScanner: { transport: { kind: 'hid', vendorId: 0x0c2e, productId: 0x0901 } } }));
    if (!r.ok) throw new Error(formatConfigError(r.error));
    expect(r.value.devices.qrScanner?.transport).toEqual({ kind: 'hid', vendorId: 0x0c2e, productId: 0x0901, usagePage: 0x8c, honeywellHidPosMode: false });
  });

  it('names the field of a vendor id without a product id, a bad suffix and a queue name with a space', () => {
    expect(problems({ qrScanner: { transport: { kind: 'hid', vendorId: 1 } } })).toContain('devices.qrScanner.transport.productId');
    expect(problems({ qrScanner: { transport: { kind: 'serial', path: '/dev/ttyACM0', suffix: 'TAB' } } })).toContain('devices.qrScanner.transport.suffix');
    expect(problems({ a4Printer: { queue: 'Office A4' } })).toContain('devices.a4Printer.queue');
  });
});
