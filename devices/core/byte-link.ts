// The one shape every byte transport takes (serial port, TCP socket), so drivers and simulators
// do not care which one they run on.
import type { Result } from '../../sync/protocol/result.js';
import type { Unsubscribe } from './device.js';

export type TransportErrorCode =
  | 'not_found'
  | 'permission_denied'
  | 'busy'
  | 'refused'
  | 'timeout'
  | 'closed'
  | 'io_error';

/** A transport failure as a value; `detail` names the port and the OS cause, never payload bytes. */
export interface TransportError {
  readonly code: TransportErrorCode;
  readonly detail: string;
}

export interface ByteLink {
  /** For logs: "serial /dev/ttyUSB0 @115200" or "tcp 10.0.0.5:9100". */
  readonly description: string;
  write(bytes: Uint8Array): Promise<Result<void, TransportError>>;
  onData(listener: (chunk: Uint8Array) => void): Unsubscribe;
  /** Fires once when the link dies on its own (unplug, peer closed, I/O error); not after close(). */
  onLost(listener: (error: TransportError) => void): Unsubscribe;
  close(): Promise<void>;
}

/** Maps Node / serialport error text to a stable code. */
export function classifyTransportError(error: unknown): TransportErrorCode {
  const text = error instanceof Error ? `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}` : String(error);
  if (/ENOENT|No such file|not found/i.test(text)) return 'not_found';
  if (/EACCES|EPERM|Permission denied/i.test(text)) return 'permission_denied';
  if (/EBUSY|Cannot lock port|Resource temporarily unavailable|EAGAIN/i.test(text)) return 'busy';
  if (/ECONNREFUSED/i.test(text)) return 'refused';
  if (/ETIMEDOUT|timed out/i.test(text)) return 'timeout';
  if (/ECONNRESET|EPIPE|EIO|EBADF|bad file descriptor|disconnected|closed|not open/i.test(text)) return 'closed';
  return 'io_error';
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
