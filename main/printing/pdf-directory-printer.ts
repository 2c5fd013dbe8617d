// An A4 "printer" that writes each document as a PDF file into a directory: the simulated A4 printer of
// `npm start` and the profiles (kiosk-config a4Printer kind 'pdf-directory'), real enough that the button
// on the screen prints something a person can open. Real deployments print through CUPS (cups-printer.ts).
// Each job is written to a temporary name, fsynced and renamed, so a file in the directory is complete.
import { accessSync, closeSync, constants, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StatusCell } from '../../devices/core/status-cell.js';
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import { err, ok, type Result } from '../../sync/protocol/result.js';
import type { A4Job, A4PrintError, A4Printer } from './cups-printer.js';

export interface PdfDirectoryPrinterOptions {
  readonly deviceId: string;
  /** Created if missing. */
  readonly directory: string;
}

/** A job title as a file name: letters, digits and - _ . only. */
const safeName = (title: string): string => title.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || 'document';

export class PdfDirectoryPrinter implements A4Printer {
  readonly deviceId: string;
  private readonly cell = new StatusCell();

  constructor(private readonly opts: PdfDirectoryPrinterOptions) {
    this.deviceId = opts.deviceId;
  }

  status(): DeviceStatus {
    return this.cell.get();
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.cell.subscribe(listener);
  }

  async start(): Promise<void> {
    this.cell.set(this.check());
  }

  stop(): Promise<void> {
    this.cell.set({ kind: 'disabled' });
    return Promise.resolve();
  }

  private check(): DeviceStatus {
    try {
      mkdirSync(this.opts.directory, { recursive: true });
      accessSync(this.opts.directory, constants.W_OK);
      return { kind: 'ready' };
    } catch (e) {
      return { kind: 'no_device', detail: `pdf-directory ${this.opts.directory}: ${(e as Error).message}` };
    }
  }

  async print(pdf: Uint8Array, opts: { readonly title: string }): Promise<Result<A4Job, A4PrintError>> {
    const status = this.check();
    this.cell.set(status);
    if (status.kind !== 'ready') return err({ code: 'no_printer', detail: status.kind === 'no_device' ? status.detail : status.kind });
    const base = safeName(opts.title);
    // A second print of the same document is a second job (a person may want two copies): -2, -3 ...
    const taken = new Set(readdirSync(this.opts.directory));
    let jobId = base;
    for (let n = 2; taken.has(`${jobId}.pdf`); n++) jobId = `${base}-${n}`;
    const file = join(this.opts.directory, `${jobId}.pdf`);
    const partial = `${file}.partial`;
    try {
      const fd = openSync(partial, 'w', 0o600);
      try {
        writeSync(fd, pdf);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(partial, file);
    } catch (e) {
      return err({ code: 'print_failed', detail: `pdf-directory ${this.opts.directory}: ${(e as Error).message}` });
    }
    return ok({ jobId, state: 'completed' });
  }
}
