// Attachments of an application (issue 4 part 2, issue 5 parts 4-5): the finger signature as a PNG and the
// pages captured with the document camera. The application carries references only; the bytes travel
// separately, content-addressed by SHA-256, over resumable uploads (tus 1.0 core protocol, below), and the
// platform refuses an application whose referenced bytes it does not hold yet. Pure: no I/O.
import { z } from 'zod';
import { sha256HexSchema } from './request-signing.js';

export const ATTACHMENT_MEDIA_TYPES = ['image/png', 'image/jpeg'] as const;
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number];
export const attachmentMediaTypeSchema = z.enum(ATTACHMENT_MEDIA_TYPES);

export const ATTACHMENT_KINDS = ['signature', 'material-page'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** Default largest attachment, both sides (the platform's limit is configurable; the terminal's follows it). */
export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** At most this many attachments per application (a signature and a few pages per material). */
export const MAX_ATTACHMENTS_PER_APPLICATION = 40;

/** The bytes' identity and what they are for. `materialId` names the catalog material a page belongs to. */
export const attachmentRefSchema = z
  .strictObject({
    sha256: sha256HexSchema,
    size: z.number().int().min(1).max(1024 * 1024 * 1024),
    mediaType: attachmentMediaTypeSchema,
    kind: z.enum(ATTACHMENT_KINDS),
    materialId: z.string().min(1).max(100).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.kind === 'material-page' && a.materialId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['materialId'], message: 'a material page names its material' });
    }
    if (a.kind === 'signature' && a.materialId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['materialId'], message: 'a signature belongs to no material' });
    }
  });
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

/** The stored bytes' identity, without what the application uses them for. */
export type AttachmentBlob = Pick<AttachmentRef, 'sha256' | 'size' | 'mediaType'>;

/**
 * The media type the bytes really are, by their magic numbers; null for anything else. A declared type is
 * never trusted: PNG files start with the 8-byte signature, JPEG files with SOI + a marker (FF D8 FF).
 */
export function sniffMediaType(bytes: Uint8Array): AttachmentMediaType | null {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= png.length && png.every((b, i) => bytes[i] === b)) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

/** Bytes needed before sniffMediaType can decide. */
export const MEDIA_SNIFF_BYTES = 8;

/**
 * Could bytes starting with `prefix` still be of `mediaType`? For the first chunk of an upload, which may
 * be shorter than MEDIA_SNIFF_BYTES: refuse early only what can no longer match.
 */
export function prefixMayBe(prefix: Uint8Array, mediaType: AttachmentMediaType): boolean {
  const magic = mediaType === 'image/png' ? [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] : [0xff, 0xd8, 0xff];
  const n = Math.min(prefix.length, magic.length);
  for (let i = 0; i < n; i++) if (prefix[i] !== magic[i]) return false;
  return true;
}

// ---- Resumable uploads: the tus 1.0.0 core protocol plus its creation extension ------------------------
//
// POST   ATTACHMENT_PATHS.uploads                 create; Upload-Length, Upload-Metadata "sha256 <b64>,mediaType <b64>"
//        → 201, Location = ATTACHMENT_PATHS.upload(sha256), Upload-Offset (= Upload-Length when already stored)
// HEAD   ATTACHMENT_PATHS.upload(sha256)           → 200 Upload-Offset, Upload-Length; 404 when there is none
// PATCH  ATTACHMENT_PATHS.upload(sha256)           Content-Type application/offset+octet-stream, Upload-Offset
//        → 204 Upload-Offset; 409 when Upload-Offset is not the server's; on the last byte the SHA-256 and the
//        magic bytes are checked: 460 (hash_mismatch) and the upload discarded when they do not match.
// Every request carries Tus-Resumable: 1.0.0 and is a signed terminal request (request-signing.ts; the
// body hash of a PATCH is the SHA-256 of its chunk). The upload URL is the hash itself, per terminal, so a
// terminal that restarted needs no memory of it: HEAD tells where to go on. Content-addressed: bytes the
// platform already holds (from any terminal) complete at once. Operators read them with
// GET ATTACHMENT_PATHS.admin(sha256) (admin token).

