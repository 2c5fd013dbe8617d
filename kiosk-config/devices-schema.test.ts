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

describe('devices.keyboardWedge', () => {
  it("is today's detector thresholds when absent: 30 ms between keys, 6 characters, Enter", () => {
    const r = validateKioskConfig(withDevices({}));
    if (!r.ok) throw new Error(formatConfigError(r.error));
    expect(r.value.devices.keyboardWedge).toEqual({ maxInterKeyMs: 30, minLength: 6, suffix: 'Enter' });
  });

  it('takes a slower scanner that ends its codes with Tab', () => {
    const r = validateKioskConfig(withDevices({ keyboardWedge: { maxInterKeyMs: 50, minLength: 4, suffix: 'Tab' } }));
    if (!r.ok) throw new Error(formatConfigError(r.error));
    expect(r.value.devices.keyboardWedge).toEqual({ maxInterKeyMs: 50, minLength: 4, suffix: 'Tab' });
  });

  it('refuses a wrong field in Chinese and English, naming it', () => {
    // A gap a person's typing reaches would take typing for scans.
    expect(problems({ keyboardWedge: { maxInterKeyMs: 120 } })).toContain('devices.keyboardWedge.maxInterKeyMs: 超出范围 / out of range: at most 60, got number 120');
    expect(problems({ keyboardWedge: { minLength: 1 } })).toContain('devices.keyboardWedge.minLength: 超出范围 / out of range: at least 2, got number 1');
    expect(problems({ keyboardWedge: { minLength: 6.5 } })).toContain('devices.keyboardWedge.minLength');
    expect(problems({ keyboardWedge: { suffix: 'CR' } })).toContain('devices.keyboardWedge.suffix: 取值无效 / must be one of "Enter", "Tab", got string "CR"');
    expect(problems({ keyboardWedge: { gapMs: 40 } })).toContain("devices.keyboardWedge.gapMs: 未知字段 / unknown field");
  });
});
