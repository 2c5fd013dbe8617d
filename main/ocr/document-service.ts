// The host's document desk: the configured document camera (a vendor capture service over HTTP, or the
// simulator on 127.0.0.1 driven by the same HTTP driver) and offline OCR of captured or uploaded pages.
// Composed into main/host/host.ts; kept here so the host file only wires it.
import { join } from 'node:path';
import type { DocumentCamera } from '../../devices/document-camera/camera.js';
import { createHttpDocumentCamera } from '../../devices/document-camera/driver.js';
import { createHttpCaptureAdapter, DEFAULT_HTTP_CAPTURE } from '../../devices/document-camera/http-adapter.js';
import type { VendorCaptureAdapter } from '../../devices/document-camera/vendor-adapter.js';
import { createWsCaptureAdapter } from '../../devices/document-camera/ws-adapter.js';
import { DEFAULT_IMAGE_LIMITS } from '../../devices/document-camera/image-info.js';
import {
  startDocumentCameraSimulator,
  type DocumentCameraSimulator,
} from '../../devices/document-camera/simulator.js';
import type { DocumentCameraConfig } from '../../kiosk-config/types.js';
import { sameStatus, type DeviceStatus, type DeviceStatusReport } from '../../sync/protocol/device-health.js';
import { err, ok, type Result, type UserFacingError } from '../../sync/protocol/result.js';
import type { CapturedDocument, DocumentOcrReport, SimulatedDocumentKind } from '../api/devices.js';
import { createDocumentOcr, type DocumentOcr } from './document-ocr.js';
import { createOcrEngine, type OcrEngine } from './tesseract-engine.js';

export const DOCUMENT_CAMERA_ID = 'document-camera';

export interface DocumentService {
  /** Opens the camera (if configured); never throws: failures become its status. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The camera's status report, or null when no document camera is configured. */
  statusReport(): DeviceStatusReport | null;
  onStatus(listener: (report: DeviceStatusReport) => void): () => void;
  captureDocument(): Promise<Result<CapturedDocument, UserFacingError>>;
  ocrDocument(args: { readonly imageBase64?: string; readonly fromCamera?: boolean }): Promise<Result<DocumentOcrReport, UserFacingError>>;
  /** The simulated capture service, when the camera is simulated. */
  simulator(): DocumentCameraSimulator | null;
  simPlaceDocument(kind: SimulatedDocumentKind): Result<null, UserFacingError>;
}

export interface DocumentServiceOptions {
  readonly config: DocumentCameraConfig | undefined;
  /** The host's data dir: OCR keeps its unpacked language data in <dataDir>/ocr-cache (no page content). */
  readonly dataDir: string;
  readonly now?: () => Date;
  /** Tests may share one engine across hosts. */
  readonly engine?: OcrEngine;
}

const NO_CAMERA: UserFacingError = {
  code: 'no_document_camera',
  message: {
    zh: '此终端没有配置高拍仪，请使用其他方式提交材料，或请工作人员协助。',
    en: 'This terminal has no document camera; provide the material another way or ask staff.',
  },
};

const BAD_IMAGE_INPUT: UserFacingError = {
  code: 'bad_request',
  message: { zh: '请提供一张图片，或选择用高拍仪拍摄。', en: 'Provide one image, or choose to capture with the document camera.' },
  detail: 'ocrDocument: exactly one of imageBase64 or fromCamera: true is needed',
};

