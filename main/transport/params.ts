// Parameter schemas for every TerminalApi method, checked at the edge (both transports) before the
// host sees a call. The mapped type makes a method without a schema, or a schema that drifts from the
// interface, a compile error.
import { z } from 'zod';
import { DEFAULT_IMAGE_LIMITS } from '../../devices/document-camera/image-info.js';
import { attachmentMediaTypeSchema } from '../../sync/protocol/attachment.js';
import { eCertificateLookupBodySchema } from '../../sync/protocol/e-certificates.js';
import { progressQueryBodySchema } from '../../sync/protocol/progress-query.js';
import { sha256HexSchema, signRequestInputSchema } from '../../sync/protocol/request-signing.js';
import { MAX_SPEECH_CHARS } from '../api/speech.js';
import type { TerminalApiMethod, TerminalApiParams } from '../api/terminal-api.js';

const text = (max: number) => z.string().max(max);
/** Audit fields: an id and a code, never free text (so nothing personal can ride along). */
const auditApplicationId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'an application id');
const auditCode = z.string().regex(/^[a-z0-9_]{1,64}$/, 'an error code');

export const receiptDocumentSchema = z.strictObject({
  /** Client-generated id (UUID or similar): also the print job id and the audit key. */
  applicationId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits and . _ : - only'),
  title: text(100).min(1),
  applicationNumber: text(64).min(1),
  lines: z.array(z.strictObject({ label: text(40), value: text(400) })).max(60),
  qrPayload: text(1000),
  footer: z.array(text(200)).max(12),
});

const a4Id = receiptDocumentSchema.shape.applicationId;
const a4Field = z.strictObject({ label: text(60), value: text(2000) });
export const a4DocumentSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('application_form'),
    applicationId: a4Id,
    applicationNumber: text(64).min(1),
    title: text(100).min(1),
    sections: z.array(z.strictObject({ heading: text(100), fields: z.array(a4Field).max(80) })).max(20),
  }),
  z.strictObject({
    kind: z.literal('receipt'),
    applicationId: a4Id,
    applicationNumber: text(64).min(1),
    title: text(100).min(1),
    lines: z.array(a4Field).max(60),
    qrPayload: text(1000),
    footer: z.array(text(200)).max(12),
  }),
  z.strictObject({
    kind: z.literal('commitment'),
    applicationId: a4Id,
    applicationNumber: text(64).min(1),
    title: text(100).min(1),
    applicantName: text(100).min(1),
    applicantIdNumber: text(40).min(1),
    clauses: z.array(text(1000)).max(30).optional(),
    parts: z
      .array(z.strictObject({ heading: text(100).min(1).nullable(), clauses: z.array(text(1000)).min(1).max(20) }))
      .min(1)
      .max(20)
      .optional(),
    deferredMaterials: z.array(text(200).min(1)).max(40).optional(),
  }),
]);

/** A page for OCR: base64 of a PNG/JPEG up to the camera's byte limit, or a fresh capture — exactly one. */
export const ocrDocumentSchema = z
  .strictObject({
    imageBase64: z
      .string()
      .min(1)
      .max(Math.ceil(DEFAULT_IMAGE_LIMITS.maxBytes / 3) * 4, 'an image of at most 20 MB')
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64 without a data: prefix or line breaks')
      .optional(),
    fromCamera: z.literal(true).optional(),
  })
  .refine((a) => (a.imageBase64 === undefined) !== (a.fromCamera === undefined), {
    error: 'give either imageBase64 or fromCamera: true',
  });

const none = z.tuple([]);

