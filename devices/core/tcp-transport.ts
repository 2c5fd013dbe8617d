// Raw TCP (network receipt printers listen on port 9100) behind the same ByteLink as a serial port.
import { Socket } from 'node:net';
import { err, ok, type Result } from '../../sync/protocol/result.js';
import { classifyTransportError, errorText, type ByteLink, type TransportError } from './byte-link.js';
import { Listeners } from './listeners.js';

export interface TcpOptions {
  readonly host: string;
  readonly port: number;
  /** A printer switched off on the LAN gives no RST; without this, connect would hang for minutes. */
  readonly connectTimeoutMs?: number;
}

const CONNECT_TIMEOUT_MS = 3_000;

export function openTcp(opts: TcpOptions): Promise<Result<ByteLink, TransportError>> {
  const description = `tcp ${opts.host}:${opts.port}`;
  return new Promise((resolve) => {
    const socket = new Socket();
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(err({ code: 'timeout', detail: `${description}: no connection within ${opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS} ms` }));
    }, opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
    socket.once('error', (e) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(err({ code: classifyTransportError(e), detail: `${description}: ${errorText(e)}` }));
    });
    socket.connect(opts.port, opts.host, () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.setNoDelay(true);
      resolve(ok(new TcpLink(socket, description)));
    });
  });
}

class TcpLink implements ByteLink {
  private readonly data = new Listeners<Uint8Array>();
  private readonly lost = new Listeners<TransportError>();
  private closing = false;
  private gone = false;

  constructor(
    private readonly socket: Socket,
    readonly description: string,
  ) {
    socket.on('data', (chunk: Buffer) => this.data.emit(new Uint8Array(chunk)));
    socket.on('error', (e) => this.markLost(e));
    socket.on('close', () => this.markLost(new Error('connection closed by peer')));
  }

  private markLost(error: Error): void {
    if (this.closing || this.gone) return;
    this.gone = true;
    this.lost.emit({ code: classifyTransportError(error), detail: `${this.description}: ${errorText(error)}` });
    this.socket.destroy();
  }

  write(bytes: Uint8Array): Promise<Result<void, TransportError>> {
    if (this.gone || this.closing) return Promise.resolve(err({ code: 'closed', detail: `${this.description}: not open` }));
    return new Promise((resolve) => {
      this.socket.write(bytes, (e) => {
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
    await new Promise<void>((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.end(() => resolve());
      setTimeout(() => {
        this.socket.destroy();
        resolve();
      }, 500).unref();
    });
  }
}
