// Electron: the preload exposes an ElectronBridge on window (ELECTRON_BRIDGE_KEY). IPC cannot drop the
// way a socket can, so the connection is simply open.
import { BehaviorSubject } from 'rxjs';
import { ELECTRON_BRIDGE_KEY, type ElectronBridge, type RpcRequest, type RpcResponse } from '../../../main/api/index.js';
import { HostTimeoutError } from './errors.js';
import type { HostConnectionState, RpcTransport, TerminalEventListener } from './types.js';

export function findElectronBridge(win: object = globalThis): ElectronBridge | null {
  const candidate = (win as Record<string, unknown>)[ELECTRON_BRIDGE_KEY];
  if (
    candidate &&
    typeof candidate === 'object' &&
    typeof (candidate as ElectronBridge).call === 'function' &&
    typeof (candidate as ElectronBridge).onEvent === 'function'
  ) {
    return candidate as ElectronBridge;
  }
  return null;
}

export function createElectronTransport(bridge: ElectronBridge): RpcTransport {
  const connection$ = new BehaviorSubject<HostConnectionState>({
    status: 'open',
    transport: 'electron',
    attempt: 0,
    lastError: null,
  });
  return {
    connection$: connection$.asObservable(),
    call(request: RpcRequest, timeoutMs: number): Promise<RpcResponse> {
      return new Promise<RpcResponse>((resolve, reject) => {
        const timer = setTimeout(() => reject(new HostTimeoutError(request.method, timeoutMs)), timeoutMs);
        bridge.call(request).then(
          (response) => {
            clearTimeout(timer);
            resolve(response);
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
    onEvent(listener: TerminalEventListener) {
      return bridge.onEvent(listener);
    },
    close() {
      connection$.next({ ...connection$.value, status: 'closed' });
      connection$.complete();
    },
  };
}
