import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ok } from '../../sync/protocol/result.js';
import { WS_PATH, WS_TOKEN_PARAM, type HostToRendererFrame, type RpcResponse } from '../api/rpc-wire.js';
import type { TerminalApi, TerminalEvent } from '../api/terminal-api.js';
import { createDispatcher } from './dispatcher.js';
import { attachWsServer, tokensEqual, type WsServer } from './ws-server.js';

const TOKEN = 'per-boot-token-0123456789abcdef';

const api: TerminalApi = {
  getTerminalInfo: async () => {
    throw new Error('unused');
  },
  getDeviceStatuses: async () => [
    {
      deviceId: 'id-card',
      deviceClass: 'id-card',
      status: { kind: 'ready' },
      since: '2026-11-22T02:00:00.000Z',
    },
  ],
  printReceipt: async (r) => ok({ applicationId: r.applicationId, jobId: r.applicationId, reprint: false }),
  signPlatformRequest: async () => ok({ 'x-yichuang-terminal': 'T', 'x-yichuang-timestamp': '0', 'x-yichuang-nonce': 'n', 'x-yichuang-signature': 's' }),
  simListIdentities: async () => [],
  simPlaceCard: async () => ok(null),
  simRemoveCard: async () => ok(null),
  simPrintedReceipts: async () => [],
  simSetPrinterPaper: async () => ok(null),
  simSetDeviceConnected: async () => ok(null),
  getDeviceHealth: async () => ({ at: '2026-11-22T02:00:00.000Z', devices: [] }),
  simScan: async () => ok(null),
  printA4Document: async () => {
    throw new Error('not used');
  },
  captureDocument: async () => {
    throw new Error('not used');
  },
  ocrDocument: async () => {
    throw new Error('not used');
  },
  simPlaceDocument: async () => ok(null),
  reportUvcCamera: async () => ok(null),
  verifyIdentityQr: async () => ok({ name: '测试', idNumber: '110105194912310021', cardType: 'resident', expiresAt: '2030-01-01T00:00:00.000Z' }),
  speakText: async () => ok({ output: 'none', durationMs: 0, interrupted: false }),
  stopSpeaking: async () => null,
  putAttachment: async () => ok({ sha256: 'a'.repeat(64), size: 1, mediaType: 'image/png' }),
  uploadAttachments: async () => ok({ uploaded: 0, alreadyThere: 0, refused: [] }),
  releaseAttachments: async () => ({ deleted: 0 }),
  reportAttachmentReferences: async () => ({ deleted: 0, kept: 0 }),
  recordApplicationEvent: async () => null,
  enrollTerminal: async () => ({ ok: true, value: { enrolledAt: '2026-11-22T00:00:00.000Z' } }),
  lookupECertificates: async () => ok({ certificates: [] }),
  queryProgress: async () => ok({ applications: [], answeredAt: '2026-11-22T00:00:00.000Z' }),
};

let server: Server;
let ws: WsServer;
let port: number;
let origin: string;
const listeners = new Set<(e: TerminalEvent) => void>();
const sessions: string[] = [];
const opened: WebSocket[] = [];

beforeEach(async () => {
  server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  ws = attachWsServer({
    server,
    dispatch: createDispatcher(api),
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    token: TOKEN,
    allowedOrigins: () => [origin, `http://localhost:${port}`],
    sessions: {
      opened: () => {
        sessions.push('open');
        return `s${sessions.length}`;
      },
      closed: (id) => sessions.push(`close ${id}`),
    },
  });
});

afterEach(async () => {
  for (const c of opened.splice(0)) c.terminate();
  await ws.close();
  await new Promise((r) => server.close(r));
  sessions.length = 0;
});

function connect(
  opts: { token?: string | null; origin?: string | null; path?: string; host?: string } = {},
): WebSocket {
  const url = new URL(`ws://127.0.0.1:${port}${opts.path ?? WS_PATH}`);
  const token = opts.token === undefined ? TOKEN : opts.token;
  if (token !== null) url.searchParams.set(WS_TOKEN_PARAM, token);
  const headers: Record<string, string> = {};
  if (opts.host) headers.host = opts.host;
  const o = opts.origin === undefined ? origin : opts.origin;
  const client = new WebSocket(url, o === null ? { headers } : { origin: o, headers });
  opened.push(client);
  return client;
}

