import { describe, expect, it } from 'vitest';
import { openPtyPair } from './pty.js';
import { openSerial } from './serial-transport.js';

describe('pty pair and serial transport', () => {
  it('carries bytes both ways between the two ends', async () => {
    const pair = await openPtyPair();
    expect(pair.a).toMatch(/^\/dev\/pts\/\d+$/);
    expect(pair.b).toMatch(/^\/dev\/pts\/\d+$/);
    const a = await openSerial({ path: pair.a, baudRate: 115200 });
    const b = await openSerial({ path: pair.b, baudRate: 115200 });
    if (!a.ok || !b.ok) throw new Error('open failed');
    const got = new Promise<number[]>((resolve) => b.value.onData((chunk) => resolve([...chunk])));
    await a.value.write(Uint8Array.of(1, 2, 0xaa));
    expect(await got).toEqual([1, 2, 0xaa]);
    await a.value.close();
    await b.value.close();
    await pair.close();
    await pair.close(); // idempotent
  });

  it('reports a missing port as a typed value naming the port', async () => {
    const result = await openSerial({ path: '/dev/yichuang-missing', baudRate: 9600 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('not_found');
      expect(result.error.detail).toContain('/dev/yichuang-missing');
    }
  });

  it('reports a port it may not open as permission_denied or not a serial port, never a throw', async () => {
    // /etc/shadow is not readable for ordinary users; as root it opens but is no tty.
    const result = await openSerial({ path: '/etc/shadow', baudRate: 9600 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(['permission_denied', 'io_error']).toContain(result.error.code);
  });
});
