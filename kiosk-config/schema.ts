// Kiosk configuration: validated at start; a terminal never starts half-configured (ARCHITECTURE rule 7).
import { z } from 'zod';

const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });

export const serialTransportSchema = z.strictObject({
  kind: z.literal('serial'),
  path: z.string().min(1),
  baudRate: z.number().int().positive().default(115200),
});
export const tcpTransportSchema = z.strictObject({
  kind: z.literal('tcp'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(9100),
});
/** The host starts the device's simulator on a pty pair and drives it with the real driver. */
export const simulatedTransportSchema = z.strictObject({ kind: z.literal('simulated') });

export const idCardReaderSchema = z.strictObject({
  enabled: z.boolean().default(true),
  transport: z.discriminatedUnion('kind', [serialTransportSchema, simulatedTransportSchema]),
  pollIntervalMs: z.number().int().min(50).max(10_000).default(300),
  readFingerprint: z.boolean().default(false),
});

export const receiptPrinterSchema = z.strictObject({
  enabled: z.boolean().default(true),
  transport: z.discriminatedUnion('kind', [
    serialTransportSchema,
    tcpTransportSchema,
    simulatedTransportSchema,
  ]),
  paperWidthMm: z.literal([58, 80]).default(80),
});

/** Serial (USB-CDC or RS-232) scanner: one scan per line ending in the suffix. */
export const scannerSerialTransportSchema = z.strictObject({
  kind: z.literal('serial'),
  path: z.string().min(1),
  /** USB-CDC ignores it; RS-232 scanners are usually 9600. */
  baudRate: z.number().int().positive().default(9600),
  suffix: z.union([z.enum(['CR', 'LF', 'CRLF']), z.strictObject({ byte: z.number().int().min(0).max(255) })]).default('CR'),
});
/** HID POS scanner (usage page 0x8C): by exact path, or by VID/PID, or the first device on the usage page. */
export const scannerHidTransportSchema = z
  .strictObject({
    kind: z.literal('hid'),
    path: z.string().min(1).optional(),
    vendorId: z.number().int().min(0).max(0xffff).optional(),
    productId: z.number().int().min(0).max(0xffff).optional(),
    usagePage: z.number().int().min(0).max(0xffff).default(0x8c),
    /** Send Honeywell's "switch to HID POS" feature report after each open. */
    honeywellHidPosMode: z.boolean().default(false),
  })
  .refine((t) => (t.vendorId === undefined) === (t.productId === undefined), {
    error: 'vendorId and productId go together',
    path: ['productId'],
  });

export const qrScannerSchema = z.strictObject({
  enabled: z.boolean().default(true),
  transport: z.discriminatedUnion('kind', [scannerSerialTransportSchema, scannerHidTransportSchema, simulatedTransportSchema]),
  /** Upper bound on a scan's payload; longer codes are refused, not truncated. */
  maxBytes: z.number().int().min(16).max(65_536).default(4096),
});

/** A4 printer: a CUPS queue on Linux (`lp -d QUEUE`). Windows is designed, not implemented: docs/operators.md. */
export const a4PrinterSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /**
   * cups = the system printer (real deployments); pdf-directory = each document written as a PDF file into
   * `directory` (default <dataDir>/a4-printed): the simulated A4 printer of the profiles and `npm start`.
   */
  kind: z.enum(['cups', 'pdf-directory']).default('cups'),
  /** CUPS queue name; empty = the system default destination. */
  queue: z.string().regex(/^[A-Za-z0-9_.@-]*$/, 'a CUPS queue name: letters, digits and _ . @ -').default(''),
  directory: z.string().min(1).max(1000).optional(),
});

/**
 * A vendor's local capture service for the document camera (高拍仪), spoken to by the generic HTTP adapter
 * (devices/document-camera/http-adapter.ts). Loopback only: the image is personal data and never leaves
 * the machine. UVC cameras need no entry here: the renderer uses them through getUserMedia.
 */
