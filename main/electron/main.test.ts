// The Electron entry's wiring, with 'electron' replaced by a recording stand-in (no Electron binary
// here): window preferences, lockdown, permissions, IPC through the shared dispatcher to the real host
// (simulated devices over pty pairs), events to the page, clean quit.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type RpcResponse } from '../api/rpc-wire.js';

const rec = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; webContents: unknown; loaded: string[] }[],
  ipcHandlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  appHandlers: new Map<string, ((...args: unknown[]) => void)[]>(),
  schemes: [] as unknown[],
  protocolHandlers: new Map<string, (req: Request) => Promise<Response>>(),
  permissionRequest: null as null | ((...args: unknown[]) => void),
  permissionCheck: null as null | ((...args: unknown[]) => boolean),
  blockers: [] as string[],
  quits: 0,
  exits: [] as number[],
  sent: [] as [string, unknown][],
  userData: '',
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeWebContents extends Emitter {
    url = '';
    /** The main frame shows whatever the window loaded last. */
    readonly mainFrame = Object.defineProperty({} as { url: string }, 'url', { get: () => this.url });
    send(channel: string, payload: unknown): void {
      rec.sent.push([channel, payload]);
    }
    getURL(): string {
      return this.url;
    }
    reload(): void {}
    forcefullyCrashRenderer(): void {}
    setWindowOpenHandler(): void {}
  }
  class BrowserWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    private readonly entry: { options: Record<string, unknown>; webContents: unknown; loaded: string[] };
    constructor(options: Record<string, unknown>) {
      super();
      this.entry = { options, webContents: this.webContents, loaded: [] };
      rec.windows.push(this.entry);
    }
    static getAllWindows(): unknown[] {
      return [];
    }
    async loadURL(url: string): Promise<void> {
      this.entry.loaded.push(url);
      this.webContents.url = url;
      this.webContents.emit('did-finish-load');
    }
    isDestroyed(): boolean {
      return false;
    }
    show(): void {}
  }
  const app = {
    isPackaged: false,
    requestSingleInstanceLock: () => true,
    on(name: string, fn: (...args: unknown[]) => void) {
      rec.appHandlers.set(name, [...(rec.appHandlers.get(name) ?? []), fn]);
      return app;
    },
    whenReady: () => Promise.resolve(),
    getPath: () => rec.userData,
    getVersion: () => '0.0.0-test',
    quit: () => {
      rec.quits++;
    },
    exit: (code: number) => {
      rec.exits.push(code);
    },
  };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: (fn: (...args: unknown[]) => void) => (rec.permissionRequest = fn),
      setPermissionCheckHandler: (fn: (...args: unknown[]) => boolean) => (rec.permissionCheck = fn),
      setDevicePermissionHandler: () => undefined,
      webRequest: { onBeforeRequest: () => undefined },
    },
  };
  return {
    app,
    BrowserWindow,
    session,
    Menu: { setApplicationMenu: () => undefined },
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) =>
        rec.ipcHandlers.set(channel, fn),
    },
    powerSaveBlocker: {
      start: (type: string) => {
        rec.blockers.push(type);
        return 1;
      },
      isStarted: () => true,
      stop: () => undefined,
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => rec.schemes.push(...schemes),
      handle: (scheme: string, fn: (req: Request) => Promise<Response>) =>
        rec.protocolHandlers.set(scheme, fn),
    },
  };
});

let dir: string;
const savedArgv = process.argv;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yichuang-electron-main-'));
  rec.userData = dir;
  process.argv = [savedArgv[0]!, 'app'];
  await import('./main.js');
  await vi.waitFor(() => expect(rec.windows[0]?.loaded).toEqual(['app://yichuang/']), { timeout: 15_000 });
});
afterAll(async () => {
  process.argv = savedArgv;
  rmSync(dir, { recursive: true, force: true });
});

const win = () => rec.windows[0]!;
const contents = () => win().webContents as EventEmitter & { url: string; mainFrame: { url: string } };
const call = (event: unknown, request: unknown) =>
  rec.ipcHandlers.get(IPC_CALL_CHANNEL)!(event, request) as Promise<RpcResponse>;
