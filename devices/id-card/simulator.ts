// A SAM ID card reader that speaks the real bytes over a serial port path (the far end of a pty pair),
// so the real driver runs unchanged in development, in the host's "simulated" mode and in tests.
// It models what matters to a driver: a read halts the card, so "find" no longer answers for it
// while "select" still does until the card is taken away.
import type { ByteLink } from '../core/byte-link.js';
import { sleepUntil, wireTimeMs, writePaced } from '../core/paced-writer.js';
import { openSerial } from '../core/serial-transport.js';
import { encodeReadPayload, encodeResponse, FrameDecoder, parseRequest, TEXT_LENGTH } from './codec.js';
import { syntheticFingerprint, syntheticPhoto, type SyntheticIdentity } from './synthetic-identities.js';
import { encodeTextBlock } from './text-block-encoder.js';

export interface IdCardSimulator {
  placeCard(identity: SyntheticIdentity): void;
  removeCard(): void;
  /** The next read answers SW3 41 (read failed); the card stays and can be read on the next try. */
  failNextRead(): void;
  /** Bytes sent ahead of the next reply frame (default: garbage including a partial preamble). */
  sendNoise(bytes?: Uint8Array): void;
  /**
   * Answers as a reader at another baud rate is heard: each reply comes as a tenth as many bytes, none of
   * them a preamble byte (a stand-in for what a UART at the wrong rate samples — a pty carries any rate).
   */
  setWrongBaud(on: boolean): void;
  /** The next reply goes out with a wrong checksum. */
  corruptNextReply(): void;
  /** Only the first half of the next reply goes out (a cable pulled mid-frame). */
  truncateNextReply(): void;
  /** Stops answering without closing the port: the reader hangs (a driver must time out). */
  setSilent(silent: boolean): void;
  /**
   * Unplugs the reader: closes the simulator's port and, when the simulator was given the pty pair it
   * sits on, the pair too, so the driver's port disappears as a USB reader's does.
   */
  unplug(): Promise<void>;
  /** How many frames of each command the simulator has answered (for tests: "not re-read while it stays"). */
  commandCounts(): Readonly<Record<string, number>>;
  close(): Promise<void>;
}

export interface IdCardSimulatorOptions {
  readonly path: string;
  readonly baudRate?: number;
  /** Delay before a read's reply, as a real card read takes time over the air. */
  readonly readDelayMs?: number;
  /** SAM status SW3 to answer (0x90 by default; 0x60 simulates a failed self-test). */
  readonly samStatus?: number;
  /** The pty pair (or anything closable) to close on unplug(). */
  readonly pair?: { close(): Promise<void> };
  /**
   * Behave like a real line at the baud rate (benchmarks): a request is answered only after its own
   * wire time has passed, and replies leave no faster than the UART could send them. Off by default.
   */
  readonly paceAtBaudRate?: boolean;
  /** Called with each request's command name when its frame has arrived (benchmarks time the cycle from it). */
  readonly onRequest?: (command: string, atMs: number) => void;
}

/** Looks like what a reader emits at power-up: stray bytes and a preamble that goes nowhere. */
const DEFAULT_NOISE = Uint8Array.of(0x00, 0xff, 0xaa, 0xaa, 0x96, 0x69, 0x13, 0xaa, 0xaa, 0xaa, 0x96, 0x00);

const SAM_ID = Uint8Array.from({ length: 16 }, (_, i) => i * 17);

interface PlacedCard {
  readonly identity: SyntheticIdentity;
  /** Halted after a successful read: "find" stops answering for it. */
  halted: boolean;
}

export async function startIdCardSimulator(opts: IdCardSimulatorOptions): Promise<IdCardSimulator> {
  const opened = await openSerial({ path: opts.path, baudRate: opts.baudRate ?? 115200 });
  if (!opened.ok) throw new Error(`ID card simulator cannot open ${opts.path}: ${opened.error.code} (${opened.error.detail})`);
  return new SamSimulator(opened.value, opts);
}

class SamSimulator implements IdCardSimulator {
  private readonly decoder = new FrameDecoder();
  private card: PlacedCard | null = null;
  private failRead = false;
  private noise: Uint8Array | null = null;
  private silent = false;
  private wrongBaud = false;
  private corrupt = false;
  private truncate = false;
  private closed = false;
  private readonly counts: Record<string, number> = {};

