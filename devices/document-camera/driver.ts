// Document camera driver over a vendor capture adapter. States: starting → ready ⇄ busy (one capture at
// a time); no_device whenever the service does not answer, found again by a probe on a fixed interval
// (so an unplugged camera or a restarted vendor service shows up on the staff panel without a capture
// attempt). Every wait has a name and a limit.
import { StatusCell } from '../core/status-cell.js';
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import { err, ok, type UserFacingError } from '../../sync/protocol/result.js';
import type { CaptureFailureCode, CaptureResult, DocumentCamera } from './camera.js';
import { DEFAULT_IMAGE_LIMITS, imageTooLarge, inspectImage, type ImageLimits } from './image-info.js';
import type { AdapterFailure, VendorCaptureAdapter } from './vendor-adapter.js';

export interface DocumentCameraTimeouts {
  /** Longest a capture may take: vendor services focus, expose and encode at full resolution (often 1–3 s). */
  readonly captureTimeoutMs: number;
  /** Longest a liveness probe may take. */
  readonly probeTimeoutMs: number;
  /** How often the service is probed while idle. */
  readonly probeIntervalMs: number;
}

export const DEFAULT_DOCUMENT_CAMERA_TIMEOUTS: DocumentCameraTimeouts = {
  captureTimeoutMs: 10_000,
  probeTimeoutMs: 2_000,
  probeIntervalMs: 5_000,
};

export interface HttpDocumentCameraOptions {
  readonly deviceId: string;
  readonly adapter: VendorCaptureAdapter;
  readonly timeouts?: Partial<DocumentCameraTimeouts>;
  readonly limits?: ImageLimits;
}

const MESSAGES: Record<'no_device' | 'timeout' | 'busy' | 'bad_response' | 'stopped', { zh: string; en: string }> = {
  no_device: {
    zh: '高拍仪未连接或其服务未运行，请检查设备，或请工作人员协助。',
    en: 'The document camera is not connected or its service is not running; check the device or ask staff.',
  },
  timeout: { zh: '高拍仪拍摄超时，请重试。', en: 'The document camera took too long to capture; please try again.' },
  busy: { zh: '高拍仪正在拍摄，请稍候。', en: 'The document camera is already capturing; please wait.' },
  bad_response: {
    zh: '高拍仪返回的内容无法识别，请重试或请工作人员协助。',
    en: 'The document camera sent something that is not an image; try again or ask staff.',
  },
  stopped: { zh: '高拍仪已停止。', en: 'The document camera has been stopped.' },
};

const failure = (code: keyof typeof MESSAGES, detail?: string): UserFacingError<CaptureFailureCode> => ({
  code,
  message: MESSAGES[code],
  ...(detail ? { detail } : {}),
});

function fromAdapter(e: AdapterFailure, maxBytes: number): UserFacingError<CaptureFailureCode> {
  switch (e.kind) {
    case 'unreachable':
      return failure('no_device', e.detail);
    case 'timeout':
      return failure('timeout', e.detail);
    case 'bad_response':
      return failure('bad_response', e.detail);
    case 'too_large':
      return imageTooLarge(maxBytes, e.detail);
  }
}

export function createHttpDocumentCamera(options: HttpDocumentCameraOptions): DocumentCamera {
  const timeouts = { ...DEFAULT_DOCUMENT_CAMERA_TIMEOUTS, ...options.timeouts };
  const limits = options.limits ?? DEFAULT_IMAGE_LIMITS;
  const { adapter } = options;
  const cell = new StatusCell({ kind: 'starting' });
  let running = false;
  let capturing = false;
  let probeTimer: NodeJS.Timeout | undefined;
  let probing: Promise<void> | null = null;
  /** Aborted on stop(): cancels a probe or capture in flight. */
  let lifetime = new AbortController();

  const statusFor = (e: AdapterFailure): DeviceStatus =>
    e.kind === 'unreachable'
      ? { kind: 'no_device', detail: e.detail }
      : { kind: 'error', code: e.kind, detail: e.detail };

  const probe = (): Promise<void> =>
    (probing ??= (async () => {
      const signal = AbortSignal.any([lifetime.signal, AbortSignal.timeout(timeouts.probeTimeoutMs)]);
      const r = await adapter.probe(signal);
      if (!running || capturing) return;
      cell.set(r.ok ? { kind: 'ready' } : statusFor(r.error));
    })().finally(() => {
      probing = null;
    }));

  const schedule = (): void => {
    clearTimeout(probeTimer);
    if (!running) return;
    probeTimer = setTimeout(() => {
      void probe().finally(schedule);
    }, timeouts.probeIntervalMs);
    probeTimer.unref();
  };

  return {
    deviceId: options.deviceId,
    status: () => cell.get(),
    onStatus: (listener) => cell.subscribe(listener),

    async start() {
      if (running) return;
      running = true;
      lifetime = new AbortController();
      await probe();
      schedule();
    },

    async stop() {
      running = false;
      clearTimeout(probeTimer);
      lifetime.abort();
      await probing?.catch(() => undefined);
      cell.set({ kind: 'disabled' });
    },

    async capture(): Promise<CaptureResult> {
      if (!running) return err(failure('stopped'));
      if (capturing) return err(failure('busy'));
      capturing = true;
      const before = cell.get();
      cell.set({ kind: 'busy' });
      let next: DeviceStatus = before.kind === 'busy' ? { kind: 'ready' } : before;
      try {
        const signal = AbortSignal.any([lifetime.signal, AbortSignal.timeout(timeouts.captureTimeoutMs)]);
        const r = await adapter.capture(signal, limits.maxBytes);
        if (!r.ok) {
          // A timeout says nothing about whether the service is alive; the next probe decides.
          next = r.error.kind === 'unreachable' ? statusFor(r.error) : r.error.kind === 'timeout' ? before : { kind: 'ready' };
          if (r.error.kind === 'timeout') void Promise.resolve().then(probe);
          return err(fromAdapter(r.error, limits.maxBytes));
        }
        next = { kind: 'ready' };
        const info = inspectImage(r.value, limits);
        if (!info.ok) return err(info.error);
        return ok({ image: r.value, ...info.value });
      } finally {
        capturing = false;
        if (running) cell.set(next);
      }
    },
  };
}
