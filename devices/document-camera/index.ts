// Document camera (高拍仪): interface, vendor HTTP and WebSocket adapters + driver, simulator, synthetic documents.
export type { CapturedImage, CaptureFailureCode, CaptureResult, DocumentCamera } from './camera.js';
export type { AdapterFailure, AdapterResult, VendorCaptureAdapter } from './vendor-adapter.js';
export { createHttpCaptureAdapter, DEFAULT_HTTP_CAPTURE, type GenericHttpCaptureConfig } from './http-adapter.js';
export { createWsCaptureAdapter, DEFAULT_WS_CAPTURE, type GenericWsCaptureConfig } from './ws-adapter.js';
export {
  createHttpDocumentCamera,
  DEFAULT_DOCUMENT_CAMERA_TIMEOUTS,
  type DocumentCameraTimeouts,
  type HttpDocumentCameraOptions,
} from './driver.js';
export {
  DEFAULT_IMAGE_LIMITS,
  imageTooLarge,
  inspectImage,
  type ImageInfo,
  type ImageLimits,
  type ImageMime,
  type ImageProblemCode,
} from './image-info.js';
export {
  SIMULATOR_JSON_FIELD,
  startDocumentCameraSimulator,
  type DocumentCameraSimulator,
  type SimulatedPage,
  type SimulatedResponseShape,
} from './simulator.js';
export {
  SYNTHETIC_DOCUMENT_KINDS,
  SYNTHETIC_VALUES,
  syntheticDocumentPng,
  type SyntheticDocumentKind,
} from './synthetic-documents.js';