const trusted = () => ({ sender: contents(), senderFrame: contents().mainFrame });

describe('Electron entry', () => {
  it('opens one locked-down kiosk window on app://yichuang with the preload bridge', () => {
    expect(rec.windows).toHaveLength(1);
    const prefs = win().options.webPreferences as Record<string, unknown>;
    expect(win().options).toMatchObject({ kiosk: true, fullscreen: true });
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(String(prefs.preload)).toMatch(/preload\.js$/);
    expect(rec.schemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(rec.blockers).toEqual(['prevent-display-sleep']);
    expect(rec.exits).toEqual([]);
  });

  it('answers IPC calls from the page through the shared dispatcher, and refuses other senders', async () => {
    const info = await call(trusted(), { id: 1, method: 'getTerminalInfo', params: [] });
    expect(info).toMatchObject({
      id: 1,
      ok: true,
      result: { terminalId: 'T-HALL-0001', version: '0.0.0-test', simulation: true },
    });
    expect(await call(trusted(), { id: 2, method: 'nope', params: [] })).toMatchObject({ id: 2, ok: false });
    const stranger = { sender: new EventEmitter(), senderFrame: { url: 'app://yichuang/' } };
    expect(await call(stranger, { id: 3, method: 'getTerminalInfo', params: [] })).toMatchObject({
      ok: false,
      fault: expect.stringContaining('refused'),
    });
  });

  it('sends host events to the page on the event channel', async () => {
    await vi.waitFor(
      async () => {
        const res = await call(trusted(), { id: 4, method: 'getDeviceStatuses', params: [] });
        expect(res.ok && (res.result as { status: { kind: string } }[]).map((r) => r.status.kind)).toEqual([
          'ready',
          'ready',
          'ready', // the profile's simulated QR scanner
          'disabled', // the profile's A4 printer
          'ready', // the profile's simulated document camera
        ]);
      },
      { timeout: 10_000 },
    );
    expect(await call(trusted(), { id: 5, method: 'simPlaceCard', params: [{ index: 0 }] })).toMatchObject({
      ok: true,
      result: { ok: true },
    });
    await vi.waitFor(
      () =>
        expect(
          rec.sent.some(
            ([ch, e]) => ch === IPC_EVENT_CHANNEL && (e as { type: string }).type === 'card-present',
          ),
        ).toBe(true),
      {
        timeout: 10_000,
      },
    );
  });

  it('blocks navigation away from the app and grants only the camera', () => {
    const lockDown = rec.appHandlers.get('web-contents-created')![0]!;
    const other = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    lockDown({}, other);
    const away = { preventDefault: vi.fn() };
    other.emit('will-navigate', away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { preventDefault: vi.fn() };
    other.emit('will-navigate', inside, 'app://yichuang/apply');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    expect(other.setWindowOpenHandler.mock.calls[0]![0]()).toEqual({ action: 'deny' });

    const answers: boolean[] = [];
    const ask = (permission: string, mediaTypes: string[]) =>
      rec.permissionRequest!(contents(), permission, (granted: boolean) => answers.push(granted), {
        requestingUrl: 'app://yichuang/',
        mediaTypes,
      });
    ask('media', ['video']);
    ask('media', ['audio']);
    ask('geolocation', []);
    expect(answers).toEqual([true, false, false]);
    expect(
      rec.permissionCheck!(null, 'media', 'app://yichuang', { mediaType: 'video', isMainFrame: true }),
    ).toBe(true);
    expect(rec.permissionCheck!(null, 'notifications', 'app://yichuang', { isMainFrame: true })).toBe(false);
  });

  it('serves the renderer through app:// with the CSP', async () => {
    const res = await rec.protocolHandlers.get('app')!(new Request('app://yichuang/../../package.json'));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('stops the host before quitting', async () => {
    const beforeQuit = rec.appHandlers.get('before-quit')![0]!;
    const event = { preventDefault: vi.fn() };
    beforeQuit(event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(rec.quits).toBe(1), { timeout: 10_000 });
  });
});
