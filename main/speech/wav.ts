// The few facts about a PCM WAV the speech service needs. espeak-ng --stdout streams, so it writes
// 0x7ffff000-ish placeholders for the RIFF and data sizes; patchStreamedWav puts the real sizes in.

export interface WavInfo {
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitsPerSample: number;
  /** Bytes of sample data after the header. */
  readonly dataBytes: number;
  readonly durationMs: number;
}

const HEADER_BYTES = 44;

/** Reads the canonical 44-byte header (the only one espeak-ng writes); null when it is not one. */
export function readWavInfo(wav: Uint8Array): WavInfo | null {
  if (wav.length < HEADER_BYTES) return null;
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const tag = (at: number) => String.fromCharCode(wav[at]!, wav[at + 1]!, wav[at + 2]!, wav[at + 3]!);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE' || tag(12) !== 'fmt ' || tag(36) !== 'data') return null;
  if (view.getUint16(20, true) !== 1) return null; // PCM only
  const channels = view.getUint16(22, true);
  const sampleRate = view.getUint32(24, true);
  const bitsPerSample = view.getUint16(34, true);
  const byteRate = view.getUint32(28, true);
  if (channels === 0 || sampleRate === 0 || byteRate === 0) return null;
  const dataBytes = wav.length - HEADER_BYTES;
  return { sampleRate, channels, bitsPerSample, dataBytes, durationMs: Math.round((dataBytes / byteRate) * 1000) };
}

/** Writes the true RIFF and data chunk sizes into a streamed WAV, in place. */
export function patchStreamedWav(wav: Uint8Array): Uint8Array {
  if (wav.length < HEADER_BYTES) return wav;
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  view.setUint32(4, wav.length - 8, true);
  view.setUint32(40, wav.length - HEADER_BYTES, true);
  return wav;
}
