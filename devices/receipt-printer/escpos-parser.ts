// ESC/POS byte stream → what a printer would do with it. Pure and streaming: feed chunks, get events;
// a command split across chunks waits for its remaining bytes. The simulator renders receipts from
// these events, and tests use `renderEscPos` to check what the encoder produced.
import iconv from 'iconv-lite';
import { DLE, ESC, FS, GS, LF } from './commands.js';

export type EscPosEvent =
  | { readonly kind: 'init' }
  | { readonly kind: 'line'; readonly text: string }
  | { readonly kind: 'qr'; readonly payload: string }
  | { readonly kind: 'cut'; readonly partial: boolean }
  | { readonly kind: 'realtime-status'; readonly n: number }
  | { readonly kind: 'realtime-recover'; readonly n: number }
  | { readonly kind: 'transmit-status'; readonly n: number }
  | { readonly kind: 'unknown'; readonly bytes: string };

/** ESC x commands with one parameter byte (a, E, d, !, -, 3, J, M, t, R, G, V, {, r, SP, c...). */
const ESC_ONE_PARAM = new Set([0x61, 0x45, 0x64, 0x21, 0x2d, 0x33, 0x4a, 0x4d, 0x74, 0x52, 0x47, 0x56, 0x7b, 0x72, 0x20, 0x55, 0x65]);
const ESC_NO_PARAM = new Set([0x40, 0x32, 0x3c]);
const FS_ONE_PARAM = new Set([0x21, 0x2d, 0x57, 0x43, 0x53]);
const GS_ONE_PARAM = new Set([0x21, 0x42, 0x48, 0x66, 0x68, 0x77, 0x72, 0x61, 0x49]);

type Step = { readonly consumed: number; readonly events: EscPosEvent[] } | 'need-more';

export class EscPosParser {
  private buffer = new Uint8Array(0);
  private text: number[] = [];
  private chineseMode = false;
  private qrData: Uint8Array | null = null;

  push(chunk: Uint8Array): EscPosEvent[] {
    const next = new Uint8Array(this.buffer.length + chunk.length);
    next.set(this.buffer, 0);
    next.set(chunk, this.buffer.length);
    this.buffer = next;
    const events: EscPosEvent[] = [];
    let at = 0;
    while (at < this.buffer.length) {
      const step = this.step(this.buffer, at);
      if (step === 'need-more') break;
      events.push(...step.events);
      at += step.consumed;
    }
    this.buffer = this.buffer.slice(at);
    return events;
  }

