// The document camera (高拍仪) as the host sees it, whatever sits behind it: a vendor's local capture
// service over HTTP (this folder), or — for preview and capture in the renderer — a UVC camera used
// through getUserMedia (see README.md: UVC cameras never pass through the host, the renderer captures a
// frame to PNG/JPEG and hands the bytes to ocrDocument).
import type { Device } from '../core/device.js';
import type { Result, UserFacingError } from '../../sync/protocol/result.js';
import type { ImageMime, ImageProblemCode } from './image-info.js';

export interface CapturedImage {
  readonly image: Uint8Array;
  readonly mime: ImageMime;
  readonly width: number;
  readonly height: number;
}

export type CaptureFailureCode =
  /** The capture service does not answer (not installed, not running, camera unplugged). */
  | 'no_device'
  /** It answered, but not within the capture timeout. */
  | 'timeout'
  /** Another capture is running; one at a time. */
  | 'busy'
  /** It answered with something that is not an image (HTTP error, wrong JSON shape, bad base64). */
  | 'bad_response'
  | 'stopped'
  | ImageProblemCode;

export type CaptureResult = Result<CapturedImage, UserFacingError<CaptureFailureCode>>;

/** Status (typed union, on change) via Device; capture one page at a time. */
export interface DocumentCamera extends Device {
  capture(): Promise<CaptureResult>;
}
