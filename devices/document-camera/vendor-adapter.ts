// What a vendor's local capture service must offer the driver. Each vendor's SDK service differs in
// paths and response shape (raw JPEG, or JSON with a base64 field); an adapter hides that. The generic
// HTTP adapter (http-adapter.ts) covers the common shape by configuration; a vendor with a WebSocket-only
// service gets its own adapter implementing this interface.

export type AdapterFailure =
  /** Nothing listening, connection refused or reset: the service (or the camera behind it) is absent. */
  | { readonly kind: 'unreachable'; readonly detail: string }
  | { readonly kind: 'timeout'; readonly detail: string }
  /** The service answered with an error or an unusable body. */
  | { readonly kind: 'bad_response'; readonly detail: string }
  /** The body is bigger than the limit: refused while streaming, never buffered in full. */
  | { readonly kind: 'too_large'; readonly detail: string };

export type AdapterResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AdapterFailure };

export interface VendorCaptureAdapter {
  /** Cheap liveness check (the driver polls it to report unplug and replug). */
  probe(signal: AbortSignal): Promise<AdapterResult<null>>;
  /** One full-resolution capture: the encoded image bytes as the service sent them. */
  capture(signal: AbortSignal, maxBytes: number): Promise<AdapterResult<Uint8Array>>;
  /** For logs: where it talks to (no personal data). */
  readonly describe: string;
}
