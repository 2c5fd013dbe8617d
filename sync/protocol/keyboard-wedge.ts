// Keyboard-wedge scanners "type" the code as keystrokes. This detector, fed every keydown, tells a scan
// (a fast, even burst of characters ending in the suffix key, usually Enter) from a person typing.
//
// Pure and self-contained — no imports at all. It lives in sync/protocol, the pure leaf every part may import,
// because the renderer runs it (renderer/src/scan/wedge-listener.ts) and the renderer may not import devices/;
// devices/qr-scanner re-exports it beside the other two ways in.
//
// The rule, in order of priority: a person typing is never taken for a scan. A burst counts as a scan only
// if EVERY gap between its keys (suffix included) is ≤ maxInterKeyMs and it has ≥ minLength characters.
// People, even fast typists, do not produce a long run of sub-30 ms gaps (typical gaps are 80–200 ms; the
// odd rollover pair is fast, a run of them is not); scanners send keys every 1–15 ms. Held-down keys
// (autorepeat) are typing, whatever their rate. If the renderer also reports key releases (keyUp), a
// burst in which a character key goes down while another is still held is typing too: scanners press and
// release one key at a time, while rollover and a palm on the keyboard overlap. A slow scanner set to, say, 40 ms per key is missed
// (its keys come out as typing) until maxInterKeyMs is raised for it: a missed scan can be re-done,
// a mistaken one cannot.
//
// Keys that might be part of a scan are held back until the burst ends, then released as 'typing' in
// order, so every key comes out exactly once: in a scan, in typing, or in a refusal. Call tick() after
// maxInterKeyMs of quiet so held keys reach the input without waiting for the next key.
// IME composition (pinyin input) arrives as key 'Process', a named key: it ends any burst and passes through.
// Feed KeyboardEvent.timeStamp, not the time the handler ran: a busy renderer delivers events late and
// in clumps, but their timestamps are taken when the key arrived.

export interface WedgeOptions {
  /** Longest gap between two keys of one scan. Default 30 ms. */
  readonly maxInterKeyMs?: number;
  /** Fewest characters a scan has (suffix not counted). Default 6. */
  readonly minLength?: number;
  /** Longest scan in characters; longer bursts are refused. Default 4096. */
  readonly maxLength?: number;
  /** KeyboardEvent.key of the suffix. Default 'Enter'. */
  readonly suffixKey?: string;
  /** Default true: a leading `]xx` is the AIM symbology id. */
  readonly aimPrefix?: boolean;
}

export interface KeyInput {
  /** KeyboardEvent.repeat: a held-down key. */
  readonly repeat?: boolean;
  /** KeyboardEvent.code; with keyUp(code), lets overlapping presses mark a burst as typing. */
  readonly code?: string;
}

export type WedgeRefusal = 'scan_too_large' | 'scan_control_chars';

export type WedgeOutput =
  | { readonly kind: 'scan'; readonly symbology: string; readonly text: string }
  /** Keys a person typed, held back while they might have been a scan; deliver them to the focused field in order. */
  | { readonly kind: 'typing'; readonly keys: readonly string[] }
  /** A scan burst that is not acceptable; its keys are swallowed (never typed into a field). */
  | { readonly kind: 'refused'; readonly code: WedgeRefusal; readonly message: { readonly zh: string; readonly en: string }; readonly length: number };

const STALE_PRESS_MS = 1_000;

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn']);

const REFUSALS: Record<WedgeRefusal, { zh: string; en: string }> = {
  scan_too_large: { zh: '二维码内容过长，无法处理，请重新扫描，或咨询工作人员', en: 'The code holds too much data to accept. Please scan again or ask a member of staff' },
  scan_control_chars: { zh: '二维码含有不允许的字符，请重新扫描，或咨询工作人员', en: 'The code contains characters that are not allowed. Please scan again or ask a member of staff' },
};

