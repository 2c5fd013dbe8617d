// `npm run fuzz [-- --scale 0.1] [-- --seed N]`: the dedicated fuzz run of the device codecs, over a
// million random and mutated frames in total (issue 3). CI runs the small samples in the unit tests.
// Every property says: no exception escapes, every output is a frame/typed value or a typed error, and no
// single input takes long (a hang shows as a slow run, reported with its property).
import fc from 'fast-check';
import { encodeFrame, encodeRequest, encodeResponse, FrameDecoder, parseReadPayload, parseRequest, parseResponse, type DecodedItem } from '../devices/id-card/codec.js';
import { encodeReceipt } from '../devices/receipt-printer/escpos-encoder.js';
import { EscPosParser, type EscPosEvent } from '../devices/receipt-printer/escpos-parser.js';
import { decodeStatusReply, encodeStatusReply, type PrinterCondition, type StatusQuery } from '../devices/receipt-printer/status.js';
import { encodeReports, HidPosAssembler, type AssemblerOutput } from '../devices/qr-scanner/hid-pos-codec.js';
import { LineFramer, terminatorOf, type ScanSuffix } from '../devices/qr-scanner/line-framer.js';

/** Any single input slower than this counts as a hang. */
const HANG_MS = 1_000;

interface Property {
  readonly codec: string;
  readonly name: string;
  readonly runs: number;
  /** fast-check property whose predicate returns false (or throws) on a violation. */
  readonly property: fc.IProperty<never>;
}

// ---- helpers -------------------------------------------------------------------------------------------

/** Splits bytes at the given cut points (mod length): the same stream as a serial port may chunk it. */
function chunks(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const c of at) {
    out.push(bytes.subarray(from, c));
    from = c;
  }
  out.push(bytes.subarray(from));
  return out;
}

/** One mutation of a valid frame: flip, overwrite, delete, insert, truncate or duplicate a stretch. */
const mutation = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.integer({ min: 1, max: 16 }));
function mutate(frame: Uint8Array, [kind, at, value, span]: [number, number, number, number]): Uint8Array {
  const i = frame.length === 0 ? 0 : at % frame.length;
  const b = Array.from(frame);
  switch (kind) {
    case 0:
      b[i] = (b[i] ?? 0) ^ value;
      break;
    case 1:
      b[i] = value;
      break;
    case 2:
      b.splice(i, span);
      break;
    case 3:
      b.splice(i, 0, ...Array.from({ length: span }, (_, k) => (value + k) & 0xff));
      break;
    case 4:
      b.length = i;
      break;
    default:
      b.splice(i, 0, ...b.slice(i, i + span));
  }
  return Uint8Array.from(b);
}

const timed =
  <A extends unknown[]>(check: (...args: A) => boolean) =>
  (...args: A): boolean => {
    const t0 = performance.now();
    const ok = check(...args);
    if (performance.now() - t0 > HANG_MS) throw new Error(`one input took over ${HANG_MS} ms`);
    return ok;
  };

// ---- ID card SAM codec ---------------------------------------------------------------------------------

const FRAME_ERRORS = new Set(['noise', 'bad_length', 'bad_checksum', 'truncated', 'short_body', 'bad_payload']);

function idCardStreamOk(bytes: Uint8Array, cuts: readonly number[]): boolean {
  const d = new FrameDecoder();
  const items: DecodedItem[] = chunks(bytes, cuts).flatMap((c) => d.push(c));
  for (const item of items) {
    if (item.kind === 'error') {
      if (!FRAME_ERRORS.has(item.error.code) || typeof item.error.detail !== 'string') return false;
      continue;
    }
    // Whatever the decoder accepts re-encodes to a frame it accepts again, and parses to a value or a typed error.
    const again = new FrameDecoder().push(encodeFrame(item.body));
    if (again.length !== 1 || again[0]!.kind !== 'frame') return false;
    for (const r of [parseResponse(item.body), parseRequest(item.body)]) if (!r.ok && !FRAME_ERRORS.has(r.error.code)) return false;
    const resp = parseResponse(item.body);
    if (resp.ok) for (const fp of [false, true]) {
      const p = parseReadPayload(resp.value.data, fp);
      if (!p.ok && !FRAME_ERRORS.has(p.error.code)) return false;
    }
  }
  return true;
}

