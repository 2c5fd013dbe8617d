// SAM frame codec for resident ID card readers (devices.md): `AA AA AA 96 69 | LEN_HI LEN_LO | body | CHK`.
// Pure: bytes in, typed messages out; no I/O, no timers. Both directions, so the simulator speaks
// exactly the bytes the driver expects.
import { err, ok, type Result } from '../../sync/protocol/result.js';
import { hex, sw3Meaning, type Sw3Meaning } from './sw3.js';

export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
/** Preamble + 2 length bytes. */
const HEADER_LENGTH = PREAMBLE.length + 2;
/** The smallest body is a request's CMD PARA; LEN also counts CHK. */
const MIN_LEN = 3;
/** The largest known frame is a read with a 1024-byte fingerprint (LEN 0x090A); anything far above is noise. */
export const MAX_LEN = 0x1000;

export const COMMANDS = {
  resetSam: [0x10, 0xff],
  samStatus: [0x11, 0xff],
  samId: [0x12, 0xff],
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readText: [0x30, 0x01],
  readTextWithFingerprint: [0x30, 0x10],
} as const satisfies Record<string, readonly [number, number]>;
export type CommandName = keyof typeof COMMANDS;

export type FrameErrorCode = 'noise' | 'bad_length' | 'bad_checksum' | 'truncated' | 'short_body' | 'bad_payload';

/** A malformed input as a value. `detail` holds sizes and byte values of framing only, never payload. */
export interface FrameError {
  readonly code: FrameErrorCode;
  readonly detail: string;
}

export function xorChecksum(bytes: Uint8Array, from: number, to: number): number {
  let chk = 0;
  for (let i = from; i < to; i++) chk ^= bytes[i]!;
  return chk;
}

/** Wraps a body (request CMD PARA [data] or response SW1 SW2 SW3 [data]) in a complete frame. */
export function encodeFrame(body: Uint8Array): Uint8Array {
  const len = body.length + 1;
  if (len > 0xffff) throw new RangeError(`frame body too long: ${body.length}`);
  const frame = new Uint8Array(HEADER_LENGTH + len);
  frame.set(PREAMBLE, 0);
  frame[5] = len >> 8;
  frame[6] = len & 0xff;
  frame.set(body, HEADER_LENGTH);
  frame[frame.length - 1] = xorChecksum(frame, 5, frame.length - 1);
  return frame;
}

export function encodeRequest(command: CommandName, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const [cmd, para] = COMMANDS[command];
  const body = new Uint8Array(2 + data.length);
  body[0] = cmd;
  body[1] = para;
  body.set(data, 2);
  return encodeFrame(body);
}

export function encodeResponse(sw3: number, data: Uint8Array = new Uint8Array(0), sw1 = 0x00, sw2 = 0x00): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body[0] = sw1;
  body[1] = sw2;
  body[2] = sw3;
  body.set(data, 3);
  return encodeFrame(body);
}

export type DecodedItem = { readonly kind: 'frame'; readonly body: Uint8Array } | { readonly kind: 'error'; readonly error: FrameError };

/**
 * Streaming decoder: feed it chunks as they arrive; it yields complete frames' bodies and typed errors.
 * It resynchronises on the preamble after noise, a bad length or a bad checksum. After a bad frame it
 * restarts the search one byte past the rejected preamble, so a good frame hiding inside a corrupted
 * one is not lost.
 */
export class FrameDecoder {
  private buffer = new Uint8Array(0);

  push(chunk: Uint8Array): DecodedItem[] {
    if (chunk.length > 0) {
      const next = new Uint8Array(this.buffer.length + chunk.length);
      next.set(this.buffer, 0);
      next.set(chunk, this.buffer.length);
      this.buffer = next;
    }
    const items: DecodedItem[] = [];
    for (;;) {
      const start = findPreamble(this.buffer);
      if (start < 0) {
        // Keep a tail that may be the start of a preamble split across chunks.
        const keep = partialPreambleTail(this.buffer);
        const dropped = this.buffer.length - keep;
        if (dropped > 0) items.push(noise(dropped));
        this.buffer = this.buffer.slice(this.buffer.length - keep);
        return items;
      }
      if (start > 0) {
        items.push(noise(start));
        this.buffer = this.buffer.slice(start);
      }
      if (this.buffer.length < HEADER_LENGTH) return items;
      const len = (this.buffer[5]! << 8) | this.buffer[6]!;
      if (len < MIN_LEN || len > MAX_LEN) {
        items.push({ kind: 'error', error: { code: 'bad_length', detail: `LEN ${len} outside ${MIN_LEN}..${MAX_LEN}` } });
        this.buffer = this.buffer.slice(1);
        continue;
      }
      const total = HEADER_LENGTH + len;
      if (this.buffer.length < total) return items;
      const expected = xorChecksum(this.buffer, 5, total - 1);
      const actual = this.buffer[total - 1]!;
      if (expected !== actual) {
        items.push({
          kind: 'error',
          error: { code: 'bad_checksum', detail: `LEN ${len}: CHK ${hex(actual)}, expected ${hex(expected)}` },
        });
        this.buffer = this.buffer.slice(1);
        continue;
      }
      items.push({ kind: 'frame', body: this.buffer.slice(HEADER_LENGTH, total - 1) });
      this.buffer = this.buffer.slice(total);
    }
  }

  /** Ends the stream (e.g. on a reply timeout): whatever is pending becomes a typed error. */
  flush(): DecodedItem[] {
    const pending = this.buffer.length;
    const inFrame = pending >= PREAMBLE.length && startsWithPreamble(this.buffer, 0);
    this.buffer = new Uint8Array(0);
    if (pending === 0) return [];
    if (inFrame) return [{ kind: 'error', error: { code: 'truncated', detail: `${pending} bytes of an unfinished frame` } }];
    // Fewer bytes than a preamble: a preamble's first bytes and then silence.
    return [{ kind: 'error', error: { code: 'truncated', detail: `${pending} byte(s) of a preamble, then nothing` } }];
  }