export const TUS_VERSION = '1.0.0';
export const TUS_HEADERS = {
  resumable: 'tus-resumable',
  uploadLength: 'upload-length',
  uploadOffset: 'upload-offset',
  uploadMetadata: 'upload-metadata',
  /** tus: the server's limit, sent on creation answers and OPTIONS. */
  maxSize: 'tus-max-size',
  /** tus OPTIONS (capability discovery): protocol versions and extensions the server supports. */
  version: 'tus-version',
  extension: 'tus-extension',
} as const;
/**
 * The tus extensions the platform implements: creation (POST) and termination (DELETE of an unfinished upload).
 * Not checksum: a whole-file SHA-256 is declared at creation and checked on the last byte (460), not per chunk.
 */
export const TUS_EXTENSIONS = ['creation', 'termination'] as const;
export const TUS_PATCH_CONTENT_TYPE = 'application/offset+octet-stream';

export const ATTACHMENT_PATHS = {
  uploads: '/v1/attachments/uploads',
  upload: (sha256: string) => `/v1/attachments/uploads/${sha256}`,
  admin: (sha256: string) => `/v1/admin/attachments/${sha256}`,
} as const;

/** Status a completed upload whose bytes do not hash to the declared SHA-256 gets (refused, discarded). */
export const HASH_MISMATCH_STATUS = 460;

/** Why the platform refused an upload or a push (PlatformErrorBody.error). */
export const ATTACHMENT_REFUSALS = [
  'too_large',
  'unsupported_media_type',
  'hash_mismatch',
  'offset_mismatch',
  'no_upload',
  'attachment_missing',
  'attachment_mismatch',
] as const;

/**
 * Upload answers that say "these bytes will never be taken as they are": over the platform's size limit (413),
 * not the declared image type (415), not hashing to the declared SHA-256 (460), a malformed declaration (400).
 * The terminal holds the applications that reference such an attachment instead of retrying forever.
 */
export const PERMANENT_UPLOAD_STATUSES: readonly number[] = [400, 413, 415, HASH_MISMATCH_STATUS];

/** Status given to an attachment whose bytes are gone from the terminal (never sent: the platform was not asked). */
export const ATTACHMENT_GONE_STATUS = 0;

/**
 * An attachment that cannot reach the platform as it is: refused for good by the platform (status and its
 * error code), or `missing` on the terminal (status 0). Only the applications that reference it are held.
 */
export interface RefusedAttachment {
  readonly sha256: string;
  readonly status: number;
  /** The platform's error code (too_large, unsupported_media_type, hash_mismatch, ...), or `missing`. */
  readonly code: string;
  /** For logs and support: the platform's message (never personal data). */
  readonly message: string;
}

/** The Upload-Metadata header: comma-separated "key base64(value)" pairs (tus 1.0). */
export function encodeUploadMetadata(meta: Readonly<Record<string, string>>): string {
  return Object.entries(meta)
    .map(([k, v]) => `${k} ${btoa(String.fromCharCode(...new TextEncoder().encode(v)))}`)
    .join(',');
}

/** Parses Upload-Metadata; null when it is not well-formed. */
export function decodeUploadMetadata(header: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  if (header.trim() === '') return out;
  for (const pair of header.split(',')) {
    const m = /^\s*([A-Za-z0-9_.-]{1,64})(?: ([A-Za-z0-9+/]*={0,2}))?\s*$/.exec(pair);
    if (!m) return null;
    try {
      const raw = atob(m[2] ?? '');
      out[m[1]!] = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(raw, (c) => c.charCodeAt(0)));
    } catch {
      return null;
    }
  }
  return out;
}

/** What a creation request declares, from its metadata. */
export const uploadDeclarationSchema = z.object({
  sha256: sha256HexSchema,
  mediaType: attachmentMediaTypeSchema,
});

/** Distinct blobs referenced by a set of applications' attachments (first reference wins). */
export function distinctBlobs(refs: readonly AttachmentRef[]): AttachmentBlob[] {
  const seen = new Map<string, AttachmentBlob>();
  for (const r of refs) if (!seen.has(r.sha256)) seen.set(r.sha256, { sha256: r.sha256, size: r.size, mediaType: r.mediaType });
  return [...seen.values()];
}
