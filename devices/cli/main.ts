// Installer CLI: `npm run device -- <command>`. Prints one JSON document on stdout; errors name the
// port and the cause. Card data is masked: an installer checks that reading works, not who it is.
//
//   list                                           serial ports the OS sees
//   id-card read --port P [--baud N] [--timeout MS] [--fingerprint]
//   printer test --port P [--baud N] [--width 58|80]   (P may be tcp:HOST:PORT)
//   printer status --port P [--baud N]
//   scanner read --port P [--baud N] [--suffix CR|LF|CRLF] [--timeout MS] [--show-text]   (USB-CDC / RS-232)
//   camera capture --url http://127.0.0.1:PORT|ws://127.0.0.1:PORT/PATH [--timeout MS]
//                  [--capture-request TEXT] [--image-field PATH]   (a vendor's local capture service)
import { SerialPort } from 'serialport';
import { maskIdNumber, maskName } from '../../sync/protocol/id-numbers.js';
import { openSerial } from '../core/serial-transport.js';
import { openTcp } from '../core/tcp-transport.js';
import type { ByteLink, TransportError } from '../core/byte-link.js';
import type { Result } from '../../sync/protocol/result.js';
import { createHttpDocumentCamera } from '../document-camera/driver.js';
import { createHttpCaptureAdapter, DEFAULT_HTTP_CAPTURE } from '../document-camera/http-adapter.js';
import { createWsCaptureAdapter, DEFAULT_WS_CAPTURE } from '../document-camera/ws-adapter.js';
import { createIdCardReader, type CardEvent } from '../id-card/index.js';
import { createSerialScanner } from '../qr-scanner/index.js';
import { createReceiptPrinter, conditionToStatus, type PrinterTransport, type ReceiptJob } from '../receipt-printer/index.js';
import { PrinterChannel } from '../receipt-printer/printer-channel.js';
import { numberFlag, parseArgs, stringFlag, UsageError, type ParsedArgs } from './args.js';

const USAGE = `usage: npm run device -- list
       npm run device -- id-card read --port PATH [--baud 115200] [--timeout 30000] [--fingerprint]
       npm run device -- printer test --port PATH|tcp:HOST:PORT [--baud 115200] [--width 80]
       npm run device -- printer status --port PATH|tcp:HOST:PORT [--baud 115200]
       npm run device -- scanner read --port PATH [--baud 9600] [--suffix CR|LF|CRLF] [--timeout 30000] [--show-text]
       npm run device -- camera capture --url http://127.0.0.1:PORT|ws://127.0.0.1:PORT/PATH [--timeout 10000]
                        [--capture-request '{"cmd":"capture"}'] [--image-field data.image]   (WebSocket services)`;

type Outcome = { readonly exitCode: number; readonly output: unknown };

async function main(argv: readonly string[]): Promise<Outcome> {
  const args = parseArgs(argv);
  const [group, action] = args.words;
  if (group === 'list') return list();
  if (group === 'id-card' && action === 'read') return readCard(args);
  if (group === 'printer' && action === 'test') return printerTest(args);
  if (group === 'printer' && action === 'status') return printerStatus(args);
  if (group === 'scanner' && action === 'read') return scannerRead(args);
  if (group === 'camera' && action === 'capture') return cameraCapture(args);
  throw new UsageError(group ? `unknown command: ${args.words.join(' ')}` : 'no command given');
}

async function list(): Promise<Outcome> {
  const ports = await SerialPort.list();
  return { exitCode: 0, output: { ports: ports.map((p) => ({ path: p.path, manufacturer: p.manufacturer ?? null, vendorId: p.vendorId ?? null, productId: p.productId ?? null })) } };
}

function requirePort(args: ParsedArgs): string {
  const port = stringFlag(args, 'port');
  if (!port) throw new UsageError('--port is required');
  return port;
}

function printerTransport(args: ParsedArgs): PrinterTransport {
  const port = requirePort(args);
  const tcp = /^tcp:([^:]+)(?::(\d+))?$/.exec(port);
  if (tcp) return { kind: 'tcp', host: tcp[1]!, port: Number(tcp[2] ?? 9100) };
  return { kind: 'serial', path: port, baudRate: numberFlag(args, 'baud', 115200) };
}

function describe(t: PrinterTransport): string {
  return t.kind === 'tcp' ? `tcp:${t.host}:${t.port}` : t.path;
}

