// Attachment calls of TerminalApi: the host keeps the bytes (encrypted, content-addressed) and uploads them;
// the renderer holds only references (sync/protocol/attachment.ts).
import type { AttachmentBlob, AttachmentMediaType, RefusedAttachment } from '../../sync/protocol/attachment.js';

export type { AttachmentBlob, AttachmentMediaType, RefusedAttachment };

export type AttachmentPutFailureCode = 'empty' | 'too_large' | 'unsupported_media_type' | 'storage';
export type AttachmentUploadFailureCode = 'not_enrolled' | 'offline' | 'missing' | 'refused';

export interface PutAttachmentRequest {
  /** The image's bytes as base64 (no data: prefix). */
  readonly imageBase64: string;
  readonly mediaType: AttachmentMediaType;
}

export interface UploadedAttachments {
  /** Sent now. */
  readonly uploaded: number;
  /** The platform held them already (sent earlier, or by another terminal). */
  readonly alreadyThere: number;
  /**
   * Settled for good without reaching the platform: refused (413 over its limit, 415, 460 hash mismatch, 400) or
   * gone from this terminal (`missing`). The applications referencing them are held for staff; the rest go on.
   */
  readonly refused: readonly RefusedAttachment[];
}