export const documentCameraHttpTransportSchema = z.strictObject({
  kind: z.literal('http'),
  baseUrl: z
    .url({ protocol: /^http$/, error: 'an http:// URL' })
    .refine((u) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(u).hostname), {
      error: 'the capture service must be on this machine (127.0.0.1, localhost or [::1])',
    }),
  capturePath: z.string().startsWith('/').default('/capture'),
  captureMethod: z.enum(['GET', 'POST']).default('GET'),
  statusPath: z.string().startsWith('/').default('/status'),
  /** binary = the body is the JPEG/PNG; json-base64 = JSON with the image as base64 at `field` (dot path). */
  response: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('binary') }),
      z.strictObject({ kind: z.literal('json-base64'), field: z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'a dot path such as data.image') }),
    ])
    .default({ kind: 'binary' }),
  captureTimeoutMs: z.number().int().min(500).max(60_000).default(10_000),
});

/**
 * A vendor's local capture service that speaks WebSocket (devices/document-camera/ws-adapter.ts): a JSON
 * command asks for a capture, a JSON reply carries the image as base64 at `imageField`. Loopback only.
 */
export const documentCameraWebSocketTransportSchema = z.strictObject({
  kind: z.literal('websocket'),
  url: z
    .url({ protocol: /^ws$/, error: 'a ws:// URL' })
    .refine((u) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(u).hostname), {
      error: 'the capture service must be on this machine (127.0.0.1, localhost or [::1])',
    }),
  /** The text sent to ask for one capture (the vendor's command, usually JSON). */
  captureRequest: z.string().min(1).max(2000).default('{"cmd":"capture"}'),
  /** The text sent to check the service is there; any JSON answer will do. */
  statusRequest: z.string().min(1).max(2000).default('{"cmd":"status"}'),
  imageField: z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'a dot path such as data.image').default('data.image'),
  captureTimeoutMs: z.number().int().min(500).max(60_000).default(10_000),
});

/**
 * A UVC document camera (most 高拍仪 are plain USB video cameras): the screen opens it with getUserMedia,
 * shows the live picture and takes the frame itself (renderer/src/camera/). The host has no part in it.
 */
export const documentCameraUvcTransportSchema = z.strictObject({
  kind: z.literal('uvc'),
  /** Part of the camera's name (MediaDeviceInfo.label) to choose it among several; the first camera when absent. */
  label: z.string().min(1).max(200).optional(),
  /** Resolution asked for (the camera gives the nearest it has); the captured image reports its real size. */
  width: z.number().int().min(320).max(8192).default(2592),
  height: z.number().int().min(240).max(8192).default(1944),
  mime: z.enum(['image/jpeg', 'image/png']).default('image/jpeg'),
});

export const documentCameraSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** simulated = the host starts the capture-service simulator on 127.0.0.1 and drives it over HTTP. */
  transport: z.discriminatedUnion('kind', [
    documentCameraHttpTransportSchema,
    documentCameraWebSocketTransportSchema,
    documentCameraUvcTransportSchema,
    simulatedTransportSchema,
  ]),
});

/**
 * A keyboard-wedge scanner "types" its code as keystrokes; the screen tells a scan from a person typing by
 * timing (sync/protocol/keyboard-wedge.ts, run by renderer/src/scan/wedge-listener.ts). Defaults fit scanners
 * sending a key every 1–15 ms and ending in Enter. A slower scanner needs a larger gap; the bounds keep a
 * person's typing (gaps of 80–200 ms) from ever being taken for a scan.
 */
export const keyboardWedgeSchema = z.strictObject({
  /** Longest gap between two keys of one scan (ms). */
  maxInterKeyMs: z.number().int().min(5).max(60).default(30),
  /** Fewest characters a scan has, suffix not counted. */
  minLength: z.number().int().min(2).max(64).default(6),
  /** The key the scanner sends after the code (KeyboardEvent.key). */
  suffix: z.enum(['Enter', 'Tab']).default('Enter'),
});

