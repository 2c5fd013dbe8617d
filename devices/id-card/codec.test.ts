import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeFrame,
  encodeReadPayload,
  encodeRequest,
  encodeResponse,
  FrameDecoder,
  parseReadPayload,
  parseRequest,
  parseResponse,
  type DecodedItem,
} from './codec.js';
import { sw3Meaning } from './sw3.js';

const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 2_000);

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const frames = (items: DecodedItem[]): Uint8Array[] => items.flatMap((i) => (i.kind === 'frame' ? [i.body] : []));
const errors = (items: DecodedItem[]): string[] => items.flatMap((i) => (i.kind === 'error' ? [i.error.code] : []));

describe('SAM frame encoding', () => {
  it('encodes find card exactly as devices.md', () => {
    expect(hex(encodeRequest('findCard'))).toBe('aaaaaa9669000320012' + '2');
  });

  it('encodes every command with LEN = total − 7 and an XOR checksum', () => {
    expect(hex(encodeRequest('resetSam'))).toBe('aaaaaa966900031' + '0ff' + 'ec');
    expect(hex(encodeRequest('samStatus'))).toBe('aaaaaa96690003' + '11ff' + 'ed');
    expect(hex(encodeRequest('readText'))).toBe('aaaaaa96690003' + '3001' + '32');
    const frame = encodeRequest('readTextWithFingerprint');
    expect(frame.length - 7).toBe((frame[5]! << 8) | frame[6]!);
  });

  it('encodes a read reply with the documented 1295-byte size and header', () => {
    const data = encodeReadPayload({ text: new Uint8Array(256), photo: new Uint8Array(1024) }, false);
    const frame = encodeResponse(0x90, data);
    expect(frame.length).toBe(1295);
    expect(hex(frame.subarray(0, 14))).toBe('aaaaaa96690508000090' + '0100' + '0400');
  });

  it('round-trips requests and responses', () => {
    const decoder = new FrameDecoder();
    const [item] = decoder.push(encodeRequest('selectCard'));
    expect(item?.kind).toBe('frame');
    const request = parseRequest((item as { body: Uint8Array }).body);
    expect(request.ok && request.value.command).toBe('selectCard');

    const [reply] = decoder.push(encodeResponse(0x9f, new Uint8Array(4)));
    const response = parseResponse((reply as { body: Uint8Array }).body);
    expect(response.ok && response.value.status.code).toBe('card_found');
  });

  it('maps every documented SW3', () => {
    const expected: Record<number, string> = {
      0x90: 'success', 0x9f: 'card_found', 0x91: 'no_content', 0x10: 'checksum_error', 0x11: 'length_error',
      0x21: 'command_error', 0x23: 'unauthorised_operation', 0x24: 'unrecognised_error', 0x31: 'card_auth_failed',
      0x32: 'card_auth_failed', 0x33: 'verification_error', 0x40: 'unknown_card_type', 0x41: 'read_failed',
      0x47: 'random_number_failed', 0x60: 'sam_self_test_failed', 0x66: 'sam_unauthorised', 0x80: 'no_card', 0x81: 'select_failed',
    };
    for (const [sw3, code] of Object.entries(expected)) {
      const meaning = sw3Meaning(Number(sw3));
      expect(meaning.code).toBe(code);
      expect(meaning.message.zh.length).toBeGreaterThan(0);
      expect(meaning.message.en.length).toBeGreaterThan(0);
    }
    expect(sw3Meaning(0x55).code).toBe('unknown_status');
  });
});