async function readCard(args: ParsedArgs): Promise<Outcome> {
  const path = requirePort(args);
  const timeoutMs = numberFlag(args, 'timeout', 30_000);
  const reader = createIdCardReader({
    deviceId: 'cli-id-card',
    transport: { kind: 'serial', path, baudRate: numberFlag(args, 'baud', 115200) },
    pollIntervalMs: 200,
    readFingerprint: args.flags['fingerprint'] === true,
    // An installer wants the first answer, not a retry loop.
    backoff: { initialMs: 60_000, maxMs: 60_000, jitter: 0 },
  });
  process.stderr.write(`waiting up to ${timeoutMs} ms for a card on ${path}...\n`);
  const outcome = await new Promise<Outcome>((resolve) => {
    const timer = setTimeout(() => resolve({ exitCode: 1, output: { port: path, error: 'timeout', detail: `no card read within ${timeoutMs} ms`, status: reader.status() } }), timeoutMs);
    reader.onStatus((status) => {
      if (status.kind === 'no_device' || status.kind === 'error') {
        clearTimeout(timer);
        resolve({ exitCode: 1, output: { port: path, error: status.kind, detail: status.detail, ...(status.kind === 'error' ? { code: status.code } : {}) } });
      }
    });
    reader.onCard((event: CardEvent) => {
      if (event.type === 'card-removed') return;
      clearTimeout(timer);
      if (event.type === 'card-error') {
        resolve({ exitCode: 1, output: { port: path, error: event.error.code, message: event.error.message, detail: event.error.detail } });
        return;
      }
      const c = event.card;
      resolve({
        exitCode: 0,
        output: {
          port: path,
          card: {
            cardType: c.cardType,
            name: maskName(c.name),
            idNumber: maskIdNumber(c.idNumber),
            idNumberValid: c.idNumberValid,
            validUntil: c.validUntil ?? '长期',
            expired: c.expired,
            photoBytes: c.photoWlt.length,
            fingerprintBytes: c.fingerprint?.length ?? 0,
          },
        },
      });
    });
    void reader.start();
  });
  await reader.stop();
  return outcome;
}

const TEST_JOB = (): ReceiptJob => ({
  jobId: `cli-test-${Date.now()}`,
  blocks: [
    { kind: 'line', line: { text: '打印机测试页', align: 'center', size: 'double', bold: true } },
    { kind: 'line', line: { text: 'Yichuang printer test', align: 'center' } },
    { kind: 'rule' },
    { kind: 'pair', label: '时间 Time', value: new Date().toISOString().slice(0, 19).replace('T', ' ') },
    { kind: 'pair', label: '中文换行 Wrapping', value: '这是一段用于检查中文自动换行和全角字符宽度的较长文字，每个汉字占两列。' },
    { kind: 'qr', payload: 'https://example.invalid/yichuang/printer-test' },
  ],
});

async function printerTest(args: ParsedArgs): Promise<Outcome> {
  const transport = printerTransport(args);
  const width = numberFlag(args, 'width', 80);
  if (width !== 58 && width !== 80) throw new UsageError('--width must be 58 or 80');
  const printer = createReceiptPrinter({
    deviceId: 'cli-printer',
    transport,
    paperWidthMm: width,
    timings: { recoveryWaitMs: 5_000 },
    backoff: { initialMs: 60_000, maxMs: 60_000, jitter: 0 },
  });
  await printer.start();
  const result = await printer.print(TEST_JOB());
  const status = printer.status();
  await printer.stop();
  if (result.ok) return { exitCode: 0, output: { port: describe(transport), printed: true, reprinted: result.value.reprinted, status } };
  return { exitCode: 1, output: { port: describe(transport), printed: false, error: result.error.code, message: result.error.message, detail: result.error.detail, status } };
}

async function printerStatus(args: ParsedArgs): Promise<Outcome> {
  const transport = printerTransport(args);
  const opened: Result<ByteLink, TransportError> = transport.kind === 'tcp' ? await openTcp(transport) : await openSerial(transport);
  if (!opened.ok) return { exitCode: 1, output: { port: describe(transport), error: opened.error.code, detail: opened.error.detail } };
  const channel = new PrinterChannel(opened.value, 'cli-printer', () => {});
  const condition = await channel.queryCondition(1_000);
  channel.dispose({ kind: 'closed', detail: 'done' });
  await opened.value.close();
  if (!condition.ok) {
    const detail = condition.error.kind === 'transport' ? condition.error.error.detail : condition.error.detail;
    return { exitCode: 1, output: { port: describe(transport), error: condition.error.kind, detail } };
  }
  return { exitCode: 0, output: { port: describe(transport), status: conditionToStatus(condition.value), condition: condition.value } };
}

