// The real ESC/POS driver against the simulator over a real socat pty pair (and over TCP).
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PtyFixture } from '../testing/pty-fixture.js';
import { pause, recordStatuses, waitFor, waitForStatus } from '../testing/wait.js';
import {
  createReceiptPrinter,
  EscPosMachine,
  REPRINT_MARK,
  startPrinterSimulator,
  type PrinterSimulator,
  type PrinterTimings,
  type ReceiptJob,
  type ReceiptPrinter,
  type ReceiptPrinterOptions,
} from './index.js';

const TIMINGS: Partial<PrinterTimings> = { statusReplyMs: 200, idlePollMs: 40, jobPollMs: 25, printCompleteMs: 3_000, recoveryWaitMs: 5_000 };
const BACKOFF = { initialMs: 30, maxMs: 200, jitter: 0.2 };
const QR = 'https://zwfw.example.gov.cn/q?id=YC-2026-000123';

const job = (jobId: string): ReceiptJob => ({
  jobId,
  blocks: [
    { kind: 'line', line: { text: '政务服务受理回执', align: 'center', bold: true } },
    { kind: 'rule' },
    { kind: 'pair', label: '受理编号', value: 'YC-2026-000123' },
    { kind: 'pair', label: '办理事项', value: '社会保障卡申领（补换）' },
    { kind: 'pair', label: '申请人', value: '张**' },
    { kind: 'line', line: { text: '请凭本回执扫码查询办理进度。' } },
    { kind: 'qr', payload: QR },
  ],
});

let pty: PtyFixture;
let sim: PrinterSimulator | null;
let printer: ReceiptPrinter | null;
/** State transitions the driver logged, "from → to". */
let transitions: string[] = [];

function makePrinter(transport: ReceiptPrinterOptions['transport'], paperWidthMm: 58 | 80 = 58, timings: Partial<PrinterTimings> = {}): ReceiptPrinter {
  transitions = [];
  const log = (e: { event: string; detail?: string }): void => {
    if (e.event === 'state' && e.detail) transitions.push(e.detail);
  };
  printer = createReceiptPrinter({ deviceId: 'printer-test', transport, paperWidthMm, timings: { ...TIMINGS, ...timings }, backoff: BACKOFF, log });
  return printer;
}

async function setUp(paperWidthMm: 58 | 80 = 58, timings: Partial<PrinterTimings> = {}): Promise<ReceiptPrinter> {
  sim = await startPrinterSimulator({ path: pty.devicePath, pair: { close: () => pty.unplug() } });
  const p = makePrinter({ kind: 'serial', path: pty.driverPath, baudRate: 115200 }, paperWidthMm, timings);
  await p.start();
  await waitForStatus(p, 'ready');
  return p;
}

beforeEach(async () => {
  pty = new PtyFixture();
  await pty.plug();
  sim = null;
  printer = null;
});

afterEach(async () => {
  await printer?.stop();
  await sim?.close();
  await pty.dispose();
});

