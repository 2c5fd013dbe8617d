// The one typed interface between renderer and host. Both sides import this file: the renderer
// gets a proxy (renderer/src/host-api), the host implements it (main/host), and two transports
// carry it unchanged (Electron IPC through the preload bridge, or a local WebSocket with a per-boot token).
import type { CardType } from '../../sync/protocol/catalog.js';
import type { ECertificateLookupResponse } from '../../sync/protocol/e-certificates.js';
import type { ProgressQueryBody, ProgressQueryResponse } from '../../sync/protocol/progress-query.js';
import type { IdentityQrErrorCode } from '../../sync/protocol/qr-identity.js';
import type { SignedRequestHeaders, SignRequestInput } from '../../sync/protocol/request-signing.js';
import type { BilingualText, Result, UserFacingError } from '../../sync/protocol/result.js';
import type { A4DocumentRequest, A4PrintFailureCode, PrintedA4 } from './a4.js';
import type { ApplicationAuditEvent } from './application-events.js';
import type {
  AttachmentBlob,
  AttachmentPutFailureCode,
  AttachmentUploadFailureCode,
  PutAttachmentRequest,
  UploadedAttachments,
} from './attachments.js';
import type {
  CapturedDocument,
  CardIdentity,
  DeviceHealthSnapshot,
  DocumentCameraInfo,
  DeviceStatusReport,
  DocumentOcrReport,
  ScanEvent,
  SimulatedDocumentKind,
  UvcCameraState,
} from './devices.js';
import type { PrintedReceipt, PrintFailureCode, ReceiptDocument } from './receipt.js';
import type { SpeechFailureCode, SpeechLanguage, SpokenText } from './speech.js';

/** Why a signed platform call the host made for the renderer did not answer (main/host/platform-proxy.ts). */
export type PlatformCallFailure = 'offline' | 'not_enrolled' | 'refused' | 'bad_response';

export type ProfileName = 'service_hall_kiosk' | 'bank_teller_machine' | 'counter_window';

/** The part of kiosk-config the renderer needs. Never holds secrets. */
export interface TerminalInfo {
  readonly terminalId: string;
  readonly displayName: BilingualText;
  readonly profile: ProfileName;
  /** Base URL of the central platform for replication. */
  readonly platformUrl: string;
  /** Seconds between heartbeats to the platform (version, queue, device health). */
  readonly heartbeatSeconds: number;
  /** Password for RxDB's at-rest encryption of personal fields; generated and kept by the host. */
  readonly localDataKey: string;
  readonly idleTimeoutSeconds: number;
  /** kiosk-config `offline`: past these, new applications are refused and the citizen sent to the counter. */
  readonly offlineLimits: { readonly maxQueued: number; readonly maxOldestAgeMinutes: number };
  /** kiosk-config `privacy.purgeRetentionHours`: personal data kept this long after acknowledgement. */
  readonly purgeRetentionHours: number;
  readonly input: 'touch' | 'keypad';
  /** How the 告知承诺 is taken: drawn on the touch screen, or confirmed by key (time recorded) on a keypad machine. */
  readonly signature: 'drawn' | 'keypad-confirm';
  readonly endSessionOnCardRemoval: boolean;
  /**
   * kiosk-config devices.keyboardWedge: how the screen tells a keyboard-wedge scan from typing (the detector's
   * options in sync/protocol/keyboard-wedge.ts).
   */
  readonly keyboardWedge: { readonly maxInterKeyMs: number; readonly minLength: number; readonly suffixKey: 'Enter' | 'Tab' };
  /** How pages are captured (null: no document camera, or it is disabled). */
  readonly documentCamera: DocumentCameraInfo | null;
  /** Simulated peripherals are wired in: the developer panel may be shown. */
  readonly simulation: boolean;
  readonly version: string;
}

/** Events pushed from host to renderer. */
export type TerminalEvent =
  | { readonly type: 'device-status'; readonly report: DeviceStatusReport }
  | { readonly type: 'card-present'; readonly card: CardIdentity }
  | { readonly type: 'card-removed' }
  | { readonly type: 'card-error'; readonly error: UserFacingError }
  | { readonly type: 'scan'; readonly scan: ScanEvent }
  /** Something was scanned but refused (too long, control characters, not UTF-8): show the message, ask to scan again. */
  | { readonly type: 'scan-error'; readonly error: UserFacingError }
  /** Settings changed (an operator set them on the platform): the renderer takes the new info as it is. */
  | { readonly type: 'terminal-info'; readonly info: TerminalInfo };

/** A receipt as the simulated printer rendered it: for the developer panel and tests. */
export interface SimulatedReceipt {
  readonly index: number;
  readonly text: string;
  readonly cut: boolean;
  readonly qrPayloads: readonly string[];
}

