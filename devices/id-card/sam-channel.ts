// One request at a time to the SAM module, each with its own named timeout. Turns the byte stream into
// replies (or typed failures) for the driver's state machine.
import type { ByteLink, TransportError } from '../core/byte-link.js';
import type { DeviceLogger } from '../core/log.js';
import { encodeRequest, FrameDecoder, parseResponse, type CommandName, type DecodedItem, type FrameError, type SamResponse } from './codec.js';
import { err, ok, type Result } from '../../sync/protocol/result.js';

export type TransactFailure =
  | { readonly kind: 'timeout'; readonly detail: string }
  | { readonly kind: 'frame'; readonly error: FrameError }
  | { readonly kind: 'transport'; readonly error: TransportError }
  | { readonly kind: 'aborted' };

export class SamChannel {
  private readonly decoder = new FrameDecoder();
  private waiter: ((item: DecodedItem) => void) | null = null;
  private readonly unsubscribe: () => void;
  /** Bytes that came since the current command was sent: when no frame did, they tell a wrong baud rate. */
  private received = 0;

  constructor(
    private readonly link: ByteLink,
    private readonly deviceId: string,
    private readonly log: DeviceLogger,
  ) {
    this.unsubscribe = link.onData((chunk) => {
      this.received += chunk.length;
      for (const item of this.decoder.push(chunk)) this.deliver(item);
    });
  }

  private deliver(item: DecodedItem): void {
    if (item.kind === 'error' && item.error.code === 'noise') {
      // Readers emit noise (power-up garbage, line glitches); the decoder has resynchronised.
      this.log({ level: 'debug', deviceId: this.deviceId, event: 'noise', detail: item.error.detail });
      return;
    }
    if (!this.waiter) {
      this.log({ level: 'debug', deviceId: this.deviceId, event: 'unsolicited', detail: item.kind === 'frame' ? `${item.body.length}-byte body` : item.error.code });
      return;
    }
    const waiter = this.waiter;
    this.waiter = null;
    waiter(item);
  }

  async transact(command: CommandName, timeoutMs: number, signal: AbortSignal): Promise<Result<SamResponse, TransactFailure>> {
    if (signal.aborted) return err({ kind: 'aborted' });
    // A reply that arrived after an earlier timeout must not be taken for this command's reply.
    this.decoder.reset();
    this.received = 0;
    const reply = new Promise<DecodedItem | 'timeout' | 'aborted'>((resolve) => {
      const timer = setTimeout(() => finish('timeout'), timeoutMs);
      const onAbort = (): void => finish('aborted');
      signal.addEventListener('abort', onAbort, { once: true });
      const finish = (value: DecodedItem | 'timeout' | 'aborted'): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.waiter = null;
        resolve(value);
      };
      this.waiter = finish;
    });
    const written = await this.link.write(encodeRequest(command));
    if (!written.ok) {
      this.waiter = null;
      return err({ kind: 'transport', error: written.error });
    }
    const item = await reply;
    if (item === 'aborted') return err({ kind: 'aborted' });
    if (item === 'timeout') {
      const pending = this.decoder.flush()[0];
      const partial = pending?.kind === 'error' ? ` (${pending.error.detail})` : '';
      // Name the port and rate, and what did come back: the installer's first questions.
      const heard =
        this.received > 0
          ? `${this.received} byte(s) came back but no frame: a wrong baud rate, or another device on this port`
          : 'nothing came back: the reader is off, or not on this port, or at another baud rate';
      return err({ kind: 'timeout', detail: `no reply to ${command} within ${timeoutMs} ms on ${this.link.description}${partial}; ${heard}` });
    }
    if (item.kind === 'error') return err({ kind: 'frame', error: item.error });
    const response = parseResponse(item.body);
    return response.ok ? ok(response.value) : err({ kind: 'frame', error: response.error });
  }

  dispose(): void {
    this.unsubscribe();
    this.waiter = null;
  }
}
