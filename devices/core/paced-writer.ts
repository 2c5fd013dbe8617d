// Paces writes at a serial line's real speed. A pty moves bytes as fast as the kernel copies them, so a
// simulator behind one answers faster than any real device could; benchmarks pace the simulator's side
// so that a latency-to-wire-time ratio means what it says (10 bits a byte: 8N1).
import type { Result } from '../../sync/protocol/result.js';
import type { TransportError } from './byte-link.js';

/** Wire time of `bytes` at `baudRate` in 8N1 framing (start + 8 data + stop bits), in milliseconds. */
export function wireTimeMs(bytes: number, baudRate: number): number {
  return (bytes * 10 * 1000) / baudRate;
}

/** Chunk of about 4 ms at 115200: small enough that the last byte lands within a timer tick of its due time. */
const CHUNK_BYTES = 48;

/**
 * Writes `bytes` in chunks, each one no earlier than its LAST byte would have left a real UART that
 * started at the call (so the reader never sees a byte before it could have arrived). Deadline-based,
 * so timer lateness does not accumulate.
 */
export async function writePaced(
  write: (chunk: Uint8Array) => Promise<Result<void, TransportError>>,
  bytes: Uint8Array,
  baudRate: number,
): Promise<Result<void, TransportError>> {
  const start = performance.now();
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
    const chunk = bytes.subarray(offset, offset + CHUNK_BYTES);
    await sleepUntil(start + wireTimeMs(offset + chunk.length, baudRate));
    const sent = await write(chunk);
    if (!sent.ok) return sent;
  }
  return { ok: true, value: undefined };
}

/** Waits until `performance.now()` reaches `due` (timers may fire up to a millisecond early: finish on setImmediate). */
export async function sleepUntil(due: number): Promise<void> {
  for (let left = due - performance.now(); left > 0; left = due - performance.now()) {
    if (left > 1.5) await new Promise((r) => setTimeout(r, left - 1));
    else await new Promise((r) => setImmediate(r));
  }
}