export function createDocumentService(options: DocumentServiceOptions): DocumentService {
  const { config } = options;
  // A UVC camera belongs to the screen (getUserMedia): the host never opens it; its status is what the screen
  // reports (main/host/uvc-camera-status.ts).
  const enabled = config !== undefined && config.enabled && config.transport.kind !== 'uvc';
  const now = options.now ?? (() => new Date());
  let engine: OcrEngine | null = options.engine ?? null;
  /** Only an engine made here is terminated here. */
  const ownsEngine = !options.engine;
  let ocr: DocumentOcr | null = null;
  const reader = (): DocumentOcr => {
    engine ??= createOcrEngine({ cacheDir: join(options.dataDir, 'ocr-cache') });
    ocr ??= createDocumentOcr({ engine, now });
    return ocr;
  };

  let camera: DocumentCamera | null = null;
  let sim: DocumentCameraSimulator | null = null;
  let report: DeviceStatusReport | null = config && config.transport.kind !== 'uvc'
    ? { deviceId: DOCUMENT_CAMERA_ID, deviceClass: 'document-camera', status: enabled ? { kind: 'starting' } : { kind: 'disabled' }, since: now().toISOString() }
    : null;
  const listeners = new Set<(r: DeviceStatusReport) => void>();
  const setStatus = (status: DeviceStatus): void => {
    if (!report || sameStatus(report.status, status)) return;
    const lastError = status.kind === 'no_device' || status.kind === 'error' ? status.detail : report.lastError;
    report = { ...report, status, since: now().toISOString(), ...(lastError ? { lastError } : {}) };
    for (const l of listeners) l(report);
  };

  const capture = async (): Promise<Result<CapturedDocument & { readonly bytes: Uint8Array }, UserFacingError>> => {
    if (!camera) return err(NO_CAMERA);
    const r = await camera.capture();
    if (!r.ok) return err(r.error);
    const { image, mime, width, height } = r.value;
    return ok({ bytes: image, imageBase64: Buffer.from(image).toString('base64'), mime, width, height });
  };

  return {
    async start() {
      if (!config || !enabled || camera) return;
      try {
        let adapter: VendorCaptureAdapter;
        let captureTimeoutMs: number | undefined;
        const t = config.transport;
        if (t.kind === 'simulated') {
          sim = await startDocumentCameraSimulator();
          adapter = createHttpCaptureAdapter({ ...DEFAULT_HTTP_CAPTURE, baseUrl: sim.baseUrl });
        } else if (t.kind === 'http') {
          adapter = createHttpCaptureAdapter({ baseUrl: t.baseUrl, capturePath: t.capturePath, captureMethod: t.captureMethod, statusPath: t.statusPath, response: t.response });
          captureTimeoutMs = t.captureTimeoutMs;
        } else if (t.kind === 'websocket') {
          adapter = createWsCaptureAdapter({ url: t.url, captureRequest: t.captureRequest, statusRequest: t.statusRequest, imageField: t.imageField });
          captureTimeoutMs = t.captureTimeoutMs;
        } else return; // unreachable: a UVC camera is not enabled here
        camera = createHttpDocumentCamera({
          deviceId: DOCUMENT_CAMERA_ID,
          adapter,
          ...(captureTimeoutMs ? { timeouts: { captureTimeoutMs } } : {}),
        });
        camera.onStatus(setStatus);
        await camera.start();
        setStatus(camera.status());
      } catch (e) {
        setStatus({ kind: 'error', code: 'start_failed', detail: (e as Error).message });
      }
    },

    async stop() {
      await camera?.stop();
      camera = null;
      await sim?.stop();
      sim = null;
      if (ownsEngine) {
        await engine?.terminate();
        engine = null;
        ocr = null;
      }
    },

    statusReport: () => report,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async captureDocument() {
      const r = await capture();
      if (!r.ok) return r;
      const { bytes: _bytes, ...page } = r.value;
      return ok(page);
    },

    async ocrDocument({ imageBase64, fromCamera }) {
      if ((imageBase64 === undefined) === (fromCamera !== true)) return err(BAD_IMAGE_INPUT);
      let bytes: Uint8Array;
      if (fromCamera) {
        const captured = await capture();
        if (!captured.ok) return captured;
        bytes = captured.value.bytes;
      } else {
        // The transport's schema already bounded the string and checked the base64 alphabet.
        bytes = Buffer.from(imageBase64!, 'base64');
      }
      const r = await reader().read(bytes);
      if (!r.ok) return err(r.error);
      return ok({ fields: r.value.fields, textConfidence: r.value.textConfidence });
    },

    simulator: () => sim,
    simPlaceDocument(kind) {
      if (!sim) {
        return err({
          code: 'not_simulated',
          message: {
            zh: '此终端的高拍仪不是模拟设备，无法执行模拟操作。',
            en: 'The document camera is not simulated on this terminal; simulation actions are not available.',
          },
        });
      }
      sim.place({ kind: 'document', document: kind });
      return ok(null);
    },
  };
}

/** Longest base64 text ocrDocument accepts: the image byte limit, as base64. */
export const MAX_IMAGE_BASE64_LENGTH = Math.ceil(DEFAULT_IMAGE_LIMITS.maxBytes / 3) * 4;
