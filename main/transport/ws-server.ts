// TerminalApi over a WebSocket at WS_PATH on the host's own HTTP server (the `ws` package).
// Who may connect: a page that knows this boot's random token (`?token=`, compared in constant time)
// and whose Origin is one of the host's own origins, with a Host header to match (no cross-site pages,
// no DNS rebinding). Frames are RpcRequest in, RpcResponse / RpcEventFrame out. A bad frame gets a
// fault response; nothing a client sends can crash the host.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { WS_PATH, WS_TOKEN_PARAM, type RpcEventFrame, type RpcResponse } from '../api/rpc-wire.js';
import type { TerminalEvent } from '../api/terminal-api.js';
import { NO_REQUEST_ID, type Dispatch } from './dispatcher.js';

export interface WsSessionHooks {
  opened(): string;
  closed(sessionId: string): void;
}

export interface WsServerOptions {
  readonly server: Server;
  readonly dispatch: Dispatch;
  readonly subscribe: (listener: (event: TerminalEvent) => void) => () => void;
  readonly token: string;
  /** The host's own origins (e.g. http://127.0.0.1:7710). Read on every upgrade: the port may be known late. */
  readonly allowedOrigins: () => readonly string[];
  readonly sessions?: WsSessionHooks;
  readonly maxPayloadBytes?: number;
  readonly heartbeatMs?: number;
  /** Told why an upgrade was refused (for the console). */
  readonly onRefused?: (reason: string) => void;
}

export interface WsServer {
  clientCount(): number;
  close(): Promise<void>;
}

const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export function tokensEqual(given: string, expected: string): boolean {
  // Hash both sides: equal lengths for timingSafeEqual, and no early exit on a length mismatch.
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

type Verdict = { ok: true } | { ok: false; status: 400 | 401 | 403 | 404; reason: string };

export function checkUpgrade(
  req: IncomingMessage,
  token: string,
  allowedOrigins: readonly string[],
): Verdict {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return { ok: false, status: 400, reason: 'bad request line' };
  }
  if (url.pathname !== WS_PATH) return { ok: false, status: 404, reason: `no WebSocket at ${url.pathname}` };
  const origin = req.headers.origin;
  if (origin === undefined || !allowedOrigins.includes(origin)) {
    return { ok: false, status: 403, reason: `origin not allowed: ${origin ?? '(none)'}` };
  }
  // The Host header must name the same origin the page came from (defeats DNS rebinding).
  if (req.headers.host === undefined || new URL(origin).host !== req.headers.host) {
    return {
      ok: false,
      status: 403,
      reason: `host ${req.headers.host ?? '(none)'} does not match origin ${origin}`,
    };
  }
  const given = url.searchParams.get(WS_TOKEN_PARAM);
  if (given === null || !tokensEqual(given, token))
    return { ok: false, status: 401, reason: 'missing or wrong token' };
  return { ok: true };
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
};

function refuse(socket: Duplex, status: number): void {
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    );
  }
  socket.destroy();
}

export function attachWsServer(options: WsServerOptions): WsServer {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayloadBytes ?? 1024 * 1024,
    perMessageDeflate: false,
  });
  const alive = new WeakMap<WebSocket, boolean>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const verdict = checkUpgrade(req, options.token, options.allowedOrigins());
    if (!verdict.ok) {
      options.onRefused?.(verdict.reason);
      refuse(socket, verdict.status);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  options.server.on('upgrade', onUpgrade);

  const send = (ws: WebSocket, frame: RpcResponse | RpcEventFrame | string): void => {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      // A client that does not read is dropped rather than buffered without bound.
      ws.terminate();
      return;
    }
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  };

  wss.on('connection', (ws: WebSocket) => {
    alive.set(ws, true);
    const sessionId = options.sessions?.opened();
    ws.on('pong', () => alive.set(ws, true));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      if (sessionId !== undefined) options.sessions?.closed(sessionId);
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        send(ws, { id: NO_REQUEST_ID, ok: false, fault: 'bad request: binary frames are not accepted' });
        return;
      }
      let request: unknown;
      try {
        request = JSON.parse(rawText(data));
      } catch {
        send(ws, { id: NO_REQUEST_ID, ok: false, fault: 'bad request: frame is not JSON' });
        return;
      }
      void options.dispatch(request).then(
        (response) => send(ws, response),
        () => send(ws, { id: NO_REQUEST_ID, ok: false, fault: 'host fault' }),
      );
    });
  });

  const unsubscribe = options.subscribe((event) => {
    const frame = JSON.stringify({ event } satisfies RpcEventFrame);
    for (const ws of wss.clients) send(ws, frame);
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  return {
    clientCount: () => wss.clients.size,
    close() {
      clearInterval(heartbeat);
      unsubscribe();
      options.server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.close(1001, 'host stopping');
      return new Promise((resolve) => {
        // Clients that do not answer the close handshake are cut after a moment.
        const timer = setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
        }, 1000);
        wss.close(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
