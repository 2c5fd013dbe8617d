// The real WebSocket adapter and driver against the simulator's WebSocket service on 127.0.0.1 (and against
// small hand-made services for the shapes the simulator never sends).
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import { waitForStatus } from '../testing/wait.js';
import { createHttpDocumentCamera } from './driver.js';
import { inspectImage } from './image-info.js';
import { startDocumentCameraSimulator } from './simulator.js';
import { createWsCaptureAdapter, DEFAULT_WS_CAPTURE } from './ws-adapter.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function camera(url: string, opts: { captureTimeoutMs?: number; maxBytes?: number } = {}) {
  const cam = createHttpDocumentCamera({
    deviceId: 'document-camera',
    adapter: createWsCaptureAdapter({ ...DEFAULT_WS_CAPTURE, url }),
    timeouts: { captureTimeoutMs: opts.captureTimeoutMs ?? 5_000, probeIntervalMs: 200, probeTimeoutMs: 1_000 },
    ...(opts.maxBytes ? { limits: { maxBytes: opts.maxBytes, maxSide: 8000 } } : {}),
  });
  cleanups.push(() => cam.stop());
  return cam;
}

/** A hand-made service answering every message with `reply`. */
async function service(reply: (message: string) => string | Buffer): Promise<string> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (s) => s.on('message', (m) => s.send(reply(String(m)))));
  cleanups.push(() => new Promise((r) => wss.close(() => r())));
  return `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
}

describe('document camera over WebSocket', () => {
  it('is ready, captures a generated page past an unrelated pushed message, with its real size', async () => {
    const sim = await startDocumentCameraSimulator();
    cleanups.push(() => sim.stop());
    const cam = camera(sim.wsUrl);
    const statuses: DeviceStatus['kind'][] = [];
    cam.onStatus((s) => statuses.push(s.kind));
    await cam.start();
    await waitForStatus(cam, 'ready');
    sim.place({ kind: 'document', document: 'business_licence' });
    const r = await cam.capture();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ mime: 'image/png', width: 1667, height: 1112 });
    expect(inspectImage(r.value.image)).toEqual({ ok: true, value: { mime: 'image/png', width: 1667, height: 1112 } });
    expect(sim.captures()).toBe(1);
    expect(statuses).toEqual(['ready', 'busy', 'ready']);
  });

  it('goes no_device when the service goes away, names the address, and is ready again when it is back', async () => {
    const sim = await startDocumentCameraSimulator();
    cleanups.push(() => sim.stop());
    const cam = camera(sim.wsUrl);
    await cam.start();
    await waitForStatus(cam, 'ready');
    await sim.stop();
    const r = await cam.capture();
    expect(r).toMatchObject({ ok: false, error: { code: 'no_device', detail: expect.stringContaining(sim.wsUrl) } });
    expect(r.ok || r.error.message.zh).toContain('高拍仪');
    await waitForStatus(cam, 'no_device');
    await sim.start();
    await waitForStatus(cam, 'ready');
    expect((await cam.capture()).ok).toBe(true);
  });

  it('times out on a capture that never answers, then captures again', async () => {
    const sim = await startDocumentCameraSimulator();
    cleanups.push(() => sim.stop());
    const cam = camera(sim.wsUrl, { captureTimeoutMs: 300 });
    await cam.start();
    sim.setCaptureDelay(2_000);
    expect(await cam.capture()).toMatchObject({ ok: false, error: { code: 'timeout' } });
    sim.setCaptureDelay(0);
    expect((await cam.capture()).ok).toBe(true);
  });

  it('refuses an image over the limit, a reply that is not JSON, and base64 that is not an image', async () => {
    const sim = await startDocumentCameraSimulator();
    cleanups.push(() => sim.stop());
    const small = camera(sim.wsUrl, { maxBytes: 10_000 });
    await small.start();
    expect(await small.capture()).toMatchObject({ ok: false, error: { code: 'image_too_large' } });

    const garbled = camera(await service(() => 'not json at all'));
    await garbled.start();
    expect(await garbled.capture()).toMatchObject({ ok: false, error: { code: 'bad_response', detail: expect.stringContaining('not JSON') } });

    const notImage = camera(await service(() => JSON.stringify({ data: { image: Buffer.from('hello, not a picture').toString('base64') } })));
    await notImage.start();
    const r = await notImage.capture();
    expect(r.ok).toBe(false);
    expect(r.ok || r.error.code).toMatch(/image_format|bad_response/);
  });
});