const validSamFrame = fc.oneof(
  fc.constantFrom('resetSam', 'samStatus', 'samId', 'findCard', 'selectCard', 'readText', 'readTextWithFingerprint' as const).map((c) => encodeRequest(c)),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 1400 })).map(([sw3, data]) => encodeResponse(sw3, data)),
);

// ---- ESC/POS parser ------------------------------------------------------------------------------------

const ESC_POS_KINDS = new Set<EscPosEvent['kind']>(['init', 'line', 'qr', 'cut', 'realtime-status', 'realtime-recover', 'transmit-status', 'unknown']);

function escPosOk(bytes: Uint8Array, cuts: readonly number[]): boolean {
  const p = new EscPosParser();
  for (const c of chunks(bytes, cuts)) for (const e of p.push(c)) if (!ESC_POS_KINDS.has(e.kind)) return false;
  // The parser never holds more than what it was given.
  return p.pendingBytes <= bytes.length;
}

const SAMPLE_RECEIPTS = [58, 80].map((w) =>
  encodeReceipt(
    {
      jobId: 'fuzz',
      blocks: [
        { kind: 'line', line: { text: '受理回执 Receipt', align: 'center', size: 'double', bold: true } },
        { kind: 'pair', label: '申请编号', value: 'YC-2026-000123' },
        { kind: 'rule' },
        { kind: 'qr', payload: 'https://example.gov.cn/t?n=1', moduleSize: 6 },
        { kind: 'feed', lines: 2 },
      ],
    },
    { paperWidthMm: w as 58 | 80, reprint: w === 58 },
  ),
);

// ---- DLE EOT status --------------------------------------------------------------------------------------

const conditionArb: fc.Arbitrary<PrinterCondition> = fc.record({
  offline: fc.boolean(),
  coverOpen: fc.boolean(),
  stoppedOnPaperEnd: fc.boolean(),
  errorOccurred: fc.boolean(),
  cutterError: fc.boolean(),
  unrecoverable: fc.boolean(),
  autoRecoverable: fc.boolean(),
  paperNearEnd: fc.boolean(),
  paperOut: fc.boolean(),
});

function statusOk(n: StatusQuery, byte: number): boolean {
  const r = decodeStatusReply(n, byte);
  // Accepted exactly when the fixed bits (0x12 set, 0x81 clear) are right; refused with a message otherwise.
  return r.ok === ((byte & 0x93) === 0x12) && (r.ok || typeof r.error === 'string');
}

// ---- HID POS assembler ------------------------------------------------------------------------------------

function hidOk(reports: readonly Uint8Array[], max: number): boolean {
  const a = new HidPosAssembler({ maxBytes: max });
  for (const r of reports) {
    const o: AssemblerOutput = a.push(r);
    if (o.kind === 'partial' && !(o.bytesSoFar >= 0 && o.bytesSoFar <= max)) return false;
    if (o.kind === 'payload' && !(o.data.length > 0 && o.data.length <= max)) return false;
    if (o.kind === 'error' && typeof o.error.code !== 'string') return false;
  }
  return true;
}

const hidReport = fc.oneof(
  fc.uint8Array({ maxLength: 80 }),
  fc
    .tuple(fc.constantFrom('Q1', 'E0', 'C0', 'd1', ''), fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 9, max: 64 }), mutation)
    .chain(([sym, data, len, m]) => {
      const rs = encodeReports(sym, data, len);
      return fc.nat({ max: rs.length - 1 }).map((i) => rs.map((r, k) => (k === i ? mutate(r, m) : r)));
    })
    .map((rs) => rs),
);

// ---- line framer -----------------------------------------------------------------------------------------

const suffixArb: fc.Arbitrary<ScanSuffix> = fc.oneof(fc.constantFrom<ScanSuffix>('CR', 'LF', 'CRLF'), fc.integer({ min: 0, max: 255 }).map((byte) => ({ byte })));

function framerOk(suffix: ScanSuffix, max: number, bytes: Uint8Array, cuts: readonly number[]): boolean {
  const f = new LineFramer(suffix, max);
  const term = terminatorOf(suffix);
  for (const c of chunks(bytes, cuts))
    for (const o of f.push(c)) {
      if (o.kind === 'overflow') {
        if (!(o.size > max)) return false;
      } else if (o.bytes.length === 0 || o.bytes.length > max || o.bytes.includes(term)) return false;
    }
  return true;
}

// ---- the run ---------------------------------------------------------------------------------------------