/** Resolves with the HTTP status of a refused upgrade, or 101 if it opened. */
function outcome(client: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    client.on('open', () => resolve(101));
    client.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    client.on('error', () => resolve(-1));
  });
}

function nextFrame(client: WebSocket): Promise<HostToRendererFrame> {
  return new Promise((resolve) =>
    client.once('message', (data) => resolve(JSON.parse(String(data)) as HostToRendererFrame)),
  );
}

async function call(client: WebSocket, frame: unknown): Promise<RpcResponse> {
  const reply = nextFrame(client);
  client.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  return (await reply) as RpcResponse;
}

describe('WebSocket transport', () => {
  it('serves calls to a client with the token and the host’s own origin', async () => {
    const client = connect();
    expect(await outcome(client)).toBe(101);
    const res = await call(client, { id: 1, method: 'getDeviceStatuses', params: [] });
    expect(res).toMatchObject({ id: 1, ok: true, result: [{ deviceId: 'id-card' }] });
    expect(ws.clientCount()).toBe(1);
  });

  it('requires the token', async () => {
    expect(await outcome(connect({ token: null }))).toBe(401);
    expect(await outcome(connect({ token: 'wrong' }))).toBe(401);
    expect(await outcome(connect({ token: TOKEN + 'x' }))).toBe(401);
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(TOKEN.slice(0, -1), TOKEN)).toBe(false);
  });

  it('refuses a foreign origin, a missing origin, and a Host that does not match the origin', async () => {
    expect(await outcome(connect({ origin: 'http://evil.example' }))).toBe(403);
    expect(await outcome(connect({ origin: `http://127.0.0.1:${port + 1}` }))).toBe(403);
    expect(await outcome(connect({ origin: null }))).toBe(403);
    // DNS rebinding: the page's origin is allowed-looking but the Host header names another site.
    expect(await outcome(connect({ origin: `http://localhost:${port}`, host: `127.0.0.1:${port}` }))).toBe(
      403,
    );
    expect(await outcome(connect({ path: '/other' }))).toBe(404);
    expect(ws.clientCount()).toBe(0);
  });

  it('broadcasts events to every connected client', async () => {
    const a = connect();
    const b = connect({ origin: `http://localhost:${port}`, host: `localhost:${port}` });
    expect(await Promise.all([outcome(a), outcome(b)])).toEqual([101, 101]);
    const frames = Promise.all([nextFrame(a), nextFrame(b)]);
    for (const l of listeners) l({ type: 'card-removed' });
    expect(await frames).toEqual([{ event: { type: 'card-removed' } }, { event: { type: 'card-removed' } }]);
  });

  it('answers malformed frames with faults and keeps serving', async () => {
    const client = connect();
    await outcome(client);
    expect(await call(client, 'not json {')).toMatchObject({
      id: -1,
      ok: false,
      fault: expect.stringContaining('not JSON'),
    });
    expect(await call(client, '[]')).toMatchObject({ id: -1, ok: false });
    expect(await call(client, { id: 4, method: 'nope', params: [] })).toMatchObject({
      id: 4,
      ok: false,
      fault: expect.stringContaining('unknown method'),
    });
    expect(
      await call(client, { id: 5, method: 'printReceipt', params: [{ applicationId: 1 }] }),
    ).toMatchObject({ id: 5, ok: false, fault: expect.stringContaining('bad params') });
    const binary = nextFrame(client);
    client.send(Buffer.from([1, 2, 3]));
    expect(await binary).toMatchObject({ ok: false, fault: expect.stringContaining('binary') });
    expect(await call(client, { id: 6, method: 'getDeviceStatuses', params: [] })).toMatchObject({
      id: 6,
      ok: true,
    });
  });

  it('drops a client that sends an oversized frame, without harm to the others', async () => {
    const big = connect();
    const other = connect();
    await Promise.all([outcome(big), outcome(other)]);
    const closed = new Promise<number>((r) => big.on('close', (code) => r(code)));
    big.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1009);
    expect(await call(other, { id: 1, method: 'getDeviceStatuses', params: [] })).toMatchObject({ ok: true });
  });

  it('reports sessions opening and closing', async () => {
    const client = connect();
    await outcome(client);
    const gone = new Promise((r) => client.on('close', r));
    client.close();
    await gone;
    await new Promise((r) => setTimeout(r, 20));
    expect(sessions).toEqual(['open', 'close s1']);
  });
});
