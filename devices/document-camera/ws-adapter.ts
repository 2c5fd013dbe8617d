// The generic adapter for vendor capture services that speak WebSocket on 127.0.0.1 (many 高拍仪 SDKs do:
// the page or program sends a JSON command, the service answers with JSON carrying the image as base64).
// By configuration: the text sent to ask for a capture, the one sent to ask for status, and the dot path
// of the base64 image in the reply. Services also push other messages on the same socket (preview frames,
// device events): a capture waits for the first message that has a string at the image path and skips the
// rest. One connection per call, closed after it, so a service restart never leaves a dead socket behind.
import { WebSocket, type RawData } from 'ws';
import type { AdapterFailure, AdapterResult, VendorCaptureAdapter } from './vendor-adapter.js';

export interface GenericWsCaptureConfig {
  /** e.g. ws://127.0.0.1:1818 — loopback only (checked by kiosk-config). */
  readonly url: string;
  /** Sent to ask for one capture, e.g. {"cmd":"capture"}. */
  readonly captureRequest: string;
  /** Sent to ask whether the camera is usable; any JSON answer means the service is there. */
  readonly statusRequest: string;
  /** Dot path of the base64 image in the capture reply ("data.image", "img", ...). */
  readonly imageField: string;
}

export const DEFAULT_WS_CAPTURE: Omit<GenericWsCaptureConfig, 'url'> = {
  captureRequest: '{"cmd":"capture"}',
  statusRequest: '{"cmd":"status"}',
  imageField: 'data.image',
};

const failure = (kind: AdapterFailure['kind'], detail: string): { ok: false; error: AdapterFailure } => ({
  ok: false,
  error: { kind, detail } as AdapterFailure,
});

function pick(json: unknown, path: string): unknown {
  let v: unknown = json;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/**
 * Opens a socket, sends `request`, and hands each message to `onMessage` until it returns a result (or the
 * signal aborts, the socket fails or closes). Never throws.
 */
function exchange<T>(
  url: string,
  request: string,
  signal: AbortSignal,
  maxPayload: number,
  onMessage: (message: string) => AdapterResult<T> | null,
): Promise<AdapterResult<T>> {
  return new Promise((resolve) => {
    let settled = false;
    const socket = new WebSocket(url, { maxPayload, handshakeTimeout: 5_000 });
    const finish = (result: AdapterResult<T>): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners();
      socket.on('error', () => undefined); // a late error after we are done must not crash the host
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close();
      resolve(result);
    };
    const onAbort = (): void => finish(failure('timeout', `${url}: no answer in time`));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('open', () => socket.send(request));
    socket.on('message', (data, isBinary) => {
      if (isBinary) return; // a preview frame or other binary push: not the answer
      const result = onMessage(text(data));
      if (result) finish(result);
    });
    socket.on('error', (e: Error & { code?: string }) => {
      // ws reports an over-long message as an error with this code (RangeError 'Max payload size exceeded').
      if (e.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' || /max payload/i.test(e.message))
        return finish(failure('too_large', `${url}: message over ${maxPayload} bytes`));
      finish(failure('unreachable', `${url}: ${e.code ?? e.message}`));
    });
    socket.on('close', (code) => finish(failure('unreachable', `${url}: closed (${code}) before an answer`)));
  });
}

export function createWsCaptureAdapter(config: GenericWsCaptureConfig): VendorCaptureAdapter {
  const { url } = config;
  return {
    describe: `websocket ${url}`,

    probe(signal) {
      return exchange<null>(url, config.statusRequest, signal, 64 * 1024, (message) => {
        try {
          JSON.parse(message);
          return { ok: true, value: null };
        } catch {
          return failure('bad_response', `${url}: status answer is not JSON`);
        }
      });
    },

    capture(signal, maxBytes) {
      // base64 is 4/3 of the bytes, plus the JSON around it.
      const maxPayload = Math.ceil((maxBytes * 4) / 3) + 64 * 1024;
      return exchange<Uint8Array>(url, config.captureRequest, signal, maxPayload, (message) => {
        let json: unknown;
        try {
          json = JSON.parse(message);
        } catch {
          return failure('bad_response', `${url}: a message that is not JSON`);
        }
        const field = pick(json, config.imageField);
        if (field === undefined) return null; // another kind of message: wait for the capture's
        if (typeof field !== 'string') return failure('bad_response', `${url}: "${config.imageField}" is not a string`);
        const b64 = field.replace(/^data:image\/[a-z]+;base64,/, '');
        if (b64.length === 0 || !/^[A-Za-z0-9+/\r\n]*={0,2}$/.test(b64)) return failure('bad_response', `${url}: "${config.imageField}" is not base64`);
        const bytes = Buffer.from(b64, 'base64');
        if (bytes.byteLength > maxBytes) return failure('too_large', `${url}: image over ${maxBytes} bytes`);
        return { ok: true, value: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
      });
    },
  };
}
