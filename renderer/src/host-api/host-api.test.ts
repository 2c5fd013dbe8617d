import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RpcRequest, TerminalEvent } from '../../../main/api/index.js';
import {
  backoffDelay,
  connectionFromTransport,
  createWebSocketTransport,
  HostDisconnectedError,
  HostFaultError,
  HostTimeoutError,
  hostWebSocketUrl,
  readHostToken,
  type HostConnectionState,
  type WebSocketLike,
} from './index.js';

class FakeSocket implements WebSocketLike {
  readyState = 0;
  sent: RpcRequest[] = [];
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as RpcRequest);
  }
  close() {
    this.drop(1000);
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' } as CloseEvent);
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) } as MessageEvent);
  }
}

describe('WebSocket transport', () => {
  let sockets: FakeSocket[];
  let states: HostConnectionState[];
  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    states = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const connect = () => {
    const transport = createWebSocketTransport({
      url: 'ws://127.0.0.1:8080/api/ws?token=abc',
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      random: () => 0.5,
    });
    transport.connection$.subscribe((s) => states.push(s));
    return connectionFromTransport(transport);
  };
  const last = () => sockets[sockets.length - 1]!;

  it('pairs answers with calls by request id, whatever the order', async () => {
    const host = connect();
    last().open();
    const info = host.api.getTerminalInfo();
    const statuses = host.api.getDeviceStatuses();
    const [a, b] = last().sent;
    expect(a).toMatchObject({ method: 'getTerminalInfo', params: [] });
    expect(b).toMatchObject({ method: 'getDeviceStatuses', params: [] });
    expect(a!.id).not.toBe(b!.id);
    last().receive({ id: b!.id, ok: true, result: [] });
    last().receive({ id: a!.id, ok: true, result: { terminalId: 'T0001' } });
    await expect(info).resolves.toEqual({ terminalId: 'T0001' });
    await expect(statuses).resolves.toEqual([]);
  });

  it('passes the single argument as params and turns faults into HostFaultError', async () => {
    const host = connect();
    last().open();
    const placed = host.api.simPlaceCard({ index: 2 });
    const req = last().sent[0]!;
    expect(req).toMatchObject({ method: 'simPlaceCard', params: [{ index: 2 }] });
    last().receive({ id: req.id, ok: false, fault: 'simulation is off' });
    await expect(placed).rejects.toBeInstanceOf(HostFaultError);
  });

  it('delivers events to listeners until they unsubscribe', () => {
    const host = connect();
    last().open();
    const seen: TerminalEvent[] = [];
    const off = host.onEvent((e) => seen.push(e));
    last().receive({ event: { type: 'card-removed' } });
    off();
    last().receive({ event: { type: 'card-removed' } });
    expect(seen).toEqual([{ type: 'card-removed' }]);
  });

  it('fails calls in flight when the socket drops, then reconnects with backoff', async () => {
    const host = connect();
    last().open();
    const call = host.api.getTerminalInfo();
    last().drop();
    await expect(call).rejects.toBeInstanceOf(HostDisconnectedError);
    expect(states.at(-1)).toMatchObject({ status: 'reconnecting', attempt: 1 });
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(backoffDelay(0, 500, 10_000, () => 0.5));
    expect(sockets).toHaveLength(2);
    last().open();
    expect(states.at(-1)).toMatchObject({ status: 'open', attempt: 0 });
  });

  it('holds calls made while disconnected until the connection opens, within their time limit', async () => {
    const host = connect();
    const early = host.api.getDeviceStatuses();
    expect(last().sent).toHaveLength(0);
    last().open();
    const req = last().sent[0]!;
    last().receive({ id: req.id, ok: true, result: [] });
    await expect(early).resolves.toEqual([]);

    last().drop();
    const late = host.api.getDeviceStatuses();
    vi.advanceTimersByTime(15_001);
    await expect(late).rejects.toBeInstanceOf(HostTimeoutError);
  });

  it('backs off exponentially up to a cap', () => {
    const delays = [0, 1, 2, 3, 10].map((n) => backoffDelay(n, 500, 10_000, () => 1));
    expect(delays).toEqual([500, 1000, 2000, 4000, 10_000]);
    expect(backoffDelay(0, 500, 10_000, () => 0)).toBe(250);
  });

  it('close() fails what is pending and stops reconnecting', async () => {
    const host = connect();
    last().open();
    const call = host.api.getTerminalInfo();
    host.close();
    await expect(call).rejects.toBeInstanceOf(HostDisconnectedError);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(states.at(-1)?.status).toBe('closed');
  });
});