  constructor(
    private readonly link: ByteLink,
    private readonly opts: IdCardSimulatorOptions,
  ) {
    link.onData((chunk) => {
      for (const item of this.decoder.push(chunk)) {
        if (item.kind === 'frame') void this.answer(item.body);
        else if (item.error.code === 'bad_checksum') void this.send(encodeResponse(0x10));
        else if (item.error.code === 'bad_length') void this.send(encodeResponse(0x11));
      }
    });
  }

  placeCard(identity: SyntheticIdentity): void {
    this.card = { identity, halted: false };
  }

  removeCard(): void {
    this.card = null;
  }

  failNextRead(): void {
    this.failRead = true;
  }

  setWrongBaud(on: boolean): void {
    this.wrongBaud = on;
  }

  sendNoise(bytes: Uint8Array = DEFAULT_NOISE): void {
    this.noise = bytes;
  }

  setSilent(silent: boolean): void {
    this.silent = silent;
  }

  corruptNextReply(): void {
    this.corrupt = true;
  }

  truncateNextReply(): void {
    this.truncate = true;
  }

  commandCounts(): Readonly<Record<string, number>> {
    return { ...this.counts };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.link.close();
  }

  async unplug(): Promise<void> {
    await this.close();
    await this.opts.pair?.close();
  }

  private async answer(body: Uint8Array): Promise<void> {
    const arrived = performance.now();
    if (this.silent) return;
    const request = parseRequest(body);
    if (!request.ok) return this.send(encodeResponse(0x11));
    const name = request.value.command ?? 'unknown';
    this.counts[name] = (this.counts[name] ?? 0) + 1;
    this.opts.onRequest?.(name, arrived);
    // The pty delivered the request at once; a real line would still be carrying it (preamble, length,
    // body and checksum: body + 8 bytes).
    if (this.opts.paceAtBaudRate) await sleepUntil(arrived + wireTimeMs(body.length + 8, this.baudRate()));
    switch (request.value.command) {
      case 'resetSam':
        return this.send(encodeResponse(0x90));
      case 'samStatus':
        return this.send(encodeResponse(this.opts.samStatus ?? 0x90));
      case 'samId':
        return this.send(encodeResponse(0x90, SAM_ID));
      case 'findCard':
        return this.send(this.card && !this.card.halted ? encodeResponse(0x9f, new Uint8Array(4)) : encodeResponse(0x80));
      case 'selectCard':
        return this.send(this.card ? encodeResponse(0x90, new Uint8Array(8)) : encodeResponse(0x81));
      case 'readText':
      case 'readTextWithFingerprint':
        return this.read(request.value.command === 'readTextWithFingerprint');
      default:
        return this.send(encodeResponse(0x21));
    }
  }

  private async read(withFingerprint: boolean): Promise<void> {
    const card = this.card;
    if (this.opts.readDelayMs) await new Promise((r) => setTimeout(r, this.opts.readDelayMs));
    if (!card || this.card !== card) return this.send(encodeResponse(0x41));
    if (this.failRead) {
      this.failRead = false;
      return this.send(encodeResponse(0x41));
    }
    const text = encodeTextBlock(card.identity);
    if (text.length !== TEXT_LENGTH) return this.send(encodeResponse(0x41));
    card.halted = true;
    const data = encodeReadPayload(
      { text, photo: syntheticPhoto(card.identity), ...(withFingerprint ? { fingerprint: syntheticFingerprint(card.identity) } : {}) },
      withFingerprint,
    );
    return this.send(encodeResponse(0x90, data));
  }

  private async send(frame: Uint8Array): Promise<void> {
    if (this.closed) return;
    const noise = this.noise;
    this.noise = null;
    let reply = frame;
    if (this.corrupt) {
      this.corrupt = false;
      reply = frame.slice();
      reply[reply.length - 1]! ^= 0x5a;
    }
    if (this.truncate) {
      this.truncate = false;
      reply = frame.slice(0, Math.ceil(frame.length / 2));
    }
    if (this.wrongBaud) reply = Uint8Array.from({ length: Math.ceil(reply.length / 10) }, (_, i) => 0x80 | (reply[i * 10]! & 0x0f));
    const bytes = noise ? Uint8Array.from([...noise, ...reply]) : reply;
    if (this.opts.paceAtBaudRate) await writePaced((c) => this.link.write(c), bytes, this.baudRate());
    else await this.link.write(bytes);
  }

  private baudRate(): number {
    return this.opts.baudRate ?? 115200;
  }
}
