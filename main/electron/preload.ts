// Electron preload (sandboxed): exposes exactly the ElectronBridge on window[ELECTRON_BRIDGE_KEY] and
// nothing else: no ipcRenderer, no Node. A sandboxed preload can require only 'electron', so the wire
// constants are repeated here; their types tie them to main/api/rpc-wire.ts at compile time.
// Build note: bundle this file to CommonJS as preload.cjs next to main.js.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  ELECTRON_BRIDGE_KEY,
  ElectronBridge,
  IPC_CALL_CHANNEL,
  IPC_EVENT_CHANNEL,
  RpcRequest,
  RpcResponse,
} from '../api/rpc-wire.js';
import type { TerminalEvent } from '../api/terminal-api.js';

const BRIDGE_KEY: typeof ELECTRON_BRIDGE_KEY = 'yichuangHost';
const CALL_CHANNEL: typeof IPC_CALL_CHANNEL = 'yichuang:call';
const EVENT_CHANNEL: typeof IPC_EVENT_CHANNEL = 'yichuang:event';

const bridge: ElectronBridge = {
  call(request: RpcRequest): Promise<RpcResponse> {
    return ipcRenderer.invoke(CALL_CHANNEL, request) as Promise<RpcResponse>;
  },
  onEvent(listener: (event: TerminalEvent) => void): () => void {
    // The IpcRendererEvent (with its sender) never reaches the page: only the TerminalEvent does.
    const handler = (_e: IpcRendererEvent, event: TerminalEvent): void => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
