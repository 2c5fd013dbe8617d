// The installer CLI as an installer runs it (a child process), against simulators on pty pairs.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDocumentCameraSimulator } from '../document-camera/simulator.js';
import { startIdCardSimulator, SYNTHETIC_IDENTITIES, type IdCardSimulator } from '../id-card/index.js';
import { startScannerSimulator } from '../qr-scanner/simulator.js';
import { startPrinterSimulator, type PrinterSimulator } from '../receipt-printer/index.js';
import { PtyFixture } from '../testing/pty-fixture.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

function runCli(...args: string[]): Promise<{ code: number | null; json: Record<string, unknown>; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['devices/cli/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ code, json: out.trim() ? (JSON.parse(out) as Record<string, unknown>) : {}, stderr: err });
      } catch (e) {
        reject(new Error(`not JSON: ${out} ${String(e)}`));
      }
    });
  });
}

let pty: PtyFixture;
let idSim: IdCardSimulator | null = null;
let printerSim: PrinterSimulator | null = null;

beforeEach(async () => {
  pty = new PtyFixture();
  await pty.plug();
});

afterEach(async () => {
  await idSim?.close();
  await printerSim?.close();
  idSim = null;
  printerSim = null;
  await pty.dispose();
});

describe('device CLI', () => {
  it('lists serial ports as JSON', async () => {
    const r = await runCli('list');
    expect(r.code).toBe(0);
    expect(Array.isArray(r.json['ports'])).toBe(true);
  });

  it('names the port and the cause when the port is missing', async () => {
    const r = await runCli('printer', 'status', '--port', '/dev/yichuang-nope');
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ port: '/dev/yichuang-nope', error: 'not_found' });
    expect(String(r.json['detail'])).toContain('/dev/yichuang-nope');
  });

  it('reads a card and prints it masked', async () => {
    idSim = await startIdCardSimulator({ path: pty.devicePath });
    idSim.placeCard(SYNTHETIC_IDENTITIES[0]!);
    const r = await runCli('id-card', 'read', '--port', pty.driverPath, '--timeout', '10000');
    expect(r.code).toBe(0);
    const card = r.json['card'] as Record<string, unknown>;
    expect(card).toMatchObject({ cardType: 'resident', name: '张**', idNumberValid: true, validUntil: '长期', photoBytes: 1024 });
    expect(String(card['idNumber'])).toMatch(/^110\*+\d{3}[\dX]$/);
  });

  it('prints a test page and reads printer status', async () => {
    printerSim = await startPrinterSimulator({ path: pty.devicePath });
    const test = await runCli('printer', 'test', '--port', pty.driverPath, '--width', '58');
    expect(test.code).toBe(0);
    expect(test.json).toMatchObject({ printed: true, reprinted: false });
    expect(printerSim.receipts()[0]!.text).toContain('打印机测试页');
    printerSim.setPaper(false);
    const status = await runCli('printer', 'status', '--port', pty.driverPath);
    expect(status.code).toBe(0);
    expect(status.json['status']).toEqual({ kind: 'paper_out' });
  });

  it('explains usage errors with exit code 2', async () => {
    const r = await runCli('printer', 'status');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port is required');
    const suffix = await runCli('scanner', 'read', '--port', pty.driverPath, '--suffix', 'TAB');
    expect(suffix.code).toBe(2);
    expect(suffix.stderr).toContain('--suffix must be CR, LF or CRLF, got "TAB"');
    const remote = await runCli('camera', 'capture', '--url', 'http://192.0.2.1:8080');
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('an http:// or ws:// address on this machine');
  });

  it('reads one scan from a USB-CDC scanner, showing only its start unless asked', async () => {
    const opened = await startScannerSimulator({ path: pty.devicePath });
    if (!opened.ok) throw new Error(opened.error.detail);
    const sim = opened.value;
    try {
      const pending = runCli('scanner', 'read', '--port', pty.driverPath, '--timeout', '10000');
      // Scan again until the CLI has its port open (a line sent before that is lost, as on a real line).
      const timer = setInterval(() => void sim.scan('yichuang://case/YC-CLI-0001', 'Q1'), 300);
      const r = await pending.finally(() => clearInterval(timer));
      expect(r.code).toBe(0);
      expect(r.json).toEqual({ port: pty.driverPath, symbology: 'Q1', bytes: 27, textStart: 'yich…', characters: 27 });

      const full = runCli('scanner', 'read', '--port', pty.driverPath, '--timeout', '10000', '--show-text');
      const again = setInterval(() => void sim.scan('yichuang://case/YC-CLI-0001', 'Q1'), 300);
      const shown = await full.finally(() => clearInterval(again));
      expect(shown.json).toMatchObject({ symbology: 'Q1', text: 'yichuang://case/YC-CLI-0001' });
    } finally {
      await sim.close();
    }
  });

  it('names the port and the cause when the scanner port is missing', async () => {
    const r = await runCli('scanner', 'read', '--port', '/dev/yichuang-nope', '--timeout', '5000');
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ port: '/dev/yichuang-nope', error: 'no_device' });
    expect(String(r.json['detail'])).toContain('/dev/yichuang-nope');
  });

  it('captures a page from a capture service, and names the address when nothing answers there', async () => {
    const camera = await startDocumentCameraSimulator();
    try {
      const r = await runCli('camera', 'capture', '--url', camera.baseUrl);
      expect(r.code).toBe(0);
      expect(r.json).toMatchObject({ url: camera.baseUrl, mime: expect.stringMatching(/^image\/(png|jpeg)$/), status: { kind: 'ready' } });
      expect(Number(r.json['width'])).toBeGreaterThan(500);
      expect(Number(r.json['bytes'])).toBeGreaterThan(1000);
      expect(camera.captures()).toBe(1);
      // The same service's WebSocket shape.
      const ws = await runCli('camera', 'capture', '--url', camera.wsUrl);
      expect(ws.code).toBe(0);
      expect(ws.json).toMatchObject({ url: camera.wsUrl, mime: 'image/png', width: r.json['width'], height: r.json['height'] });
      expect(camera.captures()).toBe(2);
    } finally {
      await camera.stop();
    }
    const gone = await runCli('camera', 'capture', '--url', camera.baseUrl);
    expect(gone.code).toBe(1);
    expect(gone.json).toMatchObject({ url: camera.baseUrl, error: 'no_device' });
    expect(String(gone.json['detail'])).toContain(camera.baseUrl.replace('http://', ''));
  });
});
