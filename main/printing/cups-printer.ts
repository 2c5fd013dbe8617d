// The system A4 printer through CUPS' own command-line clients (lp, lpstat), as every Linux desktop
// prints: no native bindings, and what the operator sees with `lpstat` is what the kiosk sees.
// Status is a typed union (devices-style), polled and reported only when it changes.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Device } from '../../devices/core/device.js';
import { StatusCell } from '../../devices/core/status-cell.js';
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import { err, ok, type Result } from '../../sync/protocol/result.js';

export type A4PrintErrorCode = 'no_printer' | 'print_failed' | 'timeout';

export interface A4PrintError {
  readonly code: A4PrintErrorCode;
  /** Queue, command and CUPS' message; never document content. */
  readonly detail: string;
}

export interface A4Job {
  readonly jobId: string;
  /** 'completed': CUPS has finished the job; 'queued': still waiting in CUPS when the wait ran out. */
  readonly state: 'completed' | 'queued';
}

export interface A4Printer extends Device {
  /** Sends a PDF to the queue; resolves when CUPS has completed it or the wait ran out (then 'queued'). */
  print(pdf: Uint8Array, opts: { readonly title: string }): Promise<Result<A4Job, A4PrintError>>;
}

export interface CupsPrinterOptions {
  readonly deviceId: string;
  /** CUPS queue; '' = the system default destination. */
  readonly queue: string;
  /** host:port or socket path of the CUPS scheduler; default: CUPS' own (CUPS_SERVER, client.conf). */
  readonly server?: string;
  readonly statusIntervalMs?: number;
  /** How long print() waits for CUPS to complete the job. */
  readonly completionWaitMs?: number;
  readonly commandTimeoutMs?: number;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The program itself could not be run (e.g. lp not installed). */
  readonly spawnError?: string;
}

export class CupsA4Printer implements A4Printer {
  readonly deviceId: string;
  private readonly cell = new StatusCell();
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly opts: CupsPrinterOptions) {
    this.deviceId = opts.deviceId;
  }

  status(): DeviceStatus {
    return this.cell.get();
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.cell.subscribe(listener);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.cell.set({ kind: 'starting' });
    await this.refresh();
    const every = this.opts.statusIntervalMs ?? 30_000;
    this.timer = setInterval(() => void this.refresh(), every);
    this.timer.unref();
  }

  stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.cell.set({ kind: 'disabled' });
    return Promise.resolve();
  }

  /** Reads the queue's state from lpstat and maps it onto a device status. */
  async refresh(): Promise<DeviceStatus> {
    const status = await this.readStatus();
    if (this.running) this.cell.set(status);
    return status;
  }

  private async readStatus(): Promise<DeviceStatus> {
    const queue = await this.resolveQueue();
    if (!queue.ok) return queue.error;
    const r = await this.run('lpstat', ['-p', queue.value]);
    const problem = cupsProblem(r, queue.value);
    if (problem) return problem;
    // "printer Q is idle.  enabled since ..." / "printer Q now printing Q-3." / "printer Q disabled since ..."
    if (/\bdisabled\b/.test(r.stdout)) return { kind: 'offline' };
    if (/now printing/.test(r.stdout)) return { kind: 'busy' };
    if (/is idle/.test(r.stdout)) return { kind: 'ready' };
    return { kind: 'error', code: 'cups_unexpected', detail: `lpstat -p ${queue.value}: ${firstLine(r.stdout || r.stderr)}` };
  }

  private async resolveQueue(): Promise<Result<string, DeviceStatus>> {
    if (this.opts.queue !== '') return ok(this.opts.queue);
    const r = await this.run('lpstat', ['-d']);
    const problem = cupsProblem(r, '(default)');
    if (problem) return err(problem);
    const m = /system default destination:\s*(\S+)/.exec(r.stdout);
    if (!m) return err({ kind: 'no_device', detail: 'CUPS has no default destination; set devices.a4Printer.queue' });
    return ok(m[1]!);
  }

  async print(pdf: Uint8Array, opts: { readonly title: string }): Promise<Result<A4Job, A4PrintError>> {
    const queue = await this.resolveQueue();
    if (!queue.ok) return err({ code: 'no_printer', detail: statusText(queue.error) });
    // lp sends the file's bytes to the scheduler, so the temporary copy can go as soon as lp returns.
    const dir = mkdtempSync(join(tmpdir(), 'yichuang-a4-'));
    const file = join(dir, 'document.pdf');
    let submitted: Run;
    try {
      writeFileSync(file, pdf, { mode: 0o600 });
      submitted = await this.run('lp', ['-d', queue.value, '-t', opts.title, '--', file]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const problem = cupsProblem(submitted, queue.value);
    if (problem) {
      void this.refresh();
      return err({ code: problem.kind === 'no_device' ? 'no_printer' : 'print_failed', detail: statusText(problem) });
    }
    const id = /request id is (\S+)/.exec(submitted.stdout)?.[1];
    if (!id) return err({ code: 'print_failed', detail: `lp -d ${queue.value}: no request id in its answer: ${firstLine(submitted.stdout || submitted.stderr)}` });
    return ok({ jobId: id, state: await this.waitForCompletion(queue.value, id) });
  }

  private async waitForCompletion(queue: string, jobId: string): Promise<A4Job['state']> {
    const deadline = Date.now() + (this.opts.completionWaitMs ?? 60_000);
    while (Date.now() < deadline) {
      const r = await this.run('lpstat', ['-W', 'completed', '-o', queue]);
      if (r.code === 0 && r.stdout.split('\n').some((l) => l.split(/\s+/)[0] === jobId)) return 'completed';
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return 'queued';
  }

  private run(program: 'lp' | 'lpstat', args: readonly string[]): Promise<Run> {
    const env = this.opts.server ? { ...process.env, CUPS_SERVER: this.opts.server } : process.env;
    return new Promise((resolve) => {
      execFile(program, [...args], { env, timeout: this.opts.commandTimeoutMs ?? 10_000, encoding: 'utf8' }, (error, stdout, stderr) => {
        const e = error as (NodeJS.ErrnoException & { code?: string | number }) | null;
        if (e && typeof e.code === 'string') resolve({ code: null, stdout, stderr, spawnError: `${program}: ${e.code} ${e.message}` });
        else resolve({ code: e ? ((e.code as number | undefined) ?? 1) : 0, stdout, stderr });
      });
    });
  }
}

/** A failed lp/lpstat run as a status: CUPS missing, scheduler down, unknown queue, anything else. */
function cupsProblem(r: Run, queue: string): DeviceStatus | null {
  if (r.spawnError) {
    return /ENOENT/.test(r.spawnError)
      ? { kind: 'error', code: 'cups_missing', detail: `CUPS client programs not installed (${r.spawnError}); on Debian: apt-get install cups-client` }
      : { kind: 'error', code: 'cups_failed', detail: r.spawnError };
  }
  if (r.code === 0) return null;
  const text = firstLine(r.stderr || r.stdout);
  if (/scheduler is not running|unable to connect|connection refused|bad file descriptor/i.test(text)) return { kind: 'no_device', detail: `CUPS scheduler not reachable: ${text}` };
  if (/invalid destination|does not exist|unknown destination|not found/i.test(text)) return { kind: 'no_device', detail: `CUPS queue ${queue} does not exist: ${text}` };
  return { kind: 'error', code: 'cups_failed', detail: `${queue}: ${text}` };
}

function statusText(s: DeviceStatus): string {
  return 'detail' in s ? s.detail : s.kind;
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0]?.slice(0, 300) ?? '';
}