describe('token and URL', () => {
  const doc = (...contents: string[]) => ({
    querySelectorAll: () => contents.map((content) => ({ content })) as unknown as NodeListOf<HTMLMetaElement>,
  });

  it('reads the token the host injected into the page', () => {
    expect(readHostToken({ document: doc('s3cret'), location: { search: '?token=url' }, allowUrlToken: true })).toBe('s3cret');
  });

  it('falls back to ?token= in the page URL only in development', () => {
    expect(readHostToken({ document: doc(), location: { search: '?token=url' }, allowUrlToken: true })).toBe('url');
    expect(readHostToken({ document: doc(''), location: { search: '?token=url' }, allowUrlToken: false })).toBeNull();
  });

  it('builds a same-origin URL at WS_PATH with the token encoded', () => {
    expect(hostWebSocketUrl({ protocol: 'http:', host: '127.0.0.1:8080' }, 'a b&c')).toBe('ws://127.0.0.1:8080/api/ws?token=a%20b%26c');
    expect(hostWebSocketUrl({ protocol: 'https:', host: 'kiosk.local' }, null)).toBe('wss://kiosk.local/api/ws');
  });
});

describe('host restart', () => {
  it('asks for a fresh token after repeated failures and uses it for the next attempt', async () => {
    vi.useFakeTimers();
    const urls: string[] = [];
    let token = 'old';
    const sockets: FakeSocket[] = [];
    const transport = createWebSocketTransport({
      url: () => `ws://h/api/ws?token=${token}`,
      createSocket: (url) => {
        urls.push(url);
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      beforeRetry: async () => {
        token = 'new';
      },
      random: () => 0.5,
    });
    sockets.at(-1)!.open();
    sockets.at(-1)!.drop(); // host stops
    await vi.advanceTimersByTimeAsync(10_000);
    sockets.at(-1)!.drop(); // restarted host refuses the old token
    await vi.advanceTimersByTimeAsync(10_000);
    sockets.at(-1)!.drop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(urls[0]).toContain('token=old');
    expect(urls.at(-1)).toContain('token=new');
    transport.close();
    vi.useRealTimers();
  });
});

describe('Electron bridge', () => {
  it('is used when the preload exposes it, and carries calls and events unchanged', async () => {
    const { findElectronBridge, createElectronTransport } = await import('./electron-transport.js');
    const listeners: ((e: TerminalEvent) => void)[] = [];
    const bridge = {
      call: async (request: RpcRequest) => ({ id: request.id, ok: true as const, result: { echoed: request.method } }),
      onEvent: (l: (e: TerminalEvent) => void) => {
        listeners.push(l);
        return () => undefined;
      },
    };
    expect(findElectronBridge({})).toBeNull();
    expect(findElectronBridge({ yichuangHost: bridge })).toBe(bridge);
    const host = connectionFromTransport(createElectronTransport(bridge));
    await expect(host.api.getTerminalInfo()).resolves.toEqual({ echoed: 'getTerminalInfo' });
    const seen: TerminalEvent[] = [];
    host.onEvent((e) => seen.push(e));
    listeners[0]!({ type: 'card-removed' });
    expect(seen).toEqual([{ type: 'card-removed' }]);
  });
});
