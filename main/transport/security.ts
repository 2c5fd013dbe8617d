// Content-Security-Policy and security headers for the renderer, shared by the Node server and the
// Electron shell. No remote scripts, no inline scripts, no eval; the page may talk only to its own
// host (HTTP and the API WebSocket) and to the central platform.

export interface CspOptions {
  /** Extra connect-src entries for the host's own API WebSocket, e.g. ws://127.0.0.1:7710. */
  readonly hostSockets: readonly string[];
  /** Base URL of the central platform (replication over HTTP, live stream over HTTP or WebSocket). */
  readonly platformUrl: string;
  /** Electron's app:// scheme serves the page; 'self' then means app://yichuang. */
  readonly selfSources?: readonly string[];
}

export function platformSources(platformUrl: string): string[] {
  const url = new URL(platformUrl);
  const wsProtocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return [url.origin, `${wsProtocol}//${url.host}`];
}

export function buildCsp(options: CspOptions): string {
  const self = ["'self'", ...(options.selfSources ?? [])].join(' ');
  const directives: Record<string, string> = {
    'default-src': self,
    'script-src': self,
    'script-src-attr': "'none'",
    // Inline style attributes only (React's style prop, third-party widgets); never inline script.
    'style-src': `${self} 'unsafe-inline'`,
    'img-src': `${self} data: blob:`,
    'font-src': `${self} data:`,
    // The document camera (getUserMedia) renders into <video> from a MediaStream.
    'media-src': `${self} blob: mediastream:`,
    'connect-src': [self, ...options.hostSockets, ...platformSources(options.platformUrl)].join(' '),
    'worker-src': `${self} blob:`,
    'manifest-src': self,
    'object-src': "'none'",
    'frame-src': "'none'",
    'child-src': "'none'",
    'base-uri': "'none'",
    'form-action': "'none'",
    'frame-ancestors': "'none'",
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');
}

export function securityHeaders(csp: string): Record<string, string> {
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy':
      'camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=()',
  };
}
