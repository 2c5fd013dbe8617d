// The installer CLI as an installer runs it (a child process), against simulators on pty pairs.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startIdCardSimulator, SYNTHETIC_IDENTITIES, type IdCardSimulator } from '../id-card/index.js';
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
  });
});
