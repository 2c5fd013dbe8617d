// WebSocket transport: same origin as the page, WS_PATH, per-boot token in the query string.
// Request ids pair answers with calls; the socket reconnects with capped exponential backoff and jitter.
// Calls in flight when the socket drops fail with HostDisconnectedError (they may or may not have run:
// callers decide whether a retry is safe). Calls made while disconnected wait for the next connection
// until their own time limit.
import { BehaviorSubject } from 'rxjs';
import type { HostToRendererFrame, RpcRequest, RpcResponse } from '../../../main/api/index.js';
import { HostDisconnectedError, HostTimeoutError } from './errors.js';
import type { HostConnectionState, RpcTransport, TerminalEventListener } from './types.js';

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
}

export interface WebSocketTransportOptions {
  /** Read before every attempt, so a refreshed token is used by the next one. */
  readonly url: string | (() => string);
  /**
   * Awaited before a reconnect attempt once `attempt` attempts in a row have failed: the host may have
   * restarted with a new per-boot token (it refuses the old one, which the browser only reports as 1006).
   */
  readonly beforeRetry?: (attempt: number) => Promise<void>;
  /** Attempts that must fail before beforeRetry is consulted. */
  readonly retriesBeforeRefresh?: number;
  readonly createSocket?: (url: string) => WebSocketLike;
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly random?: () => number;
}

const OPEN = 1;

interface PendingCall {
  readonly request: RpcRequest;
  readonly resolve: (response: RpcResponse) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
  sent: boolean;
}

export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 16));
  // Full jitter on the upper half: spreads reconnects of many terminals after a host restart.
  return Math.round(base / 2 + (random() * base) / 2);
}

export function createWebSocketTransport(options: WebSocketTransportOptions): RpcTransport {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as WebSocketLike);
  const initialBackoffMs = options.initialBackoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 10_000;
  const random = options.random ?? Math.random;
  const urlNow = typeof options.url === 'string' ? () => options.url as string : options.url;
  const retriesBeforeRefresh = options.retriesBeforeRefresh ?? 2;

  const connection$ = new BehaviorSubject<HostConnectionState>({
    status: 'connecting',
    transport: 'websocket',
    attempt: 0,
    lastError: null,
  });
  const listeners = new Set<TerminalEventListener>();
  const pending = new Map<number, PendingCall>();
  let socket: WebSocketLike | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;
  let closedForGood = false;

  const setState = (patch: Partial<HostConnectionState>) => {
    if (!closedForGood || patch.status === 'closed') connection$.next({ ...connection$.value, ...patch });
  };

  const send = (call: PendingCall) => {
    if (!socket || socket.readyState !== OPEN) return;
    try {
      socket.send(JSON.stringify(call.request));
      call.sent = true;
    } catch {
      // The close handler settles it.
    }
  };

  const handleFrame = (data: unknown) => {
    if (typeof data !== 'string') return;
    let frame: HostToRendererFrame;
    try {
      frame = JSON.parse(data) as HostToRendererFrame;
    } catch {
      return;
    }
    if ('event' in frame) {
      for (const listener of [...listeners]) {
        try {
          listener(frame.event);
        } catch (error) {
          console.error('terminal event listener failed', error);
        }
      }
      return;
    }
    const call = pending.get(frame.id);
    if (!call) return; // Timed out earlier, or not ours.
    pending.delete(frame.id);
    clearTimeout(call.timer);
    call.resolve(frame);
  };

  const connect = async () => {
    reconnectTimer = null;
    if (closedForGood) return;
    if (options.beforeRetry && attempt >= retriesBeforeRefresh) {
      try {
        await options.beforeRetry(attempt);
      } catch {
        // Best effort: try with what we have.
      }
      if (closedForGood) return;
    }
    let ws: WebSocketLike;
    try {
      ws = createSocket(urlNow());
    } catch (error) {
      scheduleReconnect(error instanceof Error ? error.message : String(error));
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      attempt = 0;
      setState({ status: 'open', attempt: 0, lastError: null });
      for (const call of pending.values()) if (!call.sent) send(call);
    };
    ws.onmessage = (ev) => {
      if (socket === ws) handleFrame(ev.data);
    };
    ws.onerror = () => {
      // A close event always follows; it carries the code.
    };
    ws.onclose = (ev) => {
      if (socket !== ws) return;
      socket = null;
      for (const [id, call] of pending) {
        if (!call.sent) continue;
        pending.delete(id);
        clearTimeout(call.timer);
        call.reject(new HostDisconnectedError(`terminal host disconnected during ${call.request.method}`));
      }
      scheduleReconnect(`closed (code ${ev.code}${ev.reason ? `: ${ev.reason}` : ''})`);
    };
  };

  const scheduleReconnect = (reason: string) => {
    if (closedForGood) return;
    const delay = backoffDelay(attempt, initialBackoffMs, maxBackoffMs, random);
    attempt++;
    const wasOpen = connection$.value.status === 'open' || connection$.value.status === 'reconnecting';
    setState({ status: wasOpen ? 'reconnecting' : 'connecting', attempt, lastError: reason });
    reconnectTimer = setTimeout(() => void connect(), delay);
  };

  void connect();

  return {
    connection$: connection$.asObservable(),
    call(request: RpcRequest, timeoutMs: number): Promise<RpcResponse> {
      if (closedForGood) return Promise.reject(new HostDisconnectedError('host connection closed'));
      return new Promise<RpcResponse>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(request.id);
          reject(new HostTimeoutError(request.method, timeoutMs));
        }, timeoutMs);
        const call: PendingCall = { request, resolve, reject, timer, sent: false };
        pending.set(request.id, call);
        send(call);
      });
    },
    onEvent(listener: TerminalEventListener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close() {
      if (closedForGood) return;
      closedForGood = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      const ws = socket;
      socket = null;
      ws?.close(1000, 'renderer closing');
      for (const call of pending.values()) {
        clearTimeout(call.timer);
        call.reject(new HostDisconnectedError('host connection closed'));
      }
      pending.clear();
      listeners.clear();
      setState({ status: 'closed' });
      connection$.complete();
    },
  };
}
