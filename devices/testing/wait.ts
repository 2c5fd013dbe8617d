// Test helpers: wait for a condition or an event with a deadline, so a broken driver fails a test
// quickly instead of hanging the suite.
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import type { Device } from '../core/device.js';

export async function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 5_000, everyMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Records every status a device reports, for assertions on transitions. */
export function recordStatuses(device: Device): DeviceStatus[] {
  const seen: DeviceStatus[] = [];
  device.onStatus((s) => seen.push(s));
  return seen;
}

export function waitForStatus(device: Device, kind: DeviceStatus['kind'], timeoutMs = 5_000): Promise<DeviceStatus> {
  return waitFor(() => (device.status().kind === kind ? device.status() : undefined), `status ${kind} (now ${JSON.stringify(device.status())})`, timeoutMs);
}

export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
