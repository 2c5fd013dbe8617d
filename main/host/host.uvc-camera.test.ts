// The UVC document camera belongs to the screen: the host shows what the renderer reports of it as the
// 'document-camera' device (staff panel, device-status events, heartbeats), with its last error, changed
// only when the report changes. Through the real dispatcher, so the parameters are checked as in production.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { profilePath, validateKioskConfig } from '../../kiosk-config/load.js';
import type { KioskConfig } from '../../kiosk-config/types.js';
import type { TerminalEvent } from '../api/terminal-api.js';
import { createDispatcher } from '../transport/dispatcher.js';
import { createTerminalHost, type TerminalHost } from './host.js';
import { fakeRig } from './test-fakes.js';

function config(documentCamera: unknown): KioskConfig {
  const raw = JSON.parse(readFileSync(profilePath('service-hall-kiosk'), 'utf8')) as Record<string, unknown>;
  const loaded = validateKioskConfig({ ...raw, devices: { documentCamera } });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  return loaded.value;
}

const UVC = { transport: { kind: 'uvc', label: 'Document Camera' } };

let dataDir: string;
let host: TerminalHost | null = null;
let events: TerminalEvent[];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'yichuang-host-uvc-'));
  events = [];
});
afterEach(async () => {
  await host?.stop();
  host = null;
  rmSync(dataDir, { recursive: true, force: true });
});

async function boot(documentCamera: unknown): Promise<TerminalHost> {
  host = createTerminalHost({ config: config(documentCamera), dataDir, version: 'test', factories: fakeRig().factories });
  host.onEvent((e) => events.push(e));
  await host.start();
  return host;
}

const camera = (h: TerminalHost) => h.getDeviceHealth().devices.find((d) => d.deviceId === 'document-camera');
const cameraEvents = () => events.filter((e) => e.type === 'device-status' && e.report.deviceId === 'document-camera');

describe('the screen reports its UVC document camera', () => {
  it('is starting until the screen reports; then each change is a status with its last error, in the panel, the events and the audit', async () => {
    const h = await boot(UVC);
    expect(camera(h)).toMatchObject({ deviceClass: 'document-camera', status: { kind: 'starting' } });
    expect((await h.api.getDeviceStatuses()).map((d) => [d.deviceId, d.status.kind])).toContainEqual(['document-camera', 'starting']);

    expect(await h.api.reportUvcCamera({ state: { kind: 'present', label: 'USB Document Camera (1bcf:2c9a)' } })).toEqual({ ok: true, value: null });
    expect(camera(h)?.status).toEqual({ kind: 'ready' });
    // The same state again is no change: no event.
    await h.api.reportUvcCamera({ state: { kind: 'present', label: 'USB Document Camera (1bcf:2c9a)' } });
    expect(cameraEvents()).toHaveLength(1);

    await h.api.reportUvcCamera({ state: { kind: 'in_use', detail: 'getUserMedia: NotReadableError' } });
    expect(camera(h)).toMatchObject({ status: { kind: 'error', code: 'in_use' }, lastError: 'in_use: getUserMedia: NotReadableError' });
    await h.api.reportUvcCamera({ state: { kind: 'permission_denied', detail: 'camera permission state: denied' } });
    expect(camera(h)).toMatchObject({ status: { kind: 'error', code: 'permission_denied' }, lastError: 'permission_denied: camera permission state: denied' });
    await h.api.reportUvcCamera({ state: { kind: 'not_found', detail: 'enumerateDevices lists no video input' } });
    expect(camera(h)?.status).toEqual({ kind: 'no_device', detail: 'enumerateDevices lists no video input' });

    // Back again: ready, and the last error is kept for staff with its time.
    await h.api.reportUvcCamera({ state: { kind: 'present' } });
    const back = camera(h)!;
    expect(back.status).toEqual({ kind: 'ready' });
    expect(back.lastError).toBe('no_device: enumerateDevices lists no video input');
    expect(Date.parse(back.lastErrorAt!)).toBeLessThanOrEqual(Date.parse(back.since));
    expect(cameraEvents().map((e) => e.type === 'device-status' && e.report.status.kind)).toEqual(['ready', 'error', 'error', 'no_device', 'ready']);

    const audit = readdirSync(join(dataDir, 'audit')).map((f) => readFileSync(join(dataDir, 'audit', f), 'utf8')).join('');
    expect(audit).toContain('"deviceId":"document-camera","deviceClass":"document-camera","status":"error","code":"in_use"');
  });

  it('is in the start-up self-check, written to the audit log, once the screen has reported it', async () => {
    const h = await boot(UVC);
    await h.api.reportUvcCamera({ state: { kind: 'not_found', detail: 'enumerateDevices lists no video input' } });
    const check = await h.devices.selfCheck();
    expect(check.devices.find((d) => d.deviceId === 'document-camera')).toMatchObject({ status: { kind: 'no_device' }, reopenCount: 0 });
    const audit = readdirSync(join(dataDir, 'audit')).map((f) => readFileSync(join(dataDir, 'audit', f), 'utf8')).join('');
    const line = audit.split('\n').find((l) => l.includes('"device.selfcheck"'));
    expect(line).toContain('{"deviceId":"document-camera","deviceClass":"document-camera","status":"no_device"}');
  });

  it('is refused, in both languages, on a terminal whose document camera is not a UVC one; a disabled UVC camera stays disabled', async () => {
    const sim = await boot({ transport: { kind: 'simulated' } });
    const refused = await sim.api.reportUvcCamera({ state: { kind: 'present' } });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('no_uvc_camera');
      expect(refused.error.message.zh).toContain('高拍仪');
      expect(refused.error.message.en).toContain('UVC');
    }
    await sim.stop();

    const off = await boot({ enabled: false, transport: { kind: 'uvc' } });
    expect((await off.api.reportUvcCamera({ state: { kind: 'present' } })).ok).toBe(false);
    expect(camera(off)?.status).toEqual({ kind: 'disabled' });
  });

  it('checks the report at the edge: an unknown state or an over-long detail never reaches the host', async () => {
    const h = await boot(UVC);
    const dispatch = createDispatcher(h.api);
    const unknown = await dispatch({ id: 1, method: 'reportUvcCamera', params: [{ state: { kind: 'gone' } }] });
    expect(unknown).toMatchObject({ id: 1, ok: false, fault: expect.stringContaining('bad params for reportUvcCamera') });
    const long = await dispatch({ id: 2, method: 'reportUvcCamera', params: [{ state: { kind: 'in_use', detail: 'x'.repeat(301) } }] });
    expect(long).toMatchObject({ id: 2, ok: false, fault: expect.stringContaining('state.detail') });
    expect(camera(h)?.status).toEqual({ kind: 'starting' });
    expect(await dispatch({ id: 3, method: 'reportUvcCamera', params: [{ state: { kind: 'present' } }] })).toMatchObject({ id: 3, ok: true, result: { ok: true } });
    expect(camera(h)?.status).toEqual({ kind: 'ready' });
  });
});