export const paramSchemas: { readonly [M in TerminalApiMethod]: z.ZodType<TerminalApiParams<M>> } = {
  getTerminalInfo: none,
  getDeviceStatuses: none,
  getDeviceHealth: none,
  printReceipt: z.tuple([receiptDocumentSchema]),
  signPlatformRequest: z.tuple([signRequestInputSchema]),
  printA4Document: z.tuple([a4DocumentSchema]),
  simListIdentities: none,
  simPlaceCard: z.tuple([z.strictObject({ index: z.number().int().min(0).max(10_000) })]),
  simRemoveCard: none,
  simPrintedReceipts: none,
  simSetPrinterPaper: z.tuple([z.strictObject({ present: z.boolean() })]),
  simSetDeviceConnected: z.tuple([
    z.strictObject({ deviceId: z.string().min(1).max(64).regex(/^[a-z0-9-]+$/), connected: z.boolean() }),
  ]),
  // Length is bounded here only against abuse of the dev channel; the scanner's own limits apply after.
  simScan: z.tuple([
    z.strictObject({
      text: z.string().max(8192),
      symbology: z.string().regex(/^[!-~]{2}$/, 'an AIM symbology id such as Q1').optional(),
    }),
  ]),
  captureDocument: none,
  ocrDocument: z.tuple([ocrDocumentSchema]),
  simPlaceDocument: z.tuple([
    z.strictObject({
      document: z.enum(['id_card_copy', 'business_licence', 'passport_page', 'exit_entry_permit', 'id_card_copy_wrong_check']),
    }),
  ]),
  reportUvcCamera: z.tuple([
    z.strictObject({
      state: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('present'), label: text(200).optional() }),
        z.strictObject({ kind: z.literal('not_found'), detail: text(300) }),
        z.strictObject({ kind: z.literal('permission_denied'), detail: text(300) }),
        z.strictObject({ kind: z.literal('in_use'), detail: text(300) }),
      ]),
    }),
  ]),
  // Bounded well above the QR limit, so an over-long scan gets the verifier's plain 'too_long' answer.
  verifyIdentityQr: z.tuple([z.strictObject({ text: z.string().max(8192) })]),
  // The renderer cuts read-aloud text to MAX_SPEECH_CHARS; a longer one is a bug or abuse, refused here.
  speakText: z.tuple([z.strictObject({ text: z.string().max(MAX_SPEECH_CHARS), lang: z.enum(['zh-CN', 'en']) })]),
  stopSpeaking: none,
  // Bounded by the RPC frame (like ocrDocument), not by the attachment limit: a page over the limit gets the
  // host's plain too_large answer instead of a transport fault.
  putAttachment: z.tuple([
    z.strictObject({
      imageBase64: z
        .string()
        .min(1)
        .max(Math.ceil(DEFAULT_IMAGE_LIMITS.maxBytes / 3) * 4, 'an image of at most 20 MB')
        .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64 without a data: prefix or line breaks'),
      mediaType: attachmentMediaTypeSchema,
    }),
  ]),
  uploadAttachments: z.tuple([
    z.strictObject({
      attachments: z
        .array(z.strictObject({ sha256: sha256HexSchema, size: z.number().int().min(1).max(1024 * 1024 * 1024), mediaType: attachmentMediaTypeSchema }))
        .max(1000),
    }),
  ]),
  releaseAttachments: z.tuple([z.strictObject({ sha256s: z.array(sha256HexSchema).max(10_000) })]),
  // Every attachment of every stored application the terminal still holds: bounded well above a long offline queue.
  reportAttachmentReferences: z.tuple([z.strictObject({ referenced: z.array(sha256HexSchema).max(200_000) })]),
  recordApplicationEvent: z.tuple([
    z.discriminatedUnion('event', [
      z.strictObject({ event: z.literal('held'), applicationId: auditApplicationId, status: z.number().int().min(0).max(599), code: auditCode }),
      z.strictObject({
        event: z.literal('resent'),
        applicationId: auditApplicationId,
        outcome: z.enum(['sent', 'held', 'unreachable', 'not_held']),
        code: auditCode.optional(),
      }),
      z.strictObject({ event: z.literal('handed_over'), applicationId: auditApplicationId, code: auditCode }),
      z.strictObject({
        event: z.literal('over_offline_limit'),
        applicationId: auditApplicationId,
        limit: z.enum(['count', 'age']),
        waiting: z.number().int().min(0),
        oldestMinutes: z.number().int().min(0),
      }),
    ]),
  ]),
  // kiosk-config platform.enrollmentCode's bounds; staff type it, so spaces around it are tolerated.
  enrollTerminal: z.tuple([z.strictObject({ code: z.string().trim().min(12).max(200) })]),
  lookupECertificates: z.tuple([eCertificateLookupBodySchema]),
  queryProgress: z.tuple([progressQueryBodySchema]),
};

/**
 * The largest RPC frame a transport must carry: an image for ocrDocument as base64 (the biggest
 * parameter any method takes) plus room for the envelope. Everything else is far smaller.
 */
export const MAX_RPC_FRAME_BYTES = Math.ceil(DEFAULT_IMAGE_LIMITS.maxBytes / 3) * 4 + 64 * 1024;
