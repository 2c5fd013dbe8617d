// USB-CDC / RS-232 scanners send one scan per line. Pure: bytes in, lines out; the driver owns the
// inter-byte timeout that discards a partial line.
//
// Suffix handling is forgiving in one way only: a scanner set to CRLF while we expect CR (or LF) still
// works — the stray LF at the start of the next line (or the CR before the LF) is dropped, not taken for
// a control character in the payload. Empty lines are skipped.

export type ScanSuffix = 'CR' | 'LF' | 'CRLF' | { readonly byte: number };

export type FramerOutput =
  | { readonly kind: 'line'; readonly bytes: Uint8Array }
  /** A line longer than the limit: refused whole, never truncated (a truncated code could mean something else). */
  | { readonly kind: 'overflow'; readonly size: number };

const CR = 0x0d;
const LF = 0x0a;

export function terminatorOf(suffix: ScanSuffix): number {
  if (suffix === 'CR') return CR;
  if (suffix === 'LF' || suffix === 'CRLF') return LF;
  return suffix.byte & 0xff;
}

export class LineFramer {
  private readonly terminator: number;
  private readonly buf: Uint8Array;
  private length = 0;
  /** Bytes seen since the limit was passed; the line is refused at its terminator. */
  private overflowed = 0;
  private skipLeadingLf = false;

  /** maxLineBytes bounds memory: the framer never holds more. */
  constructor(suffix: ScanSuffix, maxLineBytes: number) {
    this.terminator = terminatorOf(suffix);
    this.buf = new Uint8Array(maxLineBytes);
  }

  get pending(): boolean {
    return this.length > 0 || this.overflowed > 0;
  }

  /** Drops a partial line; returns how many bytes were dropped (for the log, never the bytes). */
  discardPartial(): number {
    const dropped = this.length + this.overflowed;
    this.length = 0;
    this.overflowed = 0;
    return dropped;
  }

  push(chunk: Uint8Array): FramerOutput[] {
    const out: FramerOutput[] = [];
    for (const byte of chunk) {
      if (this.skipLeadingLf) {
        this.skipLeadingLf = false;
        if (byte === LF && this.length === 0 && this.overflowed === 0) continue;
      }
      if (byte === this.terminator) {
        this.endLine(out);
        continue;
      }
      if (this.overflowed > 0 || this.length === this.buf.length) this.overflowed++;
      else this.buf[this.length++] = byte;
    }
    return out;
  }

  private endLine(out: FramerOutput[]): void {
    if (this.terminator === CR) this.skipLeadingLf = true;
    if (this.overflowed > 0) {
      out.push({ kind: 'overflow', size: this.length + this.overflowed });
      this.discardPartial();
      return;
    }
    let end = this.length;
    if (this.terminator === LF && end > 0 && this.buf[end - 1] === CR) end--;
    this.length = 0;
    if (end > 0) out.push({ kind: 'line', bytes: this.buf.slice(0, end) });
  }
}
