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

// Every object is strict: a misspelt field is refused, never silently ignored.
export const kioskConfigSchema = z.strictObject({
  terminal: z.strictObject({
    id: z.string().regex(/^[A-Za-z0-9-]{3,64}$/, 'letters, digits and dashes, 3 to 64 characters'),
    displayName: bilingual,
    profile: z.enum(['service_hall_kiosk', 'bank_teller_machine', 'counter_window']),
  }),
  platform: z.strictObject({
    url: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }),
    /** Terminal credential (issue 4 replaces this with enrolment and signed requests). */
    key: z.string().min(16, 'at least 16 characters'),
  }),
  session: z.strictObject({
    idleTimeoutSeconds: z.number().int().min(15).max(3600).default(120),
    endSessionOnCardRemoval: z.boolean().default(false),
  }),
  input: z.enum(['touch', 'keypad']).default('touch'),
  devices: z.strictObject({
    idCard: idCardReaderSchema.optional(),
    receiptPrinter: receiptPrinterSchema.optional(),
  }),
});

export type KioskConfig = z.infer<typeof kioskConfigSchema>;
export type KioskConfigInput = z.input<typeof kioskConfigSchema>;
export type IdCardReaderConfig = z.infer<typeof idCardReaderSchema>;
export type ReceiptPrinterConfig = z.infer<typeof receiptPrinterSchema>;
