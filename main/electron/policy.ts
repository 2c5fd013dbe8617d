// The decisions the Electron entry makes, kept free of 'electron' so they are unit-tested here
// (the Electron binary cannot run on these machines): which origin is ours, which permission is
// granted, which file app:// serves, which flags belong to the host.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { securityHeaders } from '../transport/security.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'yichuang';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Attach mode's URL: must be a loopback http URL of a running Node host. Null when unset. */
export function attachUrl(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  const url = new URL(value);
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`YICHUANG_HOST_URL must be a loopback http URL, got ${value}`);
  }
  return url.href;
}

/** Scheme + host (+ port). Not URL.origin: Node gives 'null' as the origin of non-special schemes like app:. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.host === '' ? null : `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

export function sameOrigin(url: string, origin: string): boolean {
  const o = originOf(url);
  return o !== null && o === originOf(origin);
}

/** The Node entry's flags that make sense here; Chromium's own switches are left alone. */
export function hostArgs(argv: readonly string[]): string[] {
  const known = ['--config', '--profile', '--platform-url', '--data-dir'];
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.split('=')[0]!;
    if (!known.includes(name)) continue;
    out.push(a);
    if (!a.includes('=') && argv[i + 1] !== undefined) out.push(argv[++i]!);
  }
  return out;
}

export interface PermissionAsk {
  readonly permission: string;
  /** The page's origin (app://yichuang, or the attached host's origin). */
  readonly pageOrigin: string;
  /** Where the request comes from: requesting URL (request handler) or origin (check handler). */
  readonly requestingUrl: string;
  /** For 'media': what is asked for ('video' = camera, 'audio' = microphone). */
  readonly mediaTypes?: readonly string[];
}

/** Camera only (the document camera, 高拍仪) and durable storage for the local database, from our page. */
export function permissionAllowed(ask: PermissionAsk): boolean {
  if (!sameOrigin(ask.requestingUrl, ask.pageOrigin)) return false;
  if (ask.permission === 'media') {
    const types = ask.mediaTypes ?? [];
    return types.length > 0 && types.every((t) => t === 'video');
  }
  return ask.permission === 'persistent-storage';
}

/** Schemes the page may load anything from at all (CSP narrows it further). */
export function schemeAllowed(url: string): boolean {
  const scheme = url.split(':')[0] ?? '';
  return [APP_SCHEME, 'http', 'https', 'ws', 'wss', 'data', 'blob', 'devtools'].includes(scheme);
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

/** app://yichuang/<path> → a file of the built renderer, with the CSP and security headers. */
export async function serveRendererFile(
  request: Request,
  rendererDir: string,
  csp: string,
): Promise<Response> {
  const headers = securityHeaders(csp);
  const notFound = (): Response => new Response('not found', { status: 404, headers });
  let url: URL;
  let path: string;
  try {
    url = new URL(request.url);
    path = decodeURIComponent(url.pathname);
  } catch {
    return notFound();
  }
  if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) return notFound();
  const root = resolve(rendererDir);
  let file = normalize(join(root, path === '/' ? 'index.html' : path));
  if (!file.startsWith(root + sep)) return notFound();
  // Client-side routes (no extension) get the app.
  if (extname(file) === '') file = join(root, 'index.html');
  try {
    const body = await readFile(file);
    return new Response(request.method === 'HEAD' ? null : body, {
      headers: {
        ...headers,
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      },
    });
  } catch {
    return notFound();
  }
}
