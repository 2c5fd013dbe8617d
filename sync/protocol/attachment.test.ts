import { describe, expect, it } from 'vitest';
import { applicationSchema } from './application.js';
import {
  attachmentRefSchema,
  decodeUploadMetadata,
  distinctBlobs,
  encodeUploadMetadata,
  prefixMayBe,
  sniffMediaType,
  type AttachmentRef,
} from './attachment.js';
import { sameApplicationContent } from './application-ownership.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
const sig: AttachmentRef = { sha256: 'a'.repeat(64), size: 2048, mediaType: 'image/png', kind: 'signature' };
const page: AttachmentRef = { sha256: 'b'.repeat(64), size: 90_000, mediaType: 'image/jpeg', kind: 'material-page', materialId: 'household-register' };

const v1 = {
  id: '0b8f1c2e-1111-4222-8333-444455556666',
  applicationNumber: 'YC-T0001-20261122-0001',
  terminalId: 'T0001',
  serviceId: 'svc-a',
  applicant: { name: '测试', idNumber: '11010519491231002X', cardType: 'resident' },
  formData: { phone: '13900000000' },
  submittedAt: '2026-11-22T02:00:00.000Z',
  takenOffline: true,
  status: 'queued',
  schemaVersion: 1,
};

describe('attachments contract', () => {
  it('knows PNG and JPEG by their magic bytes and nothing else', () => {
    expect(sniffMediaType(PNG)).toBe('image/png');
    expect(sniffMediaType(JPEG)).toBe('image/jpeg');
    expect(sniffMediaType(new TextEncoder().encode('%PDF-1.7\n'))).toBeNull();
    expect(sniffMediaType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffMediaType(PNG.slice(0, 7))).toBeNull();
    expect(prefixMayBe(PNG.slice(0, 3), 'image/png')).toBe(true);
    expect(prefixMayBe(JPEG.slice(0, 2), 'image/png')).toBe(false);
    expect(prefixMayBe(new Uint8Array(), 'image/jpeg')).toBe(true);
  });

  it('a reference names a hex SHA-256, an image type, and its material exactly when it is a page', () => {
    expect(attachmentRefSchema.safeParse(sig).success).toBe(true);
    expect(attachmentRefSchema.safeParse(page).success).toBe(true);
    expect(attachmentRefSchema.safeParse({ ...sig, mediaType: 'image/svg+xml' }).success).toBe(false);
    expect(attachmentRefSchema.safeParse({ ...sig, sha256: 'A'.repeat(64) }).success).toBe(false);
    expect(attachmentRefSchema.safeParse({ ...page, materialId: undefined }).error?.issues[0]?.path).toEqual(['materialId']);
    expect(attachmentRefSchema.safeParse({ ...sig, materialId: 'x' }).success).toBe(false);
    expect(attachmentRefSchema.safeParse({ ...sig, extra: 1 }).success).toBe(false);
  });

  it('version-1 applications are still accepted (attachments: [] added); version 2 carries references', () => {
    const old = applicationSchema.parse(v1);
    expect(old.attachments).toEqual([]);
    expect(applicationSchema.parse({ ...v1, schemaVersion: 2, attachments: [sig, page] }).attachments).toEqual([sig, page]);
    const refused = applicationSchema.safeParse({ ...v1, attachments: [sig] });
    expect(refused.error?.issues[0]?.path).toEqual(['attachments']);
    expect(applicationSchema.safeParse({ ...v1, schemaVersion: 4 }).success).toBe(false);
    expect(applicationSchema.safeParse({ ...v1, schemaVersion: 2, attachments: [sig, sig] }).error?.issues[0]?.path).toEqual(['attachments', 1]);
  });

  it('a stored version-1 document without the field has the same content as one with attachments: []', () => {
    expect(sameApplicationContent(v1, { ...v1, attachments: [] })).toBe(true);
    expect(sameApplicationContent(v1, { ...v1, schemaVersion: 2, attachments: [sig] })).toBe(false);
  });

  it('Upload-Metadata round-trips (tus: key base64(value), comma-separated) and malformed headers are refused', () => {
    const header = encodeUploadMetadata({ sha256: sig.sha256, mediaType: 'image/png', note: '签名' });
    expect(header).toMatch(/^sha256 [A-Za-z0-9+/=]+,mediaType [A-Za-z0-9+/=]+,note [A-Za-z0-9+/=]+$/);
    expect(decodeUploadMetadata(header)).toEqual({ sha256: sig.sha256, mediaType: 'image/png', note: '签名' });
    expect(decodeUploadMetadata('sha256 !!!')).toBeNull();
    expect(decodeUploadMetadata('bad key with spaces')).toBeNull();
    expect(decodeUploadMetadata('flag')).toEqual({ flag: '' });
  });

  it('distinct blobs: one upload per hash however often it is referenced', () => {
    expect(distinctBlobs([sig, page, { ...sig }])).toEqual([
      { sha256: sig.sha256, size: sig.size, mediaType: 'image/png' },
      { sha256: page.sha256, size: page.size, mediaType: 'image/jpeg' },
    ]);
  });
});
