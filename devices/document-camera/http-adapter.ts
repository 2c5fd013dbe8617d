// The generic adapter for vendor capture services on 127.0.0.1: a GET (or POST) to a capture path that
// answers either with the image itself (image/jpeg or image/png) or with JSON carrying the image as
// base64 in a configurable field ("data.image", "img", ...; a "data:image/jpeg;base64," prefix is
// accepted). A status path answers 2xx while the camera is usable.
import type { AdapterFailure, AdapterResult, VendorCaptureAdapter } from './vendor-adapter.js';

export interface GenericHttpCaptureConfig {
  /** e.g. http://127.0.0.1:38088 — loopback only (checked by kiosk-config). */
  readonly baseUrl: string;
  readonly capturePath: string;
  readonly captureMethod: 'GET' | 'POST';
  readonly statusPath: string;
  readonly response: { readonly kind: 'binary' } | { readonly kind: 'json-base64'; readonly field: string };
}

export const DEFAULT_HTTP_CAPTURE: Omit<GenericHttpCaptureConfig, 'baseUrl'> = {
  capturePath: '/capture',
  captureMethod: 'GET',
  statusPath: '/status',
  response: { kind: 'binary' },
};

const failure = (kind: AdapterFailure['kind'], detail: string): { ok: false; error: AdapterFailure } => ({
  ok: false,
  error: { kind, detail } as AdapterFailure,
});

/** Connection-level errors from fetch (undici puts the system error in `cause`). */
function classify(e: unknown, url: string, signal: AbortSignal): { ok: false; error: AdapterFailure } {
  if (signal.aborted) return failure('timeout', `${url}: no answer in time`);
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (e as { code?: string }).code ?? '';
  return failure('unreachable', `${url}: ${code || (cause?.message ?? (e as Error).message)}`);
}

/** Reads a body up to maxBytes, aborting the transfer as soon as it goes over. */
async function readLimited(res: Response, maxBytes: number): Promise<Uint8Array | 'too_large'> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    return 'too_large';
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return 'too_large';
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function pick(json: unknown, path: string): unknown {
  let v: unknown = json;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export function createHttpCaptureAdapter(config: GenericHttpCaptureConfig): VendorCaptureAdapter {
  const url = (path: string): string => new URL(path, config.baseUrl).toString();
  return {
    describe: `http ${config.baseUrl}`,

    async probe(signal) {
      const target = url(config.statusPath);
      try {
        const res = await fetch(target, { signal });
        await res.body?.cancel();
        return res.ok ? { ok: true, value: null } : failure('bad_response', `${target}: HTTP ${res.status}`);
      } catch (e) {
        return classify(e, target, signal);
      }
    },

    async capture(signal, maxBytes): Promise<AdapterResult<Uint8Array>> {
      const target = url(config.capturePath);
      let res: Response;
      try {
        res = await fetch(target, { method: config.captureMethod, signal });
      } catch (e) {
        return classify(e, target, signal);
      }
      try {
        if (!res.ok) {
          await res.body?.cancel();
          return failure('bad_response', `${target}: HTTP ${res.status}`);
        }
        if (config.response.kind === 'binary') {
          const body = await readLimited(res, maxBytes);
          return body === 'too_large' ? failure('too_large', `${target}: body over ${maxBytes} bytes`) : { ok: true, value: body };
        }
        // base64 is 4/3 of the bytes, plus the JSON around it.
        const text = await readLimited(res, Math.ceil((maxBytes * 4) / 3) + 64 * 1024);
        if (text === 'too_large') return failure('too_large', `${target}: JSON body over the limit for ${maxBytes} image bytes`);
        let json: unknown;
        try {
          json = JSON.parse(new TextDecoder().decode(text));
        } catch {
          return failure('bad_response', `${target}: body is not JSON`);
        }
        const field = pick(json, config.response.field);
        if (typeof field !== 'string') return failure('bad_response', `${target}: no string at "${config.response.field}"`);
        const b64 = field.replace(/^data:image\/[a-z]+;base64,/, '');
        if (!/^[A-Za-z0-9+/\r\n]*={0,2}$/.test(b64)) return failure('bad_response', `${target}: "${config.response.field}" is not base64`);
        const bytes = Buffer.from(b64, 'base64');
        if (bytes.byteLength > maxBytes) return failure('too_large', `${target}: image over ${maxBytes} bytes`);
        return { ok: true, value: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
      } catch (e) {
        return classify(e, target, signal);
      }
    },
  };
}
