// A vendor capture service on 127.0.0.1, for tests, demos and simulated terminals: it answers the generic
// HTTP protocol (GET /status, GET /capture) with a generated document page, as raw PNG or as JSON with
// base64 — so the real adapter and driver are exercised over a real socket. It also speaks the WebSocket
// shape other vendors use, on /ws: {"cmd":"status"} and {"cmd":"capture"} in, JSON out (a capture is
// preceded by an unrelated event message, as real services push them). It can be told to put another
// document under the camera, to answer slowly, to send an oversize or broken image, or to go away.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  DEFAULT_SYNTHETIC_DIR,
  syntheticDocumentPng,
  type SyntheticDocumentKind,
} from './synthetic-documents.js';

export type SimulatedResponseShape = 'binary' | 'json-base64';

/** Where the JSON shape puts the image: like several vendors' {"code":0,"data":{"image":"..."}}. */
export const SIMULATOR_JSON_FIELD = 'data.image';

export interface DocumentCameraSimulatorOptions {
  readonly shape?: SimulatedResponseShape;
  /** 0 = any free port. */
  readonly port?: number;
  readonly cacheDir?: string;
}

export type SimulatedPage =
  | { readonly kind: 'document'; readonly document: SyntheticDocumentKind }
  /** Exact bytes: oversize or broken images for tests. */
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly contentType: string };

export interface DocumentCameraSimulator {
  readonly baseUrl: string;
  /** The WebSocket service: ws://127.0.0.1:PORT/ws. */
  readonly wsUrl: string;
  readonly shape: SimulatedResponseShape;
  /** What lies under the camera now. */
  place(page: SimulatedPage): void;
  /** Delay before each capture answer (focus and exposure of a slow camera). */
  setCaptureDelay(ms: number): void;
  /** How many captures were served. */
  captures(): number;
  /** Stops listening (the service is gone); start() brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startDocumentCameraSimulator(options: DocumentCameraSimulatorOptions = {}): Promise<DocumentCameraSimulator> {
  const shape = options.shape ?? 'binary';
  const cacheDir = options.cacheDir ?? DEFAULT_SYNTHETIC_DIR;
  let page: SimulatedPage = { kind: 'document', document: 'id_card_copy' };
  let delayMs = 0;
  let served = 0;
  let server: Server | null = null;
  let port = options.port ?? 0;
  const pending = new Set<ServerResponse>();
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });

  const pageBytes = async (): Promise<{ bytes: Uint8Array; contentType: string }> =>
    page.kind === 'bytes' ? page : { bytes: await syntheticDocumentPng(page.document, cacheDir), contentType: 'image/png' };

  const onSocket = (socket: WebSocket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data) => {
      void (async () => {
        let cmd: unknown;
        try {
          cmd = (JSON.parse(String(data)) as { cmd?: unknown }).cmd;
        } catch {
          cmd = undefined;
        }
        if (cmd === 'status') return socket.send('{"code":0,"status":"ready"}');
        if (cmd !== 'capture') return socket.send('{"code":1,"message":"unknown command"}');
        socket.send('{"event":"focus","code":0}');
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        if (socket.readyState !== socket.OPEN) return;
        const { bytes } = await pageBytes();
        served++;
        socket.send(JSON.stringify({ code: 0, data: { image: Buffer.from(bytes).toString('base64') } }));
      })().catch(() => socket.terminate());
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/status') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"code":0,"status":"ready"}');
      return;
    }
    if (path !== '/capture') {
      res.writeHead(404).end();
      return;
    }
    pending.add(res);
    res.on('close', () => pending.delete(res));
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    if (res.destroyed) return;
    const { bytes, contentType } = await pageBytes();
    served++;
    if (shape === 'binary') {
      res.writeHead(200, { 'content-type': contentType, 'content-length': bytes.byteLength }).end(Buffer.from(bytes));
    } else {
      const body = JSON.stringify({ code: 0, data: { image: Buffer.from(bytes).toString('base64') } });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    }
  };

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const s = createServer((req, res) => {
        handle(req, res).catch((e: Error) => {
          if (!res.headersSent) res.writeHead(500).end(e.message);
        });
      });
      s.on('upgrade', (req, socket, head) => {
        if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/ws') return socket.destroy();
        wss.handleUpgrade(req, socket, head, onSocket);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });

  await listen();
  return {
    get baseUrl() {
      return `http://127.0.0.1:${port}`;
    },
    get wsUrl() {
      return `ws://127.0.0.1:${port}/ws`;
    },
    shape,
    place(next) {
      page = next;
    },
    setCaptureDelay(ms) {
      delayMs = ms;
    },
    captures: () => served,
    async stop() {
      const s = server;
      server = null;
      if (!s) return;
      for (const res of pending) res.destroy();
      for (const socket of sockets) socket.terminate();
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    },
    async start() {
      if (!server) await listen();
    },
  };
}
