// The renderer's one way to the host: a typed TerminalApi over the Electron bridge when it exists,
// otherwise over a WebSocket to the page's own origin.
import { firstValueFrom, filter } from 'rxjs';
import { createElectronTransport, findElectronBridge } from './electron-transport.js';
import { createApiProxy } from './proxy.js';
import { fetchCurrentHostToken, hostWebSocketUrl, readHostToken } from './token.js';
import type { HostConnection, RpcTransport } from './types.js';
import { createWebSocketTransport } from './websocket-transport.js';

export * from './errors.js';
export type { HostConnection, HostConnectionState, HostConnectionStatus, TerminalEventListener } from './types.js';
export { createApiProxy } from './proxy.js';
export { createWebSocketTransport, backoffDelay, type WebSocketLike } from './websocket-transport.js';
export { readHostToken, hostWebSocketUrl, fetchCurrentHostToken, TOKEN_META_NAME } from './token.js';

export function connectionFromTransport(transport: RpcTransport): HostConnection {
  return {
    api: createApiProxy(transport),
    onEvent: (listener) => transport.onEvent(listener),
    connection$: transport.connection$,
    close: () => transport.close(),
  };
}

/** Starts connecting at once and returns without waiting; watch connection$ for progress. */
export function createTerminalConnection(): HostConnection {
  const bridge = findElectronBridge(window);
  if (bridge) return connectionFromTransport(createElectronTransport(bridge));
  let token = readHostToken({ document, location: window.location, allowUrlToken: import.meta.env.DEV });
  const transport = createWebSocketTransport({
    url: () => hostWebSocketUrl(window.location, token),
    // A restarted host has a new per-boot token: read it from the page it serves now.
    beforeRetry: async () => {
      const fresh = await fetchCurrentHostToken(window.location.pathname);
      if (fresh) token = fresh;
    },
  });
  return connectionFromTransport(transport);
}

/** Resolves once the connection is open (it keeps retrying until then). */
export async function whenOpen(connection: HostConnection): Promise<HostConnection> {
  await firstValueFrom(connection.connection$.pipe(filter((s) => s.status === 'open')));
  return connection;
}

/**
 * Connects to the host and resolves once the first connection is open. Later drops are retried in the
 * background and show on connection$; calls in flight then fail with HostDisconnectedError.
 */
export function connectTerminalApi(): Promise<HostConnection> {
  return whenOpen(createTerminalConnection());
}