/** A person identified by a verified identity QR: mask name and number on screen where not needed. */
export interface QrVerifiedIdentity {
  readonly name: string;
  /** GB 11643-valid, normalised (uppercase X). */
  readonly idNumber: string;
  readonly cardType: CardType;
  /** When the QR stops being accepted (ISO 8601); the session may go on past it. */
  readonly expiresAt: string;
}

export interface SimulatedIdentitySummary {
  readonly index: number;
  readonly label: string;
}

/**
 * Every call the renderer can make. All methods take at most one argument so that the transports
 * can carry them generically; all known failures are Result values.
 */
export interface TerminalApi {
  getTerminalInfo(): Promise<TerminalInfo>;
  getDeviceStatuses(): Promise<readonly DeviceStatusReport[]>;
  /**
   * For the staff device panel: every device (document camera included) with its status, since when, its
   * last error and when that was, and how often it was re-opened. Changes arrive as 'device-status' events.
   */
  getDeviceHealth(): Promise<DeviceHealthSnapshot>;
  printReceipt(receipt: ReceiptDocument): Promise<Result<PrintedReceipt, UserFacingError<PrintFailureCode>>>;
  /**
   * Signs one request to the platform with the terminal's credential, which stays in the host.
   * Fails with 'not_enrolled' until the host has enrolled, 'not_platform_url' for any other address.
   */
  signPlatformRequest(request: SignRequestInput): Promise<Result<SignedRequestHeaders, UserFacingError<'not_enrolled' | 'not_platform_url'>>>;
  /**
   * Staff enrol the terminal again with a new one-time code when the platform no longer knows it (401
   * unknown_terminal) or revoked it. The old credential stays until the new one is issued; the queue is kept.
   */
  enrollTerminal(args: { readonly code: string }): Promise<Result<{ readonly enrolledAt: string }, UserFacingError<'enrollment_refused' | 'platform_unreachable'>>>;
  /** Prints an application form, receipt or 告知承诺书 on the system A4 printer (CUPS). */
  printA4Document(document: A4DocumentRequest): Promise<Result<PrintedA4, UserFacingError<A4PrintFailureCode>>>;

  // Simulation only: the host refuses these unless its devices are simulated.
  simListIdentities(): Promise<readonly SimulatedIdentitySummary[]>;
  simPlaceCard(args: { readonly index: number }): Promise<Result<null, UserFacingError>>;
  simRemoveCard(): Promise<Result<null, UserFacingError>>;
  simPrintedReceipts(): Promise<readonly SimulatedReceipt[]>;
  simSetPrinterPaper(args: { readonly present: boolean }): Promise<Result<null, UserFacingError>>;
  /**
   * Unplugs a simulated serial device (its port disappears, as a USB device's does) or plugs it back in at
   * the same path; the driver notices and recovers by itself, and its status changes arrive as events.
   */
  simSetDeviceConnected(args: { readonly deviceId: string; readonly connected: boolean }): Promise<Result<null, UserFacingError>>;
  /** The simulated scanner sends this text as one scan line; it comes back as a 'scan' (or 'scan-error') event. */
  simScan(args: { readonly text: string; readonly symbology?: string }): Promise<Result<null, UserFacingError>>;

  /**
   * One page from the host-side document camera (a vendor capture service; UVC cameras are used by the
   * renderer itself through getUserMedia). Errors: no_document_camera, no_device, timeout, busy,
   * bad_response, image_too_large, image_format, image_dimensions.
   */
  captureDocument(): Promise<Result<CapturedDocument, UserFacingError>>;
  /**
   * Offline OCR of a page — an image the renderer captured (PNG/JPEG as base64) or, with fromCamera, a fresh
   * capture by the host camera. Only check-digit-verified fields come back; offer them as prefill for the
   * person to confirm. Nothing read is logged.
   */
  ocrDocument(args: { readonly imageBase64?: string; readonly fromCamera?: boolean }): Promise<Result<DocumentOcrReport, UserFacingError>>;
  /**
   * The screen's UVC document camera as it sees it, sent when that changes (and again after the host
   * connection comes back): the host shows it as the 'document-camera' device in the staff panel and the
   * heartbeats. Refused with no_uvc_camera when this terminal's document camera is not a UVC one.
   */
  reportUvcCamera(args: { readonly state: UvcCameraState }): Promise<Result<null, UserFacingError<'no_uvc_camera'>>>;
  /** Simulation only: which generated page lies under the simulated document camera. */
  simPlaceDocument(args: { readonly document: SimulatedDocumentKind }): Promise<Result<null, UserFacingError>>;

