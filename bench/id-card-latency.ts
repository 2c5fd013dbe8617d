// End-to-end ID card read latency over a pty pair: simulator places a card → driver emits card-present.
// Compared with the time the frames of one read cycle (find, select, read) would take on a real
// 115200 8N1 line. A pty does not throttle to the baud rate, so the ratio shows the driver's overhead
// (polling, framing, parsing) relative to the wire; on real hardware the wire time adds to it.
import { pathToFileURL } from 'node:url';
import { openPtyPair } from '../devices/core/pty.js';
import { encodeReadPayload, encodeRequest, encodeResponse, PHOTO_LENGTH, TEXT_LENGTH } from '../devices/id-card/codec.js';
import { createIdCardReader, startIdCardSimulator, SYNTHETIC_IDENTITIES, type CardEvent } from '../devices/id-card/index.js';

export interface IdCardLatencyOptions {
  readonly reads?: number;
  readonly baudRate?: number;
  readonly pollIntervalMs?: number;
}

export interface IdCardLatencyReport {
  readonly reads: number;
  readonly baudRate: number;
  readonly pollIntervalMs: number;
  /** Bytes on the wire for one find + select + read cycle, both directions. */
  readonly cycleBytes: number;
  /** Their transfer time at the baud rate, 10 bits per byte (8N1). */
  readonly wireMs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  /** medianMs / wireMs. */
  readonly ratio: number;
}

/** Bytes of one find → select → read (text + photo) exchange. */
export function readCycleBytes(): number {
  const read = encodeResponse(0x90, encodeReadPayload({ text: new Uint8Array(TEXT_LENGTH), photo: new Uint8Array(PHOTO_LENGTH) }, false));
  return (
    encodeRequest('findCard').length +
    encodeResponse(0x9f, new Uint8Array(4)).length +
    encodeRequest('selectCard').length +
    encodeResponse(0x90, new Uint8Array(8)).length +
    encodeRequest('readText').length +
    read.length
  );
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function measureIdCardLatency(opts: IdCardLatencyOptions = {}): Promise<IdCardLatencyReport> {
  const reads = opts.reads ?? 30;
  const baudRate = opts.baudRate ?? 115200;
  const pollIntervalMs = opts.pollIntervalMs ?? 20;
  const pair = await openPtyPair();
  const sim = await startIdCardSimulator({ path: pair.b, baudRate });
  const reader = createIdCardReader({ deviceId: 'bench-id-card', transport: { kind: 'serial', path: pair.a, baudRate }, pollIntervalMs, readFingerprint: false });
  let onEvent: ((e: CardEvent) => void) | null = null;
  reader.onCard((e) => onEvent?.(e));
  const next = (type: CardEvent['type']): Promise<number> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} within 5 s`)), 5_000);
      onEvent = (e) => {
        if (e.type !== type) return;
        clearTimeout(timer);
        onEvent = null;
        resolve(performance.now());
      };
    });
  const samples: number[] = [];
  try {
    await reader.start();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('reader not ready within 5 s')), 5_000);
      const check = (): void => {
        if (reader.status().kind === 'ready') {
          clearTimeout(timer);
          resolve();
        } else setTimeout(check, 5);
      };
      check();
    });
    for (let i = 0; i < reads; i++) {
      const present = next('card-present');
      const placed = performance.now();
      sim.placeCard(SYNTHETIC_IDENTITIES[i % SYNTHETIC_IDENTITIES.length]!);
      samples.push((await present) - placed);
      const removed = next('card-removed');
      sim.removeCard();
      await removed;
    }
  } finally {
    await reader.stop();
    await sim.close();
    await pair.close();
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const cycleBytes = readCycleBytes();
  const wireMs = (cycleBytes * 10 * 1000) / baudRate;
  const medianMs = percentile(sorted, 50);
  return {
    reads,
    baudRate,
    pollIntervalMs,
    cycleBytes,
    wireMs: round(wireMs),
    medianMs: round(medianMs),
    p95Ms: round(percentile(sorted, 95)),
    maxMs: round(sorted.at(-1)!),
    ratio: round(medianMs / wireMs),
  };
}

const round = (n: number): number => Math.round(n * 100) / 100;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  measureIdCardLatency().then(
    (report) => process.stdout.write(JSON.stringify(report, null, 2) + '\n'),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
