// Electron entry, kept thin: single instance, locked-down kiosk window, the renderer served from
// app://yichuang (a stable origin for IndexedDB, no open port), and TerminalApi over IPC through the
// same dispatcher as the WebSocket transport. Everything else lives in main/host.
// Flags (after the app path): --config FILE | --profile NAME, --platform-url URL, --data-dir DIR, and the
// same YICHUANG_* environment as the Node entry; the data dir defaults to <userData>/terminal.
// Attach mode (development, scripts/start.sh): with YICHUANG_HOST_URL=http://127.0.0.1:PORT set, the window
// shows that already running Node host instead (its page, its CSP, the WebSocket transport), with the same
// lockdown and no host of its own.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  powerSaveBlocker,
  protocol,
  session,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type RpcResponse } from '../api/rpc-wire.js';
import { createTerminalHost, type TerminalHost } from '../host/host.js';
import { EXIT_CONFIG, EXIT_USAGE, loadHostConfig } from '../node/config.js';
import { parseCli } from '../node/options.js';
import { createDispatcher, NO_REQUEST_ID, type Dispatch } from '../transport/dispatcher.js';
import { buildCsp } from '../transport/security.js';
import {
  APP_ORIGIN,
  APP_SCHEME,
  attachUrl,
  hostArgs,
  permissionAllowed,
  sameOrigin,
  schemeAllowed,
  serveRendererFile,
} from './policy.js';

const here = fileURLToPath(new URL('.', import.meta.url));
/** Built layout: dist/main/electron/main.js beside dist/renderer; from the source tree: <repo>/dist/renderer. */
const RENDERER_DIR =
  process.env.YICHUANG_RENDERER_DIR ??
  [resolve(here, '..', '..', 'renderer'), resolve(here, '..', '..', 'dist', 'renderer')].find((d) =>
    existsSync(join(d, 'index.html')),
  ) ??
  resolve(here, '..', '..', 'renderer');
// Compiled by tsc beside main.js; a plain script (see preload.ts), as a sandboxed preload must be.
const PRELOAD = join(here, 'preload.js');

// Must run before 'ready': app:// behaves like https (secure context, fetch, storage).
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
]);

/** Attach mode: a loopback http origin of a running Node host; otherwise app://yichuang. */
const ATTACH_URL = attachUrl(process.env.YICHUANG_HOST_URL);
const PAGE_ORIGIN = ATTACH_URL ? new URL(ATTACH_URL).origin : APP_ORIGIN;
const isAppUrl = (url: string): boolean => sameOrigin(url, PAGE_ORIGIN);

/** Only our own page, in the main frame of our window, may call the host. */
const isTrustedSender = (event: IpcMainInvokeEvent, win: BrowserWindow | null): boolean =>
  win !== null &&
  event.sender === win.webContents &&
  event.senderFrame !== null &&
  event.senderFrame === win.webContents.mainFrame &&
  isAppUrl(event.senderFrame.url);

function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function allowPermissions(): void {
  const ses = session.defaultSession;
  // Camera only (the document camera, 高拍仪), and durable storage for the local database; nothing else.
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(
      isAppUrl(contents.getURL()) &&
        permissionAllowed({
          permission,
          pageOrigin: PAGE_ORIGIN,
          requestingUrl: details.requestingUrl,
          mediaTypes,
        }),
    );
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionAllowed({
      permission,
      pageOrigin: PAGE_ORIGIN,
      requestingUrl: requestingOrigin,
      ...(details.mediaType ? { mediaTypes: [details.mediaType] } : {}),
    }),
  );
  ses.setDevicePermissionHandler(() => false);
}

function createWindow(withBridge: boolean): BrowserWindow {
  const win = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      // Attach mode has no bridge: the page then uses the WebSocket transport of the Node host.
      ...(withBridge ? { preload: PRELOAD } : {}),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  return win;
}

