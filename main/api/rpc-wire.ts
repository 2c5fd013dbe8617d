// Wire envelopes shared by both transports of TerminalApi (WebSocket frames; Electron IPC payloads).
import type { TerminalEvent, TerminalApiMethod } from './terminal-api.js';

export interface RpcRequest {
  readonly id: number;
  readonly method: TerminalApiMethod;
  readonly params: readonly unknown[];
}

export type RpcResponse =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  /** Transport-level failure (unknown method, bad params, host fault): not a domain Result. */
  | { readonly id: number; readonly ok: false; readonly fault: string };

export interface RpcEventFrame {
  readonly event: TerminalEvent;
}

export type HostToRendererFrame = RpcResponse | RpcEventFrame;

/** Query parameter carrying the per-boot token on the WebSocket URL. */
export const WS_TOKEN_PARAM = 'token';
export const WS_PATH = '/api/ws';

/** How the Electron preload exposes the bridge on window. */
export const ELECTRON_BRIDGE_KEY = 'yichuangHost';
export const IPC_CALL_CHANNEL = 'yichuang:call';
export const IPC_EVENT_CHANNEL = 'yichuang:event';

export interface ElectronBridge {
  call(request: RpcRequest): Promise<RpcResponse>;
  onEvent(listener: (event: TerminalEvent) => void): () => void;
}
