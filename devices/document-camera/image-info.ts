// What an image is and how big, read from its header bytes only (PNG IHDR, JPEG SOFn) — pure, no
// decoding. Every image from a camera service or the renderer passes here before anything else touches
// it: the format must be PNG or JPEG and the size within limits, so a hostile or broken file never
// reaches the OCR engine.
import { err, ok, type Result, type UserFacingError } from '../../sync/protocol/result.js';

export type ImageMime = 'image/png' | 'image/jpeg';

export interface ImageInfo {
  readonly mime: ImageMime;
  readonly width: number;
  readonly height: number;
}

export interface ImageLimits {
  readonly maxBytes: number;
  /** Longest side in pixels. */
  readonly maxSide: number;
}

/** 20 MB and 8000 px: a 高拍仪 at its highest resolution (about 4000×3000, 12 MP) stays well inside. */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxBytes: 20 * 1024 * 1024, maxSide: 8000 };

export type ImageProblemCode = 'image_too_large' | 'image_format' | 'image_dimensions';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngInfo(b: Uint8Array): { width: number; height: number } | null {
  if (b.length < 24 || PNG_SIGNATURE.some((v, i) => b[i] !== v)) return null;
  // First chunk must be IHDR: length (4) 'IHDR' (4) width (4) height (4).
  if (String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!) !== 'IHDR') return null;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function jpegInfo(b: Uint8Array): { width: number; height: number } | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const length = (b[i + 2]! << 8) | b[i + 3]!;
    if (length < 2) return null;
    // SOF0–SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > b.length) return null;
      return { height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]! };
    }
    if (marker === 0xda || marker === 0xd9) return null; // scan data or end before any frame header
    i += 2 + length;
  }
  return null;
}

const problem = (code: ImageProblemCode, zh: string, en: string, detail: string): UserFacingError<ImageProblemCode> => ({
  code,
  message: { zh, en },
  detail,
});

/** The refusal for an image over the byte limit (also used when a transfer is cut off on its way in). */
export function imageTooLarge(maxBytes: number, detail: string): UserFacingError<ImageProblemCode> {
  const mb = Math.round(maxBytes / 1024 / 1024);
  return problem(
    'image_too_large',
    `图像文件太大（超过 ${mb} MB），请降低高拍仪分辨率后重拍。`,
    `The image is too large (over ${mb} MB); lower the camera resolution and capture again.`,
    detail,
  );
}

/** Format and size from the header, refused with a clear message when not PNG/JPEG or beyond the limits. */
export function inspectImage(
  bytes: Uint8Array,
  limits: ImageLimits = DEFAULT_IMAGE_LIMITS,
): Result<ImageInfo, UserFacingError<ImageProblemCode>> {
  if (bytes.length > limits.maxBytes) return err(imageTooLarge(limits.maxBytes, `${bytes.length} bytes > ${limits.maxBytes}`));
  const png = pngInfo(bytes);
  const jpeg = png ? null : jpegInfo(bytes);
  const size = png ?? jpeg;
  if (!size) {
    return err(
      problem('image_format', '无法识别的图像格式，只支持 PNG 和 JPEG，请重拍。', 'Unrecognised image format; only PNG and JPEG are supported. Please capture again.', `${bytes.length} bytes, no PNG or JPEG header`),
    );
  }
  if (size.width < 1 || size.height < 1 || size.width > limits.maxSide || size.height > limits.maxSide) {
    return err(
      problem(
        'image_dimensions',
        `图像尺寸不合适（${size.width}×${size.height}，每边最多 ${limits.maxSide} 像素），请调整高拍仪分辨率后重拍。`,
        `The image size ${size.width}×${size.height} is not accepted (at most ${limits.maxSide} px a side); adjust the camera resolution and capture again.`,
        `${size.width}x${size.height} > ${limits.maxSide}`,
      ),
    );
  }
  return ok({ mime: png ? 'image/png' : 'image/jpeg', ...size });
}
