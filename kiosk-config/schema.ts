// Kiosk configuration: validated at start; a terminal never starts half-configured (ARCHITECTURE rule 7).
import { z } from 'zod';

const bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) });

export const serialTransportSchema = z.object({
  kind: z.literal('serial'),
  path: z.string().min(1),
  baudRate: z.number().int().positive().default(115200),
});
export const tcpTransportSchema = z.object({
  kind: z.literal('tcp'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(9100),
});
/** The host starts the device's simulator on a pty pair and drives it with the real driver. */
export const simulatedTransportSchema = z.object({ kind: z.literal('simulated') });

export const idCardReaderSchema = z.object({
  enabled: z.boolean().default(true),
  transport: z.discriminatedUnion('kind', [serialTransportSchema, simulatedTransportSchema]),
  pollIntervalMs: z.number().int().min(50).max(10_000).default(300),
  readFingerprint: z.boolean().default(false),
});

export const receiptPrinterSchema = z.object({
  enabled: z.boolean().default(true),
  transport: z.discriminatedUnion('kind', [serialTransportSchema, tcpTransportSchema, simulatedTransportSchema]),
  paperWidthMm: z.union([z.literal(58), z.literal(80)]).default(80),
});

export const kioskConfigSchema = z
  .object({
    terminal: z.object({
      id: z.string().regex(/^[A-Za-z0-9-]{3,64}$/, 'letters, digits and dashes, 3 to 64 characters'),
      displayName: bilingual,
      profile: z.enum(['service_hall_kiosk', 'bank_teller_machine', 'counter_window']),
    }),
    platform: z.object({
      url: z.url(),
      /** Terminal credential (issue 4 replaces this with enrolment and signed requests). */
      key: z.string().min(16, 'at least 16 characters'),
    }),
    session: z.object({
      idleTimeoutSeconds: z.number().int().min(15).max(3600).default(120),
      endSessionOnCardRemoval: z.boolean().default(false),
    }),
    input: z.enum(['touch', 'keypad']).default('touch'),
    devices: z.object({
      idCard: idCardReaderSchema.optional(),
      receiptPrinter: receiptPrinterSchema.optional(),
    }),
  })
  .strict();

export type KioskConfig = z.infer<typeof kioskConfigSchema>;
export type KioskConfigInput = z.input<typeof kioskConfigSchema>;
export type IdCardReaderConfig = z.infer<typeof idCardReaderSchema>;
export type ReceiptPrinterConfig = z.infer<typeof receiptPrinterSchema>;
