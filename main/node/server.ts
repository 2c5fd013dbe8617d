// The host as a local web server: the built renderer (dist/renderer) with this boot's token injected
// into index.html, strict security headers, and TerminalApi over a WebSocket at WS_PATH.
// Used by the Node entry (index.ts), the end-to-end tests (in-process), and anything else that needs a
// running terminal without Electron.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { KioskConfig } from '../../kiosk-config/types.js';
import { createTerminalHost, type TerminalHost, type TerminalHostOptions } from '../host/host.js';
import { createDispatcher } from '../transport/dispatcher.js';
import { MAX_RPC_FRAME_BYTES } from '../transport/params.js';
import { buildCsp, securityHeaders } from '../transport/security.js';
import { attachWsServer, type WsServer } from '../transport/ws-server.js';
import { DEFAULT_BIND_HOST, DEFAULT_PORT } from './options.js';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '..', '..');
export const DEFAULT_RENDERER_DIR = join(REPO_ROOT, 'dist', 'renderer');
export const TOKEN_META_NAME = 'yichuang-token';

export interface HostServerOptions {
  readonly config: KioskConfig;
  readonly dataDir: string;
  /** Default 7710; 0 picks a free port (tests). */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly rendererDir?: string;
  /** Default: package.json version. */
  readonly version?: string;
  /** Passed to createTerminalHost (tests inject device factories or short timeouts). */
  readonly hostOptions?: Pick<TerminalHostOptions, 'factories' | 'now' | 'printTimeoutMs' | 'restartDelayMs'>;
  readonly log?: (line: string) => void;
}

export interface RunningHostServer {
  /** http://127.0.0.1:PORT/ */
  readonly url: string;
  readonly port: number;
  /** This boot's API token (also in index.html's <meta name="yichuang-token">). */
  readonly token: string;
  /** The origins a page may connect from. */
  readonly origins: readonly string[];
  readonly host: TerminalHost;
  readonly http: FastifyInstance;
  /** Stops the WebSocket, the HTTP server and the devices. Idempotent. */
  close(reason?: string): Promise<void>;
}

export function packageVersion(): string {
  try {
    return (
      (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ??
      '0.0.0'
    );
  } catch {
    return '0.0.0';
  }
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];
const isWildcard = (h: string): boolean => h === '0.0.0.0' || h === '::' || h === '[::]';
const bracket = (h: string): string => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);

/** Host names this server answers to: loopback always, plus the bound address (or every interface for 0.0.0.0). */
export function ownHostNames(bindHost: string): string[] {
  const names = new Set(LOOPBACK_HOSTS);
  if (isWildcard(bindHost)) {
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) names.add(bracket(a.address));
  } else {
    names.add(bracket(bindHost));
  }
  return [...names];
}

