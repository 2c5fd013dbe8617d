// ID card reader, end to end over a socat pty pair at 115200 baud: the simulator places a card, the real
// driver finds, selects and reads it, and emits card-present with the parsed identity.
//
// A pty copies bytes as fast as the kernel can, so the simulator is paced (paceAtBaudRate): it answers a
// request only after the request's own wire time and sends replies no faster than a UART at the baud rate.
// The wire time is computed, not measured: bytes of one find → select → read exchange × 10 bits / baud.
// The ratio is (find request of the successful cycle → card-present) / that wire time, so it shows what
// the driver and its parsing add on top of the line. The poll wait before the cycle is not the driver's
// overhead; it is reported separately (placed → present).
import { openPtyPair } from '../devices/core/pty.js';
import { wireTimeMs } from '../devices/core/paced-writer.js';
import { encodeReadPayload, encodeRequest, encodeResponse, PHOTO_LENGTH, TEXT_LENGTH } from '../devices/id-card/codec.js';
import { createIdCardReader, startIdCardSimulator, SYNTHETIC_IDENTITIES, type CardEvent } from '../devices/id-card/index.js';
import { percentile, round2, type Bench, type BenchResult } from './types.js';

const BAUD = 115200;
const POLL_INTERVAL_MS = 20;

/** Bytes of one find → select → read (text + photo) exchange, both directions. */
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

async function measure(reads: number): Promise<BenchResult> {
  const pair = await openPtyPair();
  let lastFindAt = 0;
  const sim = await startIdCardSimulator({
    path: pair.b,
    baudRate: BAUD,
    paceAtBaudRate: true,
    onRequest: (command, at) => {
      if (command === 'findCard') lastFindAt = at;
    },
  });
  const reader = createIdCardReader({
    deviceId: 'bench-id-card',
    transport: { kind: 'serial', path: pair.a, baudRate: BAUD },
    pollIntervalMs: POLL_INTERVAL_MS,
    readFingerprint: false,
  });
  let waiting: { type: CardEvent['type']; resolve: (at: number) => void } | null = null;
  reader.onCard((e) => {
    if (waiting && e.type === waiting.type) {
      const w = waiting;
      waiting = null;
      w.resolve(performance.now());
    }
  });
  const next = (type: CardEvent['type']): Promise<number> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ID card bench: no ${type} within 5 s`)), 5_000);
      waiting = {
        type,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
    });
  const cycle: number[] = [];
  const fromPlacement: number[] = [];
  try {
    await reader.start();
    const readyBy = performance.now() + 5_000;
    while (reader.status().kind !== 'ready') {
      if (performance.now() > readyBy) throw new Error(`ID card bench: reader not ready within 5 s (${reader.status().kind})`);
      await new Promise((r) => setTimeout(r, 5));
    }
    for (let i = 0; i < reads; i++) {
      const present = next('card-present');
      const placed = performance.now();
      sim.placeCard(SYNTHETIC_IDENTITIES[i % SYNTHETIC_IDENTITIES.length]!);
      const at = await present;
      cycle.push(at - lastFindAt);
      fromPlacement.push(at - placed);
      const removed = next('card-removed');
      sim.removeCard();
      await removed;
    }
  } finally {
    await reader.stop();
    await sim.close();
    await pair.close();
  }
  cycle.sort((a, b) => a - b);
  fromPlacement.sort((a, b) => a - b);
  const bytes = readCycleBytes();
  const wire = wireTimeMs(bytes, BAUD);
  const median = percentile(cycle, 50);
  return {
    figures: {
      reads,
      baud: BAUD,
      cycleBytes: bytes,
      wireMs: round2(wire),
      cycleMedianMs: round2(median),
      cycleP95Ms: round2(percentile(cycle, 95)),
      cycleMaxMs: round2(cycle.at(-1)!),
      pollIntervalMs: POLL_INTERVAL_MS,
      placedToPresentMedianMs: round2(percentile(fromPlacement, 50)),
    },
    ratio: { name: 'read cycle / wire time', value: round2(median / wire), target: '≤ 1.10' },
  };
}

export const benches: Bench[] = [
  {
    name: 'devices: ID card read over pty @115200 (paced)',
    run: ({ quick }) => measure(quick ? 4 : 40),
  },
];
