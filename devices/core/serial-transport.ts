// Thin wrapper over the `serialport` package: open errors (missing port, permission denied, port in
// use) come back as typed values, and a port that vanishes (USB unplug, pty closed) is reported once.
import { SerialPort } from 'serialport';
import { err, ok, type Result } from '../../sync/protocol/result.js';
import { classifyTransportError, errorText, type ByteLink, type TransportError } from './byte-link.js';
import { Listeners } from './listeners.js';

export interface SerialOptions {
  readonly path: string;
  readonly baudRate: number;
}

export async function openSerial(opts: SerialOptions): Promise<Result<ByteLink, TransportError>> {
  const description = `serial ${opts.path} @${opts.baudRate}`;
  let port: SerialPort;
  try {
    port = new SerialPort({ path: opts.path, baudRate: opts.baudRate, autoOpen: false, lock: true });
  } catch (error) {
    // Bad options throw synchronously (e.g. an unsupported baud rate).
    return err({ code: 'io_error', detail: `${description}: ${errorText(error)}` });
  }
  const opened = await new Promise<Error | null>((resolve) => port.open((e) => resolve(e ?? null)));
  if (opened !== null) {
    return err({ code: classifyTransportError(opened), detail: `${description}: ${errorText(opened)}` });
  }
  return ok(new SerialLink(port, description));
}

class SerialLink implements ByteLink {
  private readonly data = new Listeners<Uint8Array>();
  private readonly lost = new Listeners<TransportError>();
  private closing = false;
  private gone = false;

  constructor(
    private readonly port: SerialPort,
    readonly description: string,
  ) {
    port.on('data', (chunk: Buffer) => this.data.emit(new Uint8Array(chunk)));
    // serialport emits 'error' for read failures and 'close' (with a disconnect error) when the
    // device goes away; either means the link is dead.
    port.on('error', (e: Error) => this.markLost(e));
    port.on('close', (e: Error | null) => this.markLost(e ?? new Error('port closed')));
  }

  private markLost(error: Error): void {
    if (this.closing || this.gone) return;
    this.gone = true;
    this.lost.emit({ code: classifyTransportError(error), detail: `${this.description}: ${errorText(error)}` });
    // Release the descriptor so the next open of the same path is not refused as busy.
    if (this.port.isOpen) this.port.close(() => {});
  }

  write(bytes: Uint8Array): Promise<Result<void, TransportError>> {
    if (this.gone || this.closing || !this.port.isOpen) {
      return Promise.resolve(err({ code: 'closed', detail: `${this.description}: not open` }));
    }
    return new Promise((resolve) => {
      this.port.write(Buffer.from(bytes), (e) => {
        if (e) resolve(err({ code: classifyTransportError(e), detail: `${this.description}: ${errorText(e)}` }));
        else resolve(ok(undefined));
      });
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.data.add(listener);
  }

  onLost(listener: (error: TransportError) => void): () => void {
    return this.lost.add(listener);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.data.clear();
    this.lost.clear();
    if (!this.port.isOpen) return;
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}
