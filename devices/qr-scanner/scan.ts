// The one scan event, whatever the way in (HID POS, USB-CDC serial, keyboard wedge), and the check every
// payload passes before anyone sees it. Scan payloads are untrusted input: a QR code is whatever someone
// printed, so it is bounded, decoded strictly and stripped of nothing silently.
//
// Scan text is NEVER rendered as HTML: the renderer puts it into text nodes (textContent / React children),
// never innerHTML or dangerouslySetInnerHTML. The checks here are defence in depth, not an escaping step.
// Scan text is never logged either: it may carry personal data (ID numbers in 电子证照 codes, names).
import { err, ok, type Result, type UserFacingError } from '../../sync/protocol/result.js';

export type ScanSource = 'hid-pos' | 'serial' | 'keyboard-wedge';

/** Mirrors main/api ScanEvent, plus the raw bytes for the host (the host drops them before the renderer). */
export interface Scan {
  readonly source: ScanSource;
  /** AIM symbology identifier without the leading ']' ('Q1' QR, 'E0' EAN-13, 'C0' Code 128); '' when unknown. */
  readonly symbology: string;
  readonly text: string;
  /** The validated payload bytes (without AIM prefix and suffix). */
  readonly raw: Uint8Array;
}

export type ScanErrorCode =
  | 'scan_empty'
  | 'scan_too_large'
  | 'scan_control_chars'
  | 'scan_invalid_encoding'
  | 'scan_malformed'
  | 'scan_incomplete';

export type ScanError = UserFacingError<ScanErrorCode>;

export const DEFAULT_MAX_SCAN_BYTES = 4096;

export interface ValidateOptions {
  /** Upper bound on payload bytes; longer payloads are refused, not truncated. */
  readonly maxBytes?: number;
  /**
   * Control characters to let through. Empty by default: nothing we accept needs one. A site that reads
   * GS1 codes (FNC1 sent as GS, 0x1D) can allow exactly that one here.
   */
  readonly allowedControls?: readonly number[];
}

const RESCAN = { zh: '请重新扫描，或咨询工作人员', en: 'Please scan again or ask a member of staff' };

function scanError(code: ScanErrorCode, zh: string, en: string, detail: string): ScanError {
  return { code, message: { zh: `${zh}，${RESCAN.zh}`, en: `${en}. ${RESCAN.en}` }, detail };
}

export const scanErrors = {
  empty: (detail: string) => scanError('scan_empty', '未读到内容', 'The code was empty', detail),
  tooLarge: (detail: string) => scanError('scan_too_large', '二维码内容过长，无法处理', 'The code holds too much data to accept', detail),
  controlChars: (detail: string) =>
    scanError('scan_control_chars', '二维码含有不允许的字符', 'The code contains characters that are not allowed', detail),
  invalidEncoding: (detail: string) =>
    scanError('scan_invalid_encoding', '二维码文字编码无法识别', 'The text in the code is not in a readable encoding', detail),
  malformed: (detail: string) => scanError('scan_malformed', '扫码枪数据异常', 'The scanner sent unreadable data', detail),
  incomplete: (detail: string) => scanError('scan_incomplete', '扫码未完成', 'The scan did not complete', detail),
} as const;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Only to give the operator a hint; GB18030 text is still refused (one encoding end to end). */
function decodesAsGb18030(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * C0 controls, DEL and C1 controls, plus the bidi embedding/override/isolate controls: those can make a
 * screen show text in a different order than it is stored (a spoofing tool), and no real code needs them.
 */
function isForbidden(codePoint: number, allowed: ReadonlySet<number>): boolean {
  if (allowed.has(codePoint)) return false;
  return (
    codePoint < 0x20 ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2066 && codePoint <= 0x2069)
  );
}

/** Checks a payload (AIM prefix and CR/LF suffix already removed). Details name positions and sizes, never content. */
export function validateScanPayload(bytes: Uint8Array, opts: ValidateOptions = {}): Result<string, ScanError> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_SCAN_BYTES;
  if (bytes.length === 0) return err(scanErrors.empty('payload has 0 bytes'));
  if (bytes.length > maxBytes) return err(scanErrors.tooLarge(`payload has ${bytes.length} bytes, limit ${maxBytes}`));
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const hint = decodesAsGb18030(bytes) ? '; it decodes as GB18030: set the scanner to send UTF-8' : '';
    return err(scanErrors.invalidEncoding(`payload of ${bytes.length} bytes is not valid UTF-8${hint}`));
  }
  const bad = firstForbidden(text, opts.allowedControls);
  if (bad !== null) return err(scanErrors.controlChars(`control character U+${bad.codePoint.toString(16).toUpperCase().padStart(4, '0')} at character ${bad.index}`));
  return ok(text);
}

/** For text that arrived as characters (keyboard wedge); same limits as bytes. */
export function validateScanText(text: string, opts: ValidateOptions = {}): Result<{ text: string; raw: Uint8Array }, ScanError> {
  const raw = new TextEncoder().encode(text);
  const checked = validateScanPayload(raw, opts);
  return checked.ok ? ok({ text: checked.value, raw }) : checked;
}

function firstForbidden(text: string, allowedControls: readonly number[] = []): { codePoint: number; index: number } | null {
  const allowed = new Set(allowedControls);
  let index = 0;
  for (const ch of text) {
    const codePoint = ch.codePointAt(0)!;
    if (isForbidden(codePoint, allowed)) return { codePoint, index };
    index++;
  }
  return null;
}

/** AIM identifier characters: flag ']' then a code character and a modifier, both printable ASCII. */
export function isAimIdChar(byte: number): boolean {
  return byte > 0x20 && byte < 0x7f;
}

/** Splits an optional `]xx` AIM prefix off a payload. Without one, the symbology is '' and nothing is removed. */
export function splitAimPrefix(bytes: Uint8Array): { symbology: string; payload: Uint8Array } {
  if (bytes.length >= 3 && bytes[0] === 0x5d && isAimIdChar(bytes[1]!) && isAimIdChar(bytes[2]!)) {
    return { symbology: String.fromCharCode(bytes[1]!, bytes[2]!), payload: bytes.subarray(3) };
  }
  return { symbology: '', payload: bytes };
}

/** Validates a payload and builds the scan event every driver emits. */
export function makeScan(source: ScanSource, symbology: string, payload: Uint8Array, opts: ValidateOptions = {}): Result<Scan, ScanError> {
  const checked = validateScanPayload(payload, opts);
  // Copy: the payload may be a view into a transport buffer that is reused.
  return checked.ok ? ok({ source, symbology, text: checked.value, raw: payload.slice() }) : checked;
}

/** What leaves the host for the renderer (main/api ScanEvent): the raw bytes stay behind. */
export function toScanEvent(scan: Scan): { readonly source: ScanSource; readonly symbology: string; readonly text: string } {
  return { source: scan.source, symbology: scan.symbology, text: scan.text };
}