export function injectToken(html: string, token: string): string {
  const meta = `<meta name="${TOKEN_META_NAME}" content="${token.replace(/[^A-Za-z0-9_-]/g, '')}">`;
  const head = /<head[^>]*>/i.exec(html);
  if (!head) return meta + html;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}\n    ${meta}${html.slice(at)}`;
}

const NOT_BUILT_PAGE = (dir: string): string => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>一窗 Yichuang</title></head>
<body><h1>界面尚未构建 / The renderer is not built</h1>
<p>未找到 ${escapeHtml(dir)}/index.html。请先运行 <code>npm run build</code>。</p>
<p>${escapeHtml(dir)}/index.html was not found. Run <code>npm run build</code> first.</p></body></html>`;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function startHostServer(opts: HostServerOptions): Promise<RunningHostServer> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const bindHost = opts.host ?? DEFAULT_BIND_HOST;
  const rendererDir = resolve(opts.rendererDir ?? DEFAULT_RENDERER_DIR);
  const token = randomBytes(32).toString('base64url');
  const host = createTerminalHost({
    config: opts.config,
    dataDir: opts.dataDir,
    version: opts.version ?? packageVersion(),
    ...opts.hostOptions,
  });

  // Known once listening (port 0 picks one); read by the hooks below on every request.
  let port = 0;
  let origins: string[] = [];
  let allowedHosts = new Set<string>();
  let headers: Record<string, string> = {};

  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, trustProxy: false });

  app.addHook('onRequest', async (req, reply) => {
    // DNS-rebinding guard: answer only to our own host names.
    if (!allowedHosts.has(req.headers.host ?? '')) {
      return reply
        .code(421)
        .header('content-type', 'text/plain; charset=utf-8')
        .send('misdirected request\n');
    }
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    for (const [k, v] of Object.entries(headers)) reply.header(k, v);
    return payload;
  });

  // Read on every page request (a small file): a rebuilt renderer is served without restarting the host.
  const indexPath = join(rendererDir, 'index.html');
  const readIndex = (): string | null => {
    try {
      return injectToken(readFileSync(indexPath, 'utf8'), token);
    } catch {
      return null;
    }
  };
  const sendIndex = (reply: import('fastify').FastifyReply, indexHtml = readIndex()): unknown =>
    indexHtml === null
      ? reply
          .code(503)
          .header('content-type', 'text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(NOT_BUILT_PAGE(rendererDir))
      : reply
          .header('content-type', 'text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(indexHtml);

  app.get('/', (_req, reply) => sendIndex(reply));
  app.get('/index.html', (_req, reply) => sendIndex(reply));
  // Registered even before the first build: files are looked up per request.
  await app.register(fastifyStatic, { root: rendererDir, index: false, redirect: false, dotfiles: 'deny' });
  app.setNotFoundHandler((req, reply) => {
    // Client-side routes (no file extension, a page request) get the app; anything else is a 404.
    const path = req.url.split('?')[0] ?? '';
    if (
      req.method === 'GET' &&
      !/\.[A-Za-z0-9]+$/.test(path) &&
      (req.headers.accept ?? '').includes('text/html')
    )
      return sendIndex(reply);
    return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('not found\n');
  });
  app.setErrorHandler((error, _req, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return reply
      .code(status >= 400 && status < 600 ? status : 500)
      .header('content-type', 'text/plain; charset=utf-8')
      .send(status >= 500 ? 'host error\n' : 'bad request\n');
  });

  const dispatch = createDispatcher(host.api, {
    onHostFault: (method, error) =>
      console.error(`[host] ${method} failed:`, error instanceof Error ? error.message : String(error)),
  });
  let ws: WsServer | null = null;
  try {
    await app.listen({ port: opts.port ?? DEFAULT_PORT, host: bindHost });
  } catch (e) {
    await host.stop('listen failed');
    throw e;
  }
  const address = app.server.address();
  port = typeof address === 'object' && address !== null ? address.port : (opts.port ?? DEFAULT_PORT);
  const names = ownHostNames(bindHost);
  allowedHosts = new Set(names.map((n) => `${n}:${port}`));
  origins = names.map((n) => `http://${n}:${port}`);
  headers = securityHeaders(
    buildCsp({
      // CSP host sources cannot name IPv6 literals; 'self' still covers a page opened on [::1].
      hostSockets: names.filter((n) => !n.startsWith('[')).map((n) => `ws://${n}:${port}`),
      platformUrl: opts.config.platform.url,
    }),
  );
  ws = attachWsServer({
    server: app.server,
    dispatch,
    subscribe: (listener) => host.onEvent(listener),
    token,
    allowedOrigins: () => origins,
    // Camera images travel to ocrDocument in one frame; the dispatcher's zod schemas bound each field.
    maxPayloadBytes: MAX_RPC_FRAME_BYTES,
    sessions: { opened: () => host.sessionOpened('ws'), closed: (id) => host.sessionClosed('ws', id) },
    onRefused: (reason) => log(`[host] WebSocket refused: ${reason}`),
  });

  await host.start();
  const url = `http://${isWildcard(bindHost) ? '127.0.0.1' : bracket(bindHost)}:${port}/`;

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    token,
    origins,
    host,
    http: app,
    close(reason = 'stop') {
      closing ??= (async () => {
        await ws?.close();
        await app.close();
        await host.stop(reason);
      })();
      return closing;
    },
  };
}