describe('ESC/POS driver over a pty pair', () => {
  it('prints a receipt with Chinese lines and its QR payload, once per job id', async () => {
    const p = await setUp(80);
    const result = await p.print(job('job-1'));
    expect(result).toEqual({ ok: true, value: { jobId: 'job-1', reprinted: false, alreadyPrinted: false } });
    const [receipt] = sim!.receipts();
    expect(receipt!.cut).toBe(true);
    expect(receipt!.text).toContain('政务服务受理回执');
    expect(receipt!.text).toMatch(/办理事项 +社会保障卡申领（补换）/);
    expect(receipt!.qrPayloads).toEqual([QR]);
    expect(p.status()).toEqual({ kind: 'ready' });

    const again = await p.print(job('job-1'));
    expect(again).toEqual({ ok: true, value: { jobId: 'job-1', reprinted: false, alreadyPrinted: true } });
    expect(sim!.receipts()).toHaveLength(1);
  });

  it('re-prints once, marked 重打, when paper runs out mid-receipt and is refilled', async () => {
    const p = await setUp();
    const statuses = recordStatuses(p);
    sim!.runOutOfPaperAfterBytes(120);
    const printing = p.print(job('job-paper'));
    await waitForStatus(p, 'paper_out');
    await pause(100);
    sim!.setPaper(true);
    const result = await printing;
    expect(result).toEqual({ ok: true, value: { jobId: 'job-paper', reprinted: true, alreadyPrinted: false } });

    const receipts = sim!.receipts();
    expect(receipts).toHaveLength(2);
    expect(receipts[0]!.cut).toBe(false); // the half receipt, torn off
    expect(receipts[0]!.qrPayloads).toEqual([]);
    expect(receipts[1]!.cut).toBe(true);
    expect(receipts[1]!.text.split('\n')[0]).toContain(REPRINT_MARK);
    expect(receipts[1]!.text).toContain('政务服务受理回执');
    expect(receipts[1]!.qrPayloads).toEqual([QR]);
    expect(statuses.map((s) => s.kind)).toContain('paper_out');
    expect(p.status()).toEqual({ kind: 'ready' });
    expect(transitions).toEqual([
      'stopped → opening',
      'opening → idle',
      'idle → checking',
      'checking → printing',
      'printing → waiting_for_recovery',
      'waiting_for_recovery → reprinting',
      'reprinting → idle',
    ]);
  });

  it('re-prints once, marked 重打, when the cover is opened mid-receipt and closed again', async () => {
    const p = await setUp();
    sim!.openCoverAfterBytes(120);
    const printing = p.print(job('job-cover'));
    await waitForStatus(p, 'cover_open');
    await pause(100);
    expect(sim!.receipts().filter((r) => r.cut)).toHaveLength(0);
    sim!.setCoverOpen(false);
    expect(await printing).toEqual({ ok: true, value: { jobId: 'job-cover', reprinted: true, alreadyPrinted: false } });
    const receipts = sim!.receipts();
    expect(receipts).toHaveLength(2);
    expect(receipts[0]!.cut).toBe(false);
    expect(receipts[1]!.text.split('\n')[0]).toContain(REPRINT_MARK);
    expect(receipts[1]!.qrPayloads).toEqual([QR]);
    // Printed once: the same job again is not printed a third time.
    expect(await p.print(job('job-cover'))).toMatchObject({ ok: true, value: { alreadyPrinted: true } });
    expect(sim!.receipts()).toHaveLength(2);
    expect(p.status()).toEqual({ kind: 'ready' });
  });

  it('fails at once with paper_out when the paper is already out (the kiosk shows the QR instead)', async () => {
    const p = await setUp();
    sim!.setPaper(false);
    await waitForStatus(p, 'paper_out');
    const started = Date.now();
    const result = await p.print(job('job-fail-fast'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('paper_out');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(sim!.receipts()).toHaveLength(0);
  });

  it('with a preflight wait (staffed counter), waits for paper, then prints a normal (not reprinted) receipt', async () => {
    const p = await setUp(58, { preflightWaitMs: 5_000 });
    sim!.setPaper(false);
    await waitForStatus(p, 'paper_out');
    const printing = p.print(job('job-wait-paper'));
    await pause(150);
    expect(sim!.receipts()).toHaveLength(0);
    sim!.setPaper(true);
    expect(await printing).toEqual({ ok: true, value: { jobId: 'job-wait-paper', reprinted: false, alreadyPrinted: false } });
    expect(sim!.receipts()).toHaveLength(1);
    expect(sim!.receipts()[0]!.text).not.toContain(REPRINT_MARK);
  });

  it('gives up with paper_out when nobody refills within the named wait', async () => {
    const p = await setUp(58, { preflightWaitMs: 200 });
    sim!.setPaper(false);
    await waitForStatus(p, 'paper_out');
    const result = await p.print(job('job-no-paper'));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('paper_out');
      expect(result.error.message.zh).toMatch(/打印纸/);
    }
    expect(sim!.receipts()).toHaveLength(0);
  });

  it('reports paper, cover and paper-near-end while idle; near end still prints', async () => {
    const p = await setUp();
    sim!.setCoverOpen(true);
    await waitForStatus(p, 'cover_open');
    sim!.setCoverOpen(false);
    await waitForStatus(p, 'ready');
    sim!.setPaperNearEnd(true);
    await waitForStatus(p, 'paper_near_end');
    expect((await p.print(job('job-near-end'))).ok).toBe(true);
    sim!.setCutterError(true);
    await waitFor(() => p.status().kind === 'error' && p.status(), 'cutter error');
    expect(p.status()).toMatchObject({ kind: 'error', code: 'cutter_error' });
    const result = await p.print(job('job-cutter'));
    expect(!result.ok && result.error.code).toBe('offline');
  });

  it('refuses a job it cannot encode as a value, sending nothing', async () => {
    const p = await setUp();
    const result = await p.print({ jobId: 'job-huge-qr', blocks: [{ kind: 'qr', payload: 'x'.repeat(4_000) }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.detail).toContain('QR payload of 4000 bytes');
    expect(sim!.receipts()).toHaveLength(0);
    expect((await p.print(job('job-after'))).ok).toBe(true);
  });

  it('answers a printer that never replies with a timeout error, not a hang', async () => {
    // Nothing listens on the far end of the pty pair.
    const p = makePrinter({ kind: 'serial', path: pty.driverPath, baudRate: 115200 });
    await p.start();
    const started = Date.now();
    const result = await p.print(job('job-silent'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
    await waitFor(() => p.status().kind === 'error' && p.status(), 'error status');
    expect(p.status()).toMatchObject({ kind: 'error', code: 'timeout' });
  });

  it('names the port, the rate and a wrong baud rate when the printer answers only garbled bytes, and prints once the rate is right', async () => {
    const p = await setUp();
    sim!.setWrongBaud(true);
    await waitFor(() => p.status().kind === 'error' && p.status(), 'error status');
    const status = p.status();
    expect(status).toMatchObject({ kind: 'error', code: 'timeout' });
    expect(status.kind === 'error' && status.detail).toMatch(new RegExp(`on serial ${pty.driverPath} @115200; \\d+ byte\\(s\\) came back but no status reply: a wrong baud rate`));
    const refused = await p.print(job('job-wrong-baud'));
    expect(refused.ok).toBe(false);
    expect(sim!.receipts().filter((r) => r.cut)).toHaveLength(0);
    sim!.setWrongBaud(false);
    await waitForStatus(p, 'ready');
    expect((await p.print(job('job-right-baud'))).ok).toBe(true);
  });

  it('goes to no_device when unplugged and is ready again when replugged', async () => {
    const p = await setUp();
    await sim!.unplug();
    await waitForStatus(p, 'no_device');
    const result = await p.print(job('job-unplugged'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('no_printer');

    await pty.plug();
    sim = await startPrinterSimulator({ path: pty.devicePath });
    await waitForStatus(p, 'ready');
    expect((await p.print(job('job-replugged'))).ok).toBe(true);
    expect(sim.receipts()).toHaveLength(1);
  });
});

describe('ESC/POS driver over TCP (port 9100 style)', () => {
  let server: Server | null = null;
  const sockets = new Set<Socket>();
  afterEach(async () => {
    await printer?.stop();
    printer = null;
    for (const s of sockets) s.destroy();
    sockets.clear();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  });

  async function listen(answer: boolean): Promise<{ port: number; machine: EscPosMachine | null }> {
    let machine: EscPosMachine | null = null;
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      if (!answer) return;
      machine = new EscPosMachine((bytes) => socket.write(bytes));
      socket.on('data', (chunk) => machine!.receive(new Uint8Array(chunk)));
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return { port: address.port, get machine() { return machine; } };
  }

  it('prints over TCP', async () => {
    const target = await listen(true);
    const p = makePrinter({ kind: 'tcp', host: '127.0.0.1', port: target.port }, 80);
    await p.start();
    await waitForStatus(p, 'ready');
    expect((await p.print(job('tcp-1'))).ok).toBe(true);
    expect(target.machine!.receipts()[0]!.qrPayloads).toEqual([QR]);
  });

  it('times out against a TCP peer that never answers', async () => {
    const target = await listen(false);
    const p = makePrinter({ kind: 'tcp', host: '127.0.0.1', port: target.port });
    await p.start();
    const result = await p.print(job('tcp-silent'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('timeout');
  });
});