  /**
   * 扫码亮证 / 扫码登录: verifies a scanned identity QR text ("YCID1....") offline against the platform's
   * published keys cached by the host. Errors (plain words, never echoing the text): malformed, too_long,
   * unknown_key, bad_signature, expired, not_yet_valid, invalid_id_number. Nothing scanned is logged.
   */
  verifyIdentityQr(args: { readonly text: string }): Promise<Result<QrVerifiedIdentity, UserFacingError<IdentityQrErrorCode>>>;

  /**
   * Offline read-aloud by the host (espeak-ng), for when Chromium has no Web Speech voice. One utterance at a
   * time: a new call (or stopSpeaking) stops the one before, which then answers `interrupted`. Answers when
   * the speech has ended. At most MAX_SPEECH_CHARS characters are spoken; the text is never logged or stored.
   */
  speakText(args: { readonly text: string; readonly lang: SpeechLanguage }): Promise<Result<SpokenText, UserFacingError<SpeechFailureCode>>>;
  stopSpeaking(): Promise<null>;

  /**
   * Keeps an image (signature PNG, captured page) on the terminal, encrypted at rest, named by its SHA-256;
   * returns the reference to put into the application. Checks size (10 MB) and magic bytes (PNG/JPEG only).
   * Durable when it answers. The same bytes twice give the same reference and one file.
   */
  putAttachment(request: PutAttachmentRequest): Promise<Result<AttachmentBlob, UserFacingError<AttachmentPutFailureCode>>>;
  /**
   * Makes sure the platform holds these attachments complete (resumable upload, signed by the host), before the
   * applications referencing them are pushed. Errors: not_enrolled and offline (retry later), missing (the bytes
   * are not on this terminal), refused (the platform said no; detail says why).
   */
  uploadAttachments(args: { readonly attachments: readonly AttachmentBlob[] }): Promise<Result<UploadedAttachments, UserFacingError<AttachmentUploadFailureCode>>>;
  /**
   * Deletes attachments from the terminal. The renderer calls it only for attachments no longer referenced by an
   * application whose personal data is still kept (acknowledged and past the purge retention: data/purge.ts).
   */
  releaseAttachments(args: { readonly sha256s: readonly string[] }): Promise<{ readonly deleted: number }>;
  /**
   * The renderer reports every attachment its stored, not yet purged applications reference (with the purge
   * schedule: on start, then hourly). The host keeps the report and deletes attachment files no application references that were
   * stored more than the grace period (24 h) before it: images of an application that was never stored
   * (main/host/attachment-sweeper.ts). Never one an application still waiting to be sent references.
   */
  reportAttachmentReferences(args: { readonly referenced: readonly string[] }): Promise<{ readonly deleted: number; readonly kept: number }>;
  /** Writes an application sync event (held, resent, handed over, over an offline limit) to the audit log. */
  recordApplicationEvent(event: ApplicationAuditEvent): Promise<null>;

  /**
   * 一证通办 (online only): the identified person's e-certificates from the platform's certificate library,
   * signed by the host. Errors: offline, not_enrolled, refused, bad_response. The number is never logged.
   */
  lookupECertificates(args: { readonly idNumber: string }): Promise<Result<ECertificateLookupResponse, UserFacingError<PlatformCallFailure>>>;
  /**
   * 办件查询 online: the statuses of the applications for a receipt's case code or of the identified person
   * (any terminal). No personal data in the answer. Errors as lookupECertificates.
   */
  queryProgress(query: ProgressQueryBody): Promise<Result<ProgressQueryResponse, UserFacingError<PlatformCallFailure>>>;
}

export type TerminalApiMethod = keyof TerminalApi;

/** The list both transports check calls against. */
export const TERMINAL_API_METHODS = [
  'getTerminalInfo',
  'getDeviceStatuses',
  'getDeviceHealth',
  'printReceipt',
  'signPlatformRequest',
  'printA4Document',
  'simListIdentities',
  'simPlaceCard',
  'simRemoveCard',
  'simPrintedReceipts',
  'simSetPrinterPaper',
  'simSetDeviceConnected',
  'simScan',
  'captureDocument',
  'ocrDocument',
  'simPlaceDocument',
  'reportUvcCamera',
  'verifyIdentityQr',
  'speakText',
  'stopSpeaking',
  'putAttachment',
  'uploadAttachments',
  'releaseAttachments',
  'reportAttachmentReferences',
  'recordApplicationEvent',
  'enrollTerminal',
  'lookupECertificates',
  'queryProgress',
] as const satisfies readonly TerminalApiMethod[];

// Compile-time check that the list is complete.
type Missing = Exclude<TerminalApiMethod, (typeof TERMINAL_API_METHODS)[number]>;
const _complete: Missing extends never ? true : never = true;
void _complete;

export type TerminalApiParams<M extends TerminalApiMethod> = Parameters<TerminalApi[M]>;
export type TerminalApiResult<M extends TerminalApiMethod> = Awaited<ReturnType<TerminalApi[M]>>;