const SUFFIXES = ['CR', 'LF', 'CRLF'] as const;

async function scannerRead(args: ParsedArgs): Promise<Outcome> {
  const path = requirePort(args);
  const timeoutMs = numberFlag(args, 'timeout', 30_000);
  const suffix = stringFlag(args, 'suffix') ?? 'CR';
  if (!SUFFIXES.includes(suffix as (typeof SUFFIXES)[number])) throw new UsageError(`--suffix must be CR, LF or CRLF, got "${suffix}"`);
  const scanner = createSerialScanner({
    deviceId: 'cli-scanner',
    path,
    baudRate: numberFlag(args, 'baud', 9600),
    suffix: suffix as (typeof SUFFIXES)[number],
    backoff: { initialMs: 60_000, maxMs: 60_000, jitter: 0 },
  });
  process.stderr.write(`waiting up to ${timeoutMs} ms for a scan on ${path}...\n`);
  const outcome = await new Promise<Outcome>((resolve) => {
    const timer = setTimeout(
      () => resolve({ exitCode: 1, output: { port: path, error: 'timeout', detail: `no scan within ${timeoutMs} ms (is the scanner in USB COM port mode, and its suffix ${suffix}?)` } }),
      timeoutMs,
    );
    scanner.onStatus((status) => {
      if (status.kind !== 'no_device' && status.kind !== 'error') return;
      clearTimeout(timer);
      resolve({ exitCode: 1, output: { port: path, error: status.kind, detail: status.detail, ...(status.kind === 'error' ? { code: status.code } : {}) } });
    });
    scanner.onScan((event) => {
      clearTimeout(timer);
      if (event.type === 'scan-error') {
        resolve({ exitCode: 1, output: { port: path, error: event.error.code, message: event.error.message, detail: event.error.detail } });
        return;
      }
      const { symbology, text, raw } = event.scan;
      // A scanned code may carry personal data: only its start unless the installer asks for all of it.
      const shown = args.flags['show-text'] === true ? { text } : { textStart: `${[...text].slice(0, 4).join('')}…`, characters: [...text].length };
      resolve({ exitCode: 0, output: { port: path, symbology: symbology || null, bytes: raw.length, ...shown } });
    });
    void scanner.start();
  });
  await scanner.stop();
  return outcome;
}

async function cameraCapture(args: ParsedArgs): Promise<Outcome> {
  const url = stringFlag(args, 'url');
  if (!url) throw new UsageError('--url is required (the capture service, e.g. http://127.0.0.1:38088)');
  const ws = /^ws:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/\S*)?$/.test(url);
  if (!ws && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/?$/.test(url))
    throw new UsageError(`--url must be an http:// or ws:// address on this machine, got "${url}"`);
  const adapter = ws
    ? createWsCaptureAdapter({
        ...DEFAULT_WS_CAPTURE,
        url,
        captureRequest: stringFlag(args, 'capture-request') ?? DEFAULT_WS_CAPTURE.captureRequest,
        imageField: stringFlag(args, 'image-field') ?? DEFAULT_WS_CAPTURE.imageField,
      })
    : createHttpCaptureAdapter({ ...DEFAULT_HTTP_CAPTURE, baseUrl: url.replace(/\/$/, '') });
  const camera = createHttpDocumentCamera({
    deviceId: 'cli-camera',
    adapter,
    timeouts: { captureTimeoutMs: numberFlag(args, 'timeout', 10_000) },
  });
  await camera.start();
  const captured = await camera.capture();
  const status = camera.status();
  await camera.stop();
  if (!captured.ok) return { exitCode: 1, output: { url, error: captured.error.code, message: captured.error.message, detail: captured.error.detail, status } };
  const { mime, width, height, image } = captured.value;
  return { exitCode: 0, output: { url, mime, width, height, bytes: image.length, status } };
}

main(process.argv.slice(2)).then(
  ({ exitCode, output }) => {
    process.stdout.write(JSON.stringify(output, null, 2) + '\n');
    process.exit(exitCode);
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exit(2);
    }
    process.stdout.write(JSON.stringify({ error: 'internal', detail: error instanceof Error ? error.message : String(error) }) + '\n');
    process.exit(1);
  },
);