function properties(scale: number): Property[] {
  const n = (x: number): number => Math.max(1, Math.round(x * scale));
  const cuts = fc.array(fc.nat(), { maxLength: 8 });
  return [
    { codec: 'id-card', name: 'random bytes, chunked', runs: n(250_000), property: fc.property(fc.uint8Array({ maxLength: 600 }), cuts, timed(idCardStreamOk)) },
    {
      codec: 'id-card',
      name: 'valid frames mutated, after noise, chunked',
      runs: n(200_000),
      property: fc.property(fc.uint8Array({ maxLength: 24 }), validSamFrame, fc.array(mutation, { maxLength: 3 }), cuts, timed((noise, frame, ms, cs) => idCardStreamOk(Uint8Array.from([...noise, ...ms.reduce(mutate, frame)]), cs))),
    },
    { codec: 'esc-pos', name: 'random bytes, chunked', runs: n(150_000), property: fc.property(fc.uint8Array({ maxLength: 400 }), cuts, timed(escPosOk)) },
    {
      codec: 'esc-pos',
      name: 'encoded receipts mutated, chunked',
      runs: n(60_000),
      property: fc.property(fc.constantFrom(...SAMPLE_RECEIPTS), fc.array(mutation, { minLength: 1, maxLength: 4 }), cuts, timed((r, ms, cs) => escPosOk(ms.reduce(mutate, r), cs))),
    },
    { codec: 'dle-eot', name: 'every reply byte to every query', runs: n(100_000), property: fc.property(fc.constantFrom<StatusQuery>(1, 2, 3, 4), fc.integer({ min: 0, max: 255 }), timed(statusOk)) },
    {
      codec: 'dle-eot',
      name: 'encode → decode round trip',
      runs: n(50_000),
      property: fc.property(conditionArb, fc.constantFrom<StatusQuery>(1, 2, 3, 4), timed((c, q) => statusOk(q, encodeStatusReply(q, c)) && decodeStatusReply(q, encodeStatusReply(q, c)).ok)),
    },
    { codec: 'hid-pos', name: 'random and mutated report sequences', runs: n(120_000), property: fc.property(fc.array(hidReport, { maxLength: 6 }).map((xs) => xs.flatMap((x) => (x instanceof Uint8Array ? [x] : x))), fc.integer({ min: 1, max: 600 }), timed(hidOk)) },
    {
      codec: 'line-framer',
      name: 'random bytes, any suffix and limit, chunked',
      runs: n(120_000),
      property: fc.property(suffixArb, fc.integer({ min: 1, max: 300 }), fc.uint8Array({ maxLength: 600 }), cuts, timed(framerOk)),
    },
  ] as unknown as Property[];
}

function parseArgs(argv: readonly string[]): { scale: number; seed?: number } {
  const get = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const scale = Number(get('--scale') ?? 1);
  if (!(scale > 0)) throw new Error('--scale must be a positive number (1 = over a million inputs)');
  const seed = get('--seed');
  return { scale, ...(seed !== undefined ? { seed: Number(seed) } : {}) };
}

export function runFuzz(scale: number, seed: number, log: (line: string) => void): { total: number; failures: number } {
  let total = 0;
  let failures = 0;
  const t0 = performance.now();
  for (const p of properties(scale)) {
    const start = performance.now();
    const details = fc.check(p.property, { numRuns: p.runs, seed, endOnFailure: true });
    const ms = performance.now() - start;
    total += details.numRuns;
    const verdict = details.failed ? `FAILED (seed ${details.seed}, path ${details.counterexamplePath ?? '?'}): ${String(details.errorInstance ?? 'property returned false')}` : 'ok';
    if (details.failed) failures++;
    log(`${p.codec.padEnd(12)} ${p.name.padEnd(46)} ${String(details.numRuns).padStart(8)} inputs ${(ms / 1000).toFixed(1).padStart(6)} s  ${verdict}`);
  }
  log(`total ${total} inputs in ${((performance.now() - t0) / 1000).toFixed(1)} s, seed ${seed}, ${failures === 0 ? 'no failures' : `${failures} FAILED`}`);
  return { total, failures };
}

const isMain = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  try {
    const { scale, seed } = parseArgs(process.argv.slice(2));
    const s = seed ?? Date.now() % 2 ** 31;
    const { failures } = runFuzz(scale, s, (line) => process.stdout.write(line + '\n'));
    process.exit(failures === 0 ? 0 : 1);
  } catch (e) {
    process.stderr.write(`fuzz: ${(e as Error).message}\n`);
    process.exit(2);
  }
}
