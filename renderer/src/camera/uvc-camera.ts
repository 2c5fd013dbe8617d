// The UVC document camera (高拍仪 that is a plain USB video camera), opened by the screen itself with
// getUserMedia: the second driver behind the materials' capture path, beside the host's captureDocument
// (a vendor capture service). capture() asks for a page: the capture dialog (UvcCaptureDialog.tsx) shows
// the live picture until the person takes it or cancels, and the frame comes back as a PNG/JPEG with its
// real size, the same CapturedDocument the host returns — so OCR and attachments take it unchanged.
import type { CapturedDocument, DocumentCameraInfo } from '../../../main/api/devices.js';
import { err, ok, type Result, type UserFacingError } from '../../../sync/protocol/result.js';

export type UvcSettings = Extract<DocumentCameraInfo, { kind: 'uvc' }>;

export type UvcErrorCode = 'camera_denied' | 'no_device' | 'camera_busy' | 'cancelled' | 'capture_failed' | 'busy';

const MESSAGES: Record<UvcErrorCode, { zh: string; en: string }> = {
  camera_denied: { zh: '无法使用高拍仪（没有使用权限），请联系工作人员。', en: 'The document camera may not be used (permission refused); please ask a member of staff.' },
  no_device: { zh: '没有找到高拍仪，请联系工作人员。', en: 'No document camera was found; please ask a member of staff.' },
  camera_busy: { zh: '高拍仪正被其他程序占用，请稍后再试或联系工作人员。', en: 'The document camera is in use by another program; try again shortly or ask a member of staff.' },
  cancelled: { zh: '已取消拍摄。', en: 'Capture cancelled.' },
  capture_failed: { zh: '拍摄失败，请重试。', en: 'The page could not be captured; please try again.' },
  busy: { zh: '正在拍摄，请稍候。', en: 'A capture is already in progress; please wait.' },
};

export const uvcError = (code: UvcErrorCode, detail?: string): UserFacingError<UvcErrorCode> => ({
  code,
  message: MESSAGES[code],
  ...(detail !== undefined ? { detail } : {}),
});

/** getUserMedia's DOMException names → what to tell the person. */
export function uvcErrorFromMedia(error: unknown): UserFacingError<UvcErrorCode> {
  const name = error instanceof DOMException || error instanceof Error ? error.name : 'unknown';
  const detail = `getUserMedia: ${name}`;
  if (name === 'NotAllowedError' || name === 'SecurityError') return uvcError('camera_denied', detail);
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return uvcError('no_device', detail);
  if (name === 'NotReadableError' || name === 'AbortError') return uvcError('camera_busy', detail);
  return uvcError('capture_failed', detail);
}

/** The pending request the dialog serves; null when nobody is capturing. */
export interface UvcRequest {
  readonly settings: UvcSettings;
  /** Opens the camera's stream (openUvcStream, seen by the camera's presence watch when there is one). */
  open(): Promise<Result<MediaStream, UserFacingError<UvcErrorCode>>>;
  /** The dialog answers exactly once. */
  finish(result: Result<CapturedDocument, UserFacingError>): void;
}

export interface UvcCamera {
  capture(): Promise<Result<CapturedDocument, UserFacingError>>;
  subscribe(listener: () => void): () => void;
  getSnapshot(): UvcRequest | null;
  /** Session end: a capture in progress is cancelled (nothing of the page is kept). */
  cancel(): void;
}

export function createUvcCamera(
  settings: UvcSettings,
  open: () => Promise<Result<MediaStream, UserFacingError<UvcErrorCode>>> = () => openUvcStream(settings),
): UvcCamera {
  let current: UvcRequest | null = null;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) l();
  };
  return {
    capture() {
      if (current) return Promise.resolve(err(uvcError('busy')));
      return new Promise((resolve) => {
        const request: UvcRequest = {
          settings,
          open,
          finish(result) {
            if (current !== request) return;
            current = null;
            notify();
            resolve(result);
          },
        };
        current = request;
        notify();
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => current,
    cancel() {
      current?.finish(err(uvcError('cancelled')));
    },
  };
}

/** Opens the configured camera (by label when given) at the asked resolution. */
export async function openUvcStream(settings: UvcSettings, media: MediaDevices = navigator.mediaDevices): Promise<Result<MediaStream, UserFacingError<UvcErrorCode>>> {
  if (!media?.getUserMedia) return err(uvcError('no_device', 'navigator.mediaDevices.getUserMedia is not available'));
  const size = { width: { ideal: settings.width }, height: { ideal: settings.height } };
  try {
    let deviceId: string | undefined;
    if (settings.label !== undefined) {
      // Labels are only listed once a camera has been allowed: the kiosk's browser grants it by policy.
      const cameras = (await media.enumerateDevices()).filter((d) => d.kind === 'videoinput');
      const wanted = settings.label.toLowerCase();
      deviceId = cameras.find((d) => d.label.toLowerCase().includes(wanted))?.deviceId;
      if (deviceId === undefined) return err(uvcError('no_device', `no camera whose label contains "${settings.label}" among ${cameras.length}`));
    }
    const stream = await media.getUserMedia({ audio: false, video: deviceId !== undefined ? { ...size, deviceId: { exact: deviceId } } : size });
    return ok(stream);
  } catch (e) {
    return err(uvcErrorFromMedia(e));
  }
}

/** Takes the video's current frame as an image of its real size. */
export async function grabFrame(video: HTMLVideoElement, mime: UvcSettings['mime']): Promise<Result<CapturedDocument, UserFacingError<UvcErrorCode>>> {
  const width = video.videoWidth;
  const height = video.videoHeight;
  if (width === 0 || height === 0) return err(uvcError('capture_failed', 'the video has no frame yet'));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  if (!g) return err(uvcError('capture_failed', 'no 2d canvas context'));
  g.drawImage(video, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, mime, 0.92));
  if (!blob) return err(uvcError('capture_failed', `canvas.toBlob(${mime}) gave nothing`));
  return ok({ imageBase64: await toBase64(blob), mime, width, height });
}

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}