// Every object is strict: a misspelt field is refused, never silently ignored.
export const kioskConfigSchema = z.strictObject({
  terminal: z.strictObject({
    id: z.string().regex(/^[A-Za-z0-9-]{3,64}$/, 'letters, digits and dashes, 3 to 64 characters'),
    displayName: bilingual,
    profile: z.enum(['service_hall_kiosk', 'bank_teller_machine', 'counter_window']),
  }),
  platform: z.strictObject({
    url: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }),
    /**
     * No longer used: terminals enrol and sign their requests (sync/server/README.md). Accepted so older
     * config files still load; the credential itself lives in the host's data folder, never in config.
     */
    key: z.string().min(16, 'at least 16 characters').optional(),
    /** One-time enrolment code from the operator; used on first start when the host has no credential yet. */
    enrollmentCode: z.string().min(12, 'at least 12 characters').max(200).optional(),
    /** How often the terminal reports version, queue and device health to the platform. */
    heartbeatSeconds: z.number().int().min(5).max(3600).default(60),
  }),
  /**
   * Offline limits: how much this terminal may hold unacknowledged before it stops taking new applications
   * (the citizen is sent to the counter before starting). Counts applications waiting to be sent; those the
   * platform refused and staff must handle (held) are shown to staff apart and not counted.
   */
  offline: z
    .strictObject({
      /** Most applications waiting to be sent. */
      maxQueued: z.number().int().min(1).max(100_000).default(500),
      /** Longest the oldest waiting application may wait (minutes; default 3 days). */
      maxOldestAgeMinutes: z.number().int().min(1).max(43_200).default(4320),
    })
    .prefault({}),
  /** Personal data on the terminal (ARCHITECTURE rule 5). Operators may override it from the platform. */
  privacy: z
    .strictObject({
      /** Hours an acknowledged application keeps its personal fields on the terminal before they are purged. */
      purgeRetentionHours: z.number().int().min(1).max(2160).default(24),
    })
    .prefault({}),
  session: z.strictObject({
    idleTimeoutSeconds: z.number().int().min(15).max(3600).default(120),
    endSessionOnCardRemoval: z.boolean().default(false),
  }),
  input: z.enum(['touch', 'keypad']).default('touch'),
  /**
   * How the person takes the 告知承诺 when a material is deferred: 'drawn' — a signature drawn with a finger
   * on the touch screen; 'keypad-confirm' — where there is no touch screen, an explicit confirmation by key,
   * recorded with its time instead of a drawing. Default: 'drawn' for touch input, 'keypad-confirm' for keypad.
   */
  signature: z.enum(['drawn', 'keypad-confirm']).optional(),
  devices: z.strictObject({
    idCard: idCardReaderSchema.optional(),
    receiptPrinter: receiptPrinterSchema.optional(),
    qrScanner: qrScannerSchema.optional(),
    a4Printer: a4PrinterSchema.optional(),
    documentCamera: documentCameraSchema.optional(),
    /** Always on (any USB keyboard may be a scanner); only its thresholds are configured. */
    keyboardWedge: keyboardWedgeSchema.prefault({}),
  }),
});

export type KioskConfig = z.infer<typeof kioskConfigSchema>;
export type KioskConfigInput = z.input<typeof kioskConfigSchema>;
export type IdCardReaderConfig = z.infer<typeof idCardReaderSchema>;
export type ReceiptPrinterConfig = z.infer<typeof receiptPrinterSchema>;
export type QrScannerConfig = z.infer<typeof qrScannerSchema>;
export type A4PrinterConfig = z.infer<typeof a4PrinterSchema>;
export type OfflineLimitsConfig = z.infer<typeof kioskConfigSchema>['offline'];
export type DocumentCameraConfig = z.infer<typeof documentCameraSchema>;
export type KeyboardWedgeConfig = z.infer<typeof keyboardWedgeSchema>;
