import { BehaviorSubject } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import type { TerminalApi, TerminalEvent, TerminalInfo } from '../../../main/api/terminal-api.js';
import type { TerminalDatabase } from '../data/database.js';
import type { HostConnection, HostConnectionState } from '../host-api/index.js';
import { bootTerminal, type BootState } from './boot.js';

const info: TerminalInfo = {
  terminalId: 'T0001',
  displayName: { zh: '一号机', en: 'Terminal 1' },
  profile: 'service_hall_kiosk',
  platformUrl: 'http://127.0.0.1:7720',
  heartbeatSeconds: 60,
  localDataKey: 'local-data-key-0001',
  idleTimeoutSeconds: 120,
  offlineLimits: { maxQueued: 500, maxOldestAgeMinutes: 4320 },
  purgeRetentionHours: 24,
  input: 'touch',
  signature: 'drawn',
  endSessionOnCardRemoval: false,
  simulation: true,
  documentCamera: { kind: 'host' },
  keyboardWedge: { maxInterKeyMs: 30, minLength: 6, suffixKey: 'Enter' },
  version: '0.1.0',
};

function fakeHost(getTerminalInfo: () => Promise<TerminalInfo>) {
  const connection$ = new BehaviorSubject<HostConnectionState>({ status: 'connecting', transport: 'websocket', attempt: 0, lastError: null });
  const host: HostConnection = {
    api: { getTerminalInfo } as unknown as TerminalApi,
    onEvent: () => () => undefined,
    connection$,
    close: () => undefined,
  };
  return { host, connection$ };
}

const fakeData = { close: async () => undefined } as unknown as TerminalDatabase;

function phases(store: ReturnType<typeof bootTerminal>): BootState['phase'][] {
  const seen: BootState['phase'][] = [store.getSnapshot().phase];
  store.subscribe(() => {
    const phase = store.getSnapshot().phase;
    if (seen.at(-1) !== phase) seen.push(phase);
  });
  return seen;
}

describe('boot', () => {
  it('waits for the host, reads the settings, opens the data with the host key, starts replication', async () => {
    const { host, connection$ } = fakeHost(async () => info);
    const openDatabase = vi.fn(async () => fakeData);
    const startReplication = vi.fn(() => ({
      state$: new BehaviorSubject({ online: true, waiting: 0, oldestWaitingSince: null, held: 0, lastSyncAt: null, lastError: null }),
      held$: new BehaviorSubject([]),
      resendHeld: async () => ({ kind: 'not_held' as const }),
      handOverHeld: async () => null,
      kick: () => undefined,
      awaitInSync: async () => undefined,
      stop: async () => undefined,
    }));
    const store = bootTerminal({ createConnection: () => host, openDatabase, startReplication });
    const seen = phases(store);
    await Promise.resolve();
    expect(store.getSnapshot().phase).toBe('connecting');
    connection$.next({ ...connection$.value, status: 'open' });
    await vi.waitFor(() => expect(store.getSnapshot().phase).toBe('ready'));
    expect(seen).toEqual(['connecting', 'opening-data', 'ready']);
    expect(openDatabase).toHaveBeenCalledWith({ terminalId: 'T0001', password: 'local-data-key-0001' });
    expect(startReplication).toHaveBeenCalledWith(fakeData, info, host.api);
  });

  it('takes new settings from the host while running (an operator changed them on the platform)', async () => {
    const { host, connection$ } = fakeHost(async () => info);
    const listeners = new Set<(e: TerminalEvent) => void>();
    const withEvents: HostConnection = { ...host, onEvent: (l) => (listeners.add(l), () => listeners.delete(l)) };
    const store = bootTerminal({
      createConnection: () => withEvents,
      openDatabase: async () => fakeData,
      startReplication: () => ({ state$: new BehaviorSubject({ online: true, waiting: 0, oldestWaitingSince: null, held: 0, lastSyncAt: null, lastError: null }), held$: new BehaviorSubject([]), resendHeld: async () => ({ kind: 'not_held' as const }), handOverHeld: async () => null, kick: () => undefined, awaitInSync: async () => undefined, stop: async () => undefined }),
    });
    connection$.next({ ...connection$.value, status: 'open' });
    await vi.waitFor(() => expect(store.getSnapshot().phase).toBe('ready'));
    const changed: TerminalInfo = { ...info, idleTimeoutSeconds: 45, offlineLimits: { maxQueued: 10, maxOldestAgeMinutes: 60 }, purgeRetentionHours: 2 };
    for (const l of listeners) l({ type: 'terminal-info', info: changed });
    const snapshot = store.getSnapshot();
    expect(snapshot.phase === 'ready' && snapshot.terminal.info).toEqual(changed);
  });

  it('keeps taking applications when replication cannot start', async () => {
    const { host, connection$ } = fakeHost(async () => info);
    connection$.next({ ...connection$.value, status: 'open' });
    const store = bootTerminal({
      createConnection: () => host,
      openDatabase: async () => fakeData,
      startReplication: () => {
        throw new Error('bad platform url');
      },
    });
    await vi.waitFor(() => expect(store.getSnapshot().phase).toBe('ready'));
    const state = store.getSnapshot();
    if (state.phase !== 'ready') throw new Error('not ready');
    let lastError: string | null = null;
    state.terminal.replication.state$.subscribe((s) => (lastError = s.lastError));
    expect(lastError).toBe('bad platform url');
  });

  it('shows a failure (not a blank page) when the local data cannot be opened', async () => {
    const { host, connection$ } = fakeHost(async () => info);
    connection$.next({ ...connection$.value, status: 'open' });
    const store = bootTerminal({
      createConnection: () => host,
      openDatabase: async () => {
        throw new Error('DB1 wrong password');
      },
    });
    await vi.waitFor(() => expect(store.getSnapshot().phase).toBe('failed'));
  });
});