/** Reload a crashed or hung renderer; repeated crashes back off so the kiosk does not spin. */
function keepAlive(win: BrowserWindow, onGone: () => void): void {
  const crashes: number[] = [];
  win.webContents.on('render-process-gone', (_event, details) => {
    onGone();
    console.error(`[electron] renderer gone (${details.reason}, exit ${details.exitCode}); reloading`);
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && now - crashes[0]! > 60_000) crashes.shift();
    const delay = crashes.length > 3 ? 10_000 : 500;
    setTimeout(() => {
      if (!win.isDestroyed()) win.webContents.reload();
    }, delay);
  });
  win.webContents.on('unresponsive', () => {
    console.error('[electron] renderer unresponsive; restarting it');
    if (!win.isDestroyed()) win.webContents.forcefullyCrashRenderer();
  });
}

async function attach(url: string): Promise<void> {
  Menu.setApplicationMenu(null);
  allowPermissions();
  const win = createWindow(false);
  const blocker = powerSaveBlocker.start('prevent-display-sleep');
  keepAlive(win, () => undefined);
  app.on('before-quit', () => {
    if (powerSaveBlocker.isStarted(blocker)) powerSaveBlocker.stop(blocker);
  });
  await win.loadURL(url);
}

async function start(): Promise<void> {
  if (ATTACH_URL) return attach(ATTACH_URL);
  const parsed = parseCli(hostArgs(process.argv.slice(1)), process.env);
  if (parsed.kind !== 'run') {
    console.error(parsed.kind === 'usage-error' ? parsed.message : 'see main/node/options.ts for flags');
    app.exit(EXIT_USAGE);
    return;
  }
  const options = parsed.options;
  const loaded = loadHostConfig(options);
  if (!loaded.ok) {
    console.error(loaded.message);
    console.error('终端未启动 / the terminal was not started.');
    app.exit(EXIT_CONFIG);
    return;
  }
  const explicitDataDir = process.argv.some((a) => a.startsWith('--data-dir')) || process.env.YICHUANG_DATA;
  const dataDir = explicitDataDir ? options.dataDir : join(app.getPath('userData'), 'terminal');

  let host: TerminalHost;
  try {
    host = createTerminalHost({ config: loaded.config, dataDir, version: app.getVersion() });
  } catch (e) {
    console.error(`终端未启动 / the terminal was not started: ${(e as Error).message}`);
    app.exit(1);
    return;
  }
  const dispatch: Dispatch = createDispatcher(host.api, {
    onHostFault: (method, error) =>
      console.error(`[host] ${method} failed:`, error instanceof Error ? error.message : String(error)),
  });
  const csp = buildCsp({ hostSockets: [], platformUrl: loaded.config.platform.url });

  Menu.setApplicationMenu(null);
  allowPermissions();
  protocol.handle(APP_SCHEME, (request) => serveRendererFile(request, RENDERER_DIR, csp));
  // Belt and braces: no request from the page leaves for a scheme we do not expect.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !schemeAllowed(details.url) });
  });

  let win: BrowserWindow | null = createWindow(true);
  const blocker = powerSaveBlocker.start('prevent-display-sleep');

  ipcMain.handle(IPC_CALL_CHANNEL, async (event, request: unknown): Promise<RpcResponse> => {
    if (!isTrustedSender(event, win))
      return { id: NO_REQUEST_ID, ok: false, fault: 'refused: caller is not the terminal page' };
    return dispatch(request);
  });
  const unsubscribe = host.onEvent((event) => {
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event);
  });

  // A renderer session per page load, for the audit log.
  let sessionId: string | null = null;
  const endSession = (): void => {
    if (sessionId !== null) host.sessionClosed('ipc', sessionId);
    sessionId = null;
  };
  win.webContents.on('did-finish-load', () => {
    endSession();
    sessionId = host.sessionOpened('ipc');
  });

  keepAlive(win, endSession);
  win.on('closed', () => {
    win = null;
  });

  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    stopped = true;
    unsubscribe();
    endSession();
    if (powerSaveBlocker.isStarted(blocker)) powerSaveBlocker.stop(blocker);
    void host.stop('quit').finally(() => app.quit());
  });

  await host.start();
  await win.loadURL(`${APP_ORIGIN}/`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      console.error(`[electron] failed to start: ${(e as Error).message}`);
      app.exit(1);
    });
}