  /** Drops buffered bytes, e.g. before a new command after a timeout. */
  reset(): void {
    this.buffer = new Uint8Array(0);
  }

  get pendingBytes(): number {
    return this.buffer.length;
  }
}

function noise(count: number): DecodedItem {
  return { kind: 'error', error: { code: 'noise', detail: `${count} byte(s) before a preamble skipped` } };
}

function startsWithPreamble(bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < PREAMBLE.length; i++) if (bytes[at + i] !== PREAMBLE[i]) return false;
  return true;
}

function findPreamble(bytes: Uint8Array): number {
  for (let i = 0; i + PREAMBLE.length <= bytes.length; i++) if (startsWithPreamble(bytes, i)) return i;
  return -1;
}

/** Length of the longest buffer suffix that is a proper prefix of the preamble. */
function partialPreambleTail(bytes: Uint8Array): number {
  for (let keep = Math.min(PREAMBLE.length - 1, bytes.length); keep > 0; keep--) {
    let match = true;
    for (let i = 0; i < keep; i++) {
      if (bytes[bytes.length - keep + i] !== PREAMBLE[i]) {
        match = false;
        break;
      }
    }
    if (match) return keep;
  }
  return 0;
}

export interface SamResponse {
  readonly sw1: number;
  readonly sw2: number;
  readonly status: Sw3Meaning;
  readonly data: Uint8Array;
}

export function parseResponse(body: Uint8Array): Result<SamResponse, FrameError> {
  if (body.length < 3) return err({ code: 'short_body', detail: `response body of ${body.length} byte(s), need SW1 SW2 SW3` });
  return ok({ sw1: body[0]!, sw2: body[1]!, status: sw3Meaning(body[2]!), data: body.slice(3) });
}

export interface SamRequest {
  readonly cmd: number;
  readonly para: number;
  /** The named command, or undefined for one this codec does not know. */
  readonly command: CommandName | undefined;
  readonly data: Uint8Array;
}

export function parseRequest(body: Uint8Array): Result<SamRequest, FrameError> {
  if (body.length < 2) return err({ code: 'short_body', detail: `request body of ${body.length} byte(s), need CMD PARA` });
  const cmd = body[0]!;
  const para = body[1]!;
  const command = (Object.keys(COMMANDS) as CommandName[]).find((name) => COMMANDS[name][0] === cmd && COMMANDS[name][1] === para);
  return ok({ cmd, para, command, data: body.slice(2) });
}

export const TEXT_LENGTH = 256;
export const PHOTO_LENGTH = 1024;

export interface ReadPayload {
  readonly text: Uint8Array;
  readonly photo: Uint8Array;
  readonly fingerprint?: Uint8Array;
}

/**
 * Splits the data of a successful read: text length, photo length, [fingerprint length], then the
 * blocks in that order. Lengths are checked against the data actually present.
 */
export function parseReadPayload(data: Uint8Array, withFingerprint: boolean): Result<ReadPayload, FrameError> {
  const lengthsSize = withFingerprint ? 6 : 4;
  if (data.length < lengthsSize) return err({ code: 'bad_payload', detail: `read data of ${data.length} byte(s) has no length fields` });
  const textLength = (data[0]! << 8) | data[1]!;
  const photoLength = (data[2]! << 8) | data[3]!;
  const fingerprintLength = withFingerprint ? (data[4]! << 8) | data[5]! : 0;
  if (textLength !== TEXT_LENGTH) return err({ code: 'bad_payload', detail: `text length ${textLength}, expected ${TEXT_LENGTH}` });
  if (photoLength !== PHOTO_LENGTH) return err({ code: 'bad_payload', detail: `photo length ${photoLength}, expected ${PHOTO_LENGTH}` });
  if (![0, 0x200, 0x400].includes(fingerprintLength)) {
    return err({ code: 'bad_payload', detail: `fingerprint length ${fingerprintLength} is not 0, 512 or 1024` });
  }
  const expected = lengthsSize + textLength + photoLength + fingerprintLength;
  if (data.length !== expected) return err({ code: 'bad_payload', detail: `read data of ${data.length} byte(s), lengths announce ${expected}` });
  let at = lengthsSize;
  const text = data.slice(at, (at += textLength));
  const photo = data.slice(at, (at += photoLength));
  if (!withFingerprint) return ok({ text, photo });
  const fingerprint = data.slice(at, at + fingerprintLength);
  return ok(fingerprintLength > 0 ? { text, photo, fingerprint } : { text, photo });
}

/** The data part of a read reply, for the simulator: lengths then blocks. */
export function encodeReadPayload(payload: ReadPayload, withFingerprint: boolean): Uint8Array {
  const fingerprint = withFingerprint ? (payload.fingerprint ?? new Uint8Array(0)) : new Uint8Array(0);
  const lengthsSize = withFingerprint ? 6 : 4;
  const out = new Uint8Array(lengthsSize + payload.text.length + payload.photo.length + fingerprint.length);
  out[0] = payload.text.length >> 8;
  out[1] = payload.text.length & 0xff;
  out[2] = payload.photo.length >> 8;
  out[3] = payload.photo.length & 0xff;
  if (withFingerprint) {
    out[4] = fingerprint.length >> 8;
    out[5] = fingerprint.length & 0xff;
  }
  out.set(payload.text, lengthsSize);
  out.set(payload.photo, lengthsSize + payload.text.length);
  out.set(fingerprint, lengthsSize + payload.text.length + payload.photo.length);
  return out;
}