/** Same set as scan.ts: C0, DEL, C1, bidi embedding/override/isolate controls. */
function isForbidden(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/** A key that produces one character (named keys such as 'Tab' or 'ArrowLeft' are longer). */
function isCharacter(key: string): boolean {
  const chars = [...key];
  return chars.length === 1;
}

export class KeyboardWedgeDetector {
  private readonly maxGap: number;
  private readonly minLength: number;
  private readonly maxLength: number;
  private readonly suffixKey: string;
  private readonly aimPrefix: boolean;
  private held: string[] = [];
  /** Characters of the current burst beyond maxLength (not held). */
  private overflow = 0;
  private lastAt = Number.NEGATIVE_INFINITY;
  /** Character keys down now (code → when pressed), only when the renderer reports releases. */
  private readonly down = new Map<string, number>();
  /** The current burst had overlapping presses: it cannot be a scan. */
  private overlapped = false;

  constructor(opts: WedgeOptions = {}) {
    this.maxGap = opts.maxInterKeyMs ?? 30;
    this.minLength = Math.max(1, opts.minLength ?? 6);
    this.maxLength = opts.maxLength ?? 4096;
    this.suffixKey = opts.suffixKey ?? 'Enter';
    this.aimPrefix = opts.aimPrefix ?? true;
  }

  /** When tick() should next be called to release held keys, or null when nothing is held. */
  get releaseAt(): number | null {
    return this.held.length > 0 || this.overflow > 0 ? this.lastAt + this.maxGap + 1 : null;
  }

  /** Feed one keydown. Returns what is now decided (often nothing while a burst is in progress). */
  feed(key: string, timestampMs: number, input: KeyInput = {}): WedgeOutput[] {
    if (MODIFIERS.has(key)) return []; // a scanner "presses" Shift for capitals; it says nothing about timing
    const out = this.tick(timestampMs);
    const inBurst = this.held.length > 0 || this.overflow > 0;

    if (input.repeat === true || (!isCharacter(key) && key !== this.suffixKey)) {
      this.release(out, [key]);
      return out;
    }
    if (key === this.suffixKey) {
      if (input.code !== undefined) this.notePress(input.code, timestampMs);
      if (inBurst && !this.overlapped && this.held.length + this.overflow >= this.minLength) this.finishScan(out);
      else this.release(out, [key]);
      return out;
    }
    if (input.code !== undefined) this.notePress(input.code, timestampMs);
    if (this.held.length < this.maxLength) this.held.push(key);
    else this.overflow++;
    this.lastAt = timestampMs;
    return out;
  }

  /** Feed one keyup (KeyboardEvent.code), if the renderer listens for them. */
  keyUp(code: string): void {
    this.down.delete(code);
  }

  private notePress(code: string, at: number): void {
    for (const [other, since] of this.down) {
      // A release we never saw (focus moved away) must not block scans for good.
      if (at - since > STALE_PRESS_MS) this.down.delete(other);
      else if (other !== code) this.overlapped = true;
    }
    this.down.set(code, at);
  }

  /** Releases held keys as typing if the burst has gone quiet by `nowMs`. */
  tick(nowMs: number): WedgeOutput[] {
    const out: WedgeOutput[] = [];
    if ((this.held.length > 0 || this.overflow > 0) && nowMs - this.lastAt > this.maxGap) this.release(out, []);
    return out;
  }

  /** Session end or focus change: drop held keys without emitting them. */
  reset(): void {
    this.held = [];
    this.overflow = 0;
    this.overlapped = false;
    this.lastAt = Number.NEGATIVE_INFINITY;
  }

  private release(out: WedgeOutput[], extra: string[]): void {
    if (this.overflow > 0) {
      // Over maxLength characters at scanner speed is no person typing; swallow rather than type it.
      out.push(this.refusal('scan_too_large', this.held.length + this.overflow));
      this.reset();
      if (extra.length > 0) out.push({ kind: 'typing', keys: extra });
      return;
    }
    const keys = [...this.held, ...extra];
    this.reset();
    if (keys.length > 0) out.push({ kind: 'typing', keys });
  }

  private finishScan(out: WedgeOutput[]): void {
    const length = this.held.length + this.overflow;
    const text = this.held.join('');
    const overflowed = this.overflow > 0;
    this.reset();
    if (overflowed) return void out.push(this.refusal('scan_too_large', length));
    for (const ch of text) {
      if (isForbidden(ch.codePointAt(0)!)) return void out.push(this.refusal('scan_control_chars', length));
    }
    const aim = this.aimPrefix ? /^\](?<id>[!-~]{2})/.exec(text) : null;
    if (aim?.groups?.['id'] !== undefined) {
      const rest = text.slice(3);
      // An AIM id alone is no scan; hand the keys back as typed rather than lose them.
      if (rest.length === 0) return void out.push({ kind: 'typing', keys: [...text, this.suffixKey] });
      out.push({ kind: 'scan', symbology: aim.groups['id'], text: rest });
    } else {
      out.push({ kind: 'scan', symbology: '', text });
    }
  }

  private refusal(code: WedgeRefusal, length: number): WedgeOutput {
    return { kind: 'refused', code, message: REFUSALS[code], length };
  }
}
