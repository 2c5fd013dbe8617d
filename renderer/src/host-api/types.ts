import type { Observable } from 'rxjs';
import type { RpcRequest, RpcResponse, TerminalApi, TerminalEvent } from '../../../main/api/index.js';

export type TerminalEventListener = (event: TerminalEvent) => void;

export type HostConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface HostConnectionState {
  readonly status: HostConnectionStatus;
  /** Which transport carries the calls. */
  readonly transport: 'electron' | 'websocket';
  /** Failed attempts since the last open connection. */
  readonly attempt: number;
  readonly lastError: string | null;
}

export interface HostConnection {
  readonly api: TerminalApi;
  onEvent(listener: TerminalEventListener): () => void;
  readonly connection$: Observable<HostConnectionState>;
  /** Closes the transport for good (tests, page unload). */
  close(): void;
}

/** What a transport must provide; the typed proxy is built on top of it. */
export interface RpcTransport {
  call(request: RpcRequest, timeoutMs: number): Promise<RpcResponse>;
  onEvent(listener: TerminalEventListener): () => void;
  readonly connection$: Observable<HostConnectionState>;
  close(): void;
}