describe('SAM frame decoding of bad input', () => {
  it('rejects a bad checksum as a typed error and keeps going', () => {
    const bad = encodeRequest('findCard');
    bad[bad.length - 1]! ^= 0xff;
    const items = new FrameDecoder().push(Uint8Array.from([...bad, ...encodeRequest('selectCard')]));
    expect(errors(items)).toContain('bad_checksum');
    expect(frames(items).map(hex)).toEqual(['2002']);
  });

  it('rejects a length outside the protocol range', () => {
    const items = new FrameDecoder().push(Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff, 1, 2, 3));
    expect(errors(items)).toContain('bad_length');
    const tiny = new FrameDecoder().push(Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x01, 0x00));
    expect(errors(tiny)).toContain('bad_length');
  });

  it('resynchronises on the preamble after noise, including a partial preamble', () => {
    const noise = Uint8Array.of(0x00, 0x13, 0xaa, 0xaa, 0x96, 0x69, 0xaa, 0xff);
    const items = new FrameDecoder().push(Uint8Array.from([...noise, ...encodeResponse(0x90)]));
    expect(errors(items)).toEqual(['noise']);
    expect(frames(items).map(hex)).toEqual(['000090']);
  });

  it('reassembles a frame split across many chunks', () => {
    const frame = encodeResponse(0x90, new Uint8Array(300).fill(7));
    const decoder = new FrameDecoder();
    const items: DecodedItem[] = [];
    for (let i = 0; i < frame.length; i += 3) items.push(...decoder.push(frame.subarray(i, i + 3)));
    expect(errors(items)).toEqual([]);
    expect(frames(items)).toHaveLength(1);
  });

  it('reports a truncated frame on flush', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(encodeResponse(0x90).subarray(0, 8))).toEqual([]);
    expect(errors(decoder.flush())).toEqual(['truncated']);
    expect(decoder.pendingBytes).toBe(0);
  });

  it('rejects short bodies and inconsistent read payloads', () => {
    expect(parseResponse(Uint8Array.of(0, 0)).ok).toBe(false);
    expect(parseRequest(Uint8Array.of(0x20)).ok).toBe(false);
    const payload = encodeReadPayload({ text: new Uint8Array(256), photo: new Uint8Array(1024) }, false);
    expect(parseReadPayload(payload, false).ok).toBe(true);
    expect(parseReadPayload(payload.subarray(0, 1000), false).ok).toBe(false);
    const wrongText = payload.slice();
    wrongText[1] = 0x10;
    expect(parseReadPayload(wrongText, false).ok).toBe(false);
    const withFp = encodeReadPayload({ text: new Uint8Array(256), photo: new Uint8Array(1024), fingerprint: new Uint8Array(1024) }, true);
    const parsed = parseReadPayload(withFp, true);
    expect(parsed.ok && parsed.value.fingerprint?.length).toBe(1024);
  });
});

describe('SAM frame decoding, property-based', () => {
  const chunked = (bytes: Uint8Array, cuts: number[]): Uint8Array[] => {
    const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
    const out: Uint8Array[] = [];
    let prev = 0;
    for (const p of [...points, bytes.length]) {
      out.push(bytes.subarray(prev, p));
      prev = p;
    }
    return out;
  };
  const decodeAll = (bytes: Uint8Array, cuts: number[]): DecodedItem[] => {
    const decoder = new FrameDecoder();
    const items = chunked(bytes, cuts).flatMap((c) => decoder.push(c));
    return [...items, ...decoder.flush()];
  };
  const isTyped = (item: DecodedItem): boolean =>
    item.kind === 'frame' || ['noise', 'bad_length', 'bad_checksum', 'truncated'].includes(item.error.code);

  it('never throws on arbitrary bytes, and yields only frames or typed errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
        const items = decodeAll(bytes, cuts);
        expect(items.every(isTyped)).toBe(true);
        for (const body of frames(items)) {
          // Whatever the decoder accepts really had a matching checksum.
          expect(hex(decodeAll(encodeFrame(body), []).flatMap((i) => (i.kind === 'frame' ? [i.body] : []))[0]!)).toBe(hex(body));
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('finds every valid frame after noise without a preamble, however it is chunked', () => {
    const noByteAA = fc.uint8Array({ maxLength: 40 }).map((b) => b.map((x) => (x === 0xaa ? 0x55 : x)));
    fc.assert(
      fc.property(noByteAA, fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: 0xff }), fc.array(fc.nat(), { maxLength: 8 }), (noise, data, sw3, cuts) => {
        const frame = encodeResponse(sw3, data);
        const items = decodeAll(Uint8Array.from([...noise, ...frame]), cuts);
        expect(frames(items).map(hex)).toEqual([hex(Uint8Array.from([0, 0, sw3, ...data]))]);
        expect(errors(items).every((e) => e === 'noise')).toBe(true);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('turns every corrupted frame into a typed error, never into a frame', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.array(fc.nat(), { maxLength: 6 }), (data, at, flip, cuts) => {
        const frame = encodeResponse(0x90, data);
        // Body or CHK: XOR catches every single-byte change there. (A corrupted LEN can, 1 time in 256,
        // frame a shorter run whose checksum happens to match; the next property covers LEN.)
        const index = 7 + (at % (frame.length - 7));
        frame[index]! ^= flip;
        const items = decodeAll(frame, cuts);
        expect(items.every(isTyped)).toBe(true);
        expect(frames(items)).toEqual([]);
        expect(errors(items).length).toBeGreaterThan(0);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('survives a corrupted length field with typed results only', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), fc.integer({ min: 1, max: 255 }), (data, high, flip) => {
        const frame = encodeResponse(0x90, data);
        frame[high ? 5 : 6]! ^= flip;
        const items = decodeAll(frame, []);
        expect(items.every(isTyped)).toBe(true);
        expect(items.length).toBeGreaterThan(0);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
