// Electron preload (sandboxed): exposes exactly the ElectronBridge on window[ELECTRON_BRIDGE_KEY] and
// nothing else: no ipcRenderer, no Node.
//
// Deliberately a script, not a module: a sandboxed preload is evaluated as a classic script whose only
// `require` is Electron's (no ESM, no relative files), and scripts/start.sh compiles main/ with plain tsc.
// So: no import/export statements (tsc then emits a plain script), `require('electron')`, the wire
// constants repeated, and their types tied to main/api/rpc-wire.ts so a change there breaks this build.
// Everything sits in a block so nothing leaks into the global scope of other script files.
{
  type Wire = typeof import('../api/rpc-wire.js');
  type Bridge = import('../api/rpc-wire.js').ElectronBridge;
  type Request = import('../api/rpc-wire.js').RpcRequest;
  type Response = import('../api/rpc-wire.js').RpcResponse;
  type Event = import('../api/terminal-api.js').TerminalEvent;

  // eslint-disable-next-line @typescript-eslint/no-require-imports -- sandboxed preloads have only require('electron')
  const { contextBridge, ipcRenderer } = require('electron') as typeof import('electron');

  const BRIDGE_KEY: Wire['ELECTRON_BRIDGE_KEY'] = 'yichuangHost';
  const CALL_CHANNEL: Wire['IPC_CALL_CHANNEL'] = 'yichuang:call';
  const EVENT_CHANNEL: Wire['IPC_EVENT_CHANNEL'] = 'yichuang:event';

  const bridge: Bridge = {
    call(request: Request): Promise<Response> {
      return ipcRenderer.invoke(CALL_CHANNEL, request) as Promise<Response>;
    },
    onEvent(listener: (event: Event) => void): () => void {
      // The IpcRendererEvent (with its sender) never reaches the page: only the TerminalEvent does.
      const handler = (_e: unknown, event: Event): void => listener(event);
      ipcRenderer.on(EVENT_CHANNEL, handler);
      return () => {
        ipcRenderer.removeListener(EVENT_CHANNEL, handler);
      };
    },
  };

  contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
}
