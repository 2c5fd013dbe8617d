import { describe, expect, it } from 'vitest';
import { inspectImage } from './image-info.js';
import { syntheticDocumentPng } from './synthetic-documents.js';

/** A minimal JPEG header: SOI, an APP0 segment, then SOF0 with the given size. */
function jpegHeader(width: number, height: number): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof0 = [0xff, 0xc0, 0x00, 0x11, 8, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return Uint8Array.from([0xff, 0xd8, ...app0, 0xff, 0xc4, 0x00, 0x04, 0, 0, ...sof0]);
}

describe('inspectImage', () => {
  it('reads PNG and JPEG sizes from their headers', async () => {
    expect(inspectImage(await syntheticDocumentPng('id_card_copy'))).toEqual({ ok: true, value: { mime: 'image/png', width: 1667, height: 1112 } });
    expect(inspectImage(jpegHeader(4000, 3000))).toEqual({ ok: true, value: { mime: 'image/jpeg', width: 4000, height: 3000 } });
  });

  it('refuses oversize files, oversize or empty dimensions and other formats, in both languages', () => {
    const big = inspectImage(new Uint8Array(21 * 1024 * 1024));
    expect(big).toMatchObject({ ok: false, error: { code: 'image_too_large' } });
    if (!big.ok) expect(big.error.message.zh).toContain('20 MB');
    expect(inspectImage(jpegHeader(8001, 100))).toMatchObject({ ok: false, error: { code: 'image_dimensions' } });
    expect(inspectImage(jpegHeader(0, 100))).toMatchObject({ ok: false, error: { code: 'image_dimensions' } });
    expect(inspectImage(Buffer.from('GIF89a....'))).toMatchObject({ ok: false, error: { code: 'image_format' } });
    expect(inspectImage(Uint8Array.of(0xff, 0xd8, 0xff, 0xda, 0, 2))).toMatchObject({ ok: false, error: { code: 'image_format' } });
  });
});