  /** Bytes held because a command is not complete yet. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  private flushLine(): EscPosEvent[] {
    const raw = Uint8Array.from(this.text);
    this.text = [];
    // Outside Chinese mode the printer uses a single-byte code page; latin1 shows such bytes as they are.
    const text = this.chineseMode ? iconv.decode(Buffer.from(raw), 'gb18030') : Buffer.from(raw).toString('latin1');
    return [{ kind: 'line', text: text.trimEnd() }];
  }

  private step(b: Uint8Array, at: number): Step {
    const byte = b[at]!;
    const need = (n: number): boolean => at + n > b.length;
    switch (byte) {
      case LF:
        return { consumed: 1, events: this.flushLine() };
      case 0x0d:
        return { consumed: 1, events: [] };
      case 0x09:
        this.text.push(0x20);
        return { consumed: 1, events: [] };
      case ESC: {
        if (need(2)) return 'need-more';
        const cmd = b[at + 1]!;
        if (ESC_NO_PARAM.has(cmd)) {
          if (cmd === 0x40) {
            this.chineseMode = false;
            return { consumed: 2, events: [{ kind: 'init' }] };
          }
          return { consumed: 2, events: [] };
        }
        if (ESC_ONE_PARAM.has(cmd)) {
          if (need(3)) return 'need-more';
          if (cmd === 0x64) {
            // ESC d n: print the line buffer and feed n lines.
            const n = b[at + 2]!;
            const events = this.text.length > 0 ? this.flushLine() : [];
            for (let i = 0; i < n; i++) events.push({ kind: 'line', text: '' });
            return { consumed: 3, events };
          }
          return { consumed: 3, events: [] };
        }
        return { consumed: 2, events: [unknown(b, at, 2)] };
      }
      case FS: {
        if (need(2)) return 'need-more';
        const cmd = b[at + 1]!;
        if (cmd === 0x26) {
          this.chineseMode = true;
          return { consumed: 2, events: [] };
        }
        if (cmd === 0x2e) {
          this.chineseMode = false;
          return { consumed: 2, events: [] };
        }
        if (FS_ONE_PARAM.has(cmd)) return need(3) ? 'need-more' : { consumed: 3, events: [] };
        return { consumed: 2, events: [unknown(b, at, 2)] };
      }
      case GS: {
        if (need(2)) return 'need-more';
        const cmd = b[at + 1]!;
        if (cmd === 0x56) {
          // GS V m (m = 0, 1, 48, 49) or GS V m n (m = 65, 66: feed n then cut).
          if (need(3)) return 'need-more';
          const m = b[at + 2]!;
          const length = m === 65 || m === 66 ? 4 : 3;
          if (need(length)) return 'need-more';
          const events = this.text.length > 0 ? this.flushLine() : [];
          events.push({ kind: 'cut', partial: m === 1 || m === 49 || m === 66 });
          return { consumed: length, events };
        }
        if (cmd === 0x28) {
          // GS ( fn pL pH ...: pL pH count the bytes after themselves.
          if (need(5)) return 'need-more';
          const p = b[at + 3]! | (b[at + 4]! << 8);
          if (need(5 + p)) return 'need-more';
          return { consumed: 5 + p, events: b[at + 2] === 0x6b ? this.qr(b.subarray(at + 5, at + 5 + p)) : [] };
        }
        if (cmd === 0x72) {
          if (need(3)) return 'need-more';
          return { consumed: 3, events: [{ kind: 'transmit-status', n: b[at + 2]! }] };
        }
        if (cmd === 0x4c || cmd === 0x57) return need(4) ? 'need-more' : { consumed: 4, events: [] };
        if (cmd === 0x76) {
          // GS v 0 m xL xH yL yH d...: raster image, skipped.
          if (need(8)) return 'need-more';
          const size = (b[at + 4]! | (b[at + 5]! << 8)) * (b[at + 6]! | (b[at + 7]! << 8));
          return need(8 + size) ? 'need-more' : { consumed: 8 + size, events: [] };
        }
        if (GS_ONE_PARAM.has(cmd)) return need(3) ? 'need-more' : { consumed: 3, events: [] };
        return { consumed: 2, events: [unknown(b, at, 2)] };
      }
      case DLE: {
        if (need(2)) return 'need-more';
        const cmd = b[at + 1]!;
        if (cmd === 0x04 || cmd === 0x05) {
          if (need(3)) return 'need-more';
          const n = b[at + 2]!;
          return { consumed: 3, events: [cmd === 0x04 ? { kind: 'realtime-status', n } : { kind: 'realtime-recover', n }] };
        }
        if (cmd === 0x14) return need(5) ? 'need-more' : { consumed: 5, events: [] };
        return { consumed: 1, events: [unknown(b, at, 1)] };
      }
      default:
        if (byte >= 0x20) this.text.push(byte);
        return { consumed: 1, events: [] };
    }
  }

  /** GS ( k, cn = 0x31 (QR): store (fn 0x50) keeps the data, print (fn 0x51) prints it. */
  private qr(params: Uint8Array): EscPosEvent[] {
    if (params[0] !== 0x31) return [];
    const fn = params[1];
    if (fn === 0x50 && params[2] === 0x30) {
      this.qrData = params.slice(3);
      return [];
    }
    if (fn === 0x51 && params[2] === 0x30 && this.qrData) {
      const payload = new TextDecoder().decode(this.qrData);
      return [{ kind: 'qr', payload }];
    }
    return [];
  }
}

function unknown(b: Uint8Array, at: number, length: number): EscPosEvent {
  return { kind: 'unknown', bytes: Buffer.from(b.subarray(at, at + length)).toString('hex') };
}

export interface RenderedReceipt {
  readonly text: string;
  readonly cut: boolean;
  readonly qrPayloads: string[];
}

/** Folds parser events into receipts: each cut ends one; what follows the last cut is unfinished. */
export class ReceiptRenderer {
  private readonly done: RenderedReceipt[] = [];
  private lines: string[] = [];
  private qrs: string[] = [];

  apply(events: readonly EscPosEvent[]): void {
    for (const e of events) {
      if (e.kind === 'line') this.lines.push(e.text);
      else if (e.kind === 'qr') this.qrs.push(e.payload);
      else if (e.kind === 'cut') {
        this.done.push(this.current(true));
        this.lines = [];
        this.qrs = [];
      }
    }
  }

  /** The printer's buffer was cleared mid-receipt: what was printed is torn off as an uncut receipt. */
  tearOff(): void {
    if (this.lines.length === 0 && this.qrs.length === 0) return;
    this.done.push(this.current(false));
    this.lines = [];
    this.qrs = [];
  }

  private current(cut: boolean): RenderedReceipt {
    const lines = [...this.lines];
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    return { text: lines.join('\n'), cut, qrPayloads: [...this.qrs] };
  }

  /** Finished receipts, then the one being printed (cut: false) if anything is on it. */
  receipts(): readonly RenderedReceipt[] {
    const partial = this.lines.length > 0 || this.qrs.length > 0 ? [this.current(false)] : [];
    return [...this.done, ...partial];
  }
}

export function renderEscPos(bytes: Uint8Array): readonly RenderedReceipt[] {
  const parser = new EscPosParser();
  const renderer = new ReceiptRenderer();
  renderer.apply(parser.push(bytes));
  return renderer.receipts();
}
