// The real HTTP adapter and driver against the simulator over a real socket on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../sync/protocol/device-health.js';
import { waitForStatus } from '../testing/wait.js';
import { createHttpDocumentCamera } from './driver.js';
import { createHttpCaptureAdapter, DEFAULT_HTTP_CAPTURE } from './http-adapter.js';
import { inspectImage } from './image-info.js';
import { SIMULATOR_JSON_FIELD, startDocumentCameraSimulator, type DocumentCameraSimulator } from './simulator.js';
import type { DocumentCamera } from './camera.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rig(opts: { shape?: 'binary' | 'json-base64'; captureTimeoutMs?: number; probeIntervalMs?: number; maxBytes?: number } = {}) {
  const sim = await startDocumentCameraSimulator({ shape: opts.shape ?? 'binary' });
  cleanups.push(() => sim.stop());
  const camera = makeCamera(sim, opts);
  const statuses: DeviceStatus['kind'][] = [];
  camera.onStatus((s) => statuses.push(s.kind));
  await camera.start();
  cleanups.push(() => camera.stop());
  return { sim, camera, statuses };
}

function makeCamera(sim: DocumentCameraSimulator, opts: { shape?: string; captureTimeoutMs?: number; probeIntervalMs?: number; maxBytes?: number }): DocumentCamera {
  return createHttpDocumentCamera({
    deviceId: 'document-camera',
    adapter: createHttpCaptureAdapter({
      ...DEFAULT_HTTP_CAPTURE,
      baseUrl: sim.baseUrl,
      response: opts.shape === 'json-base64' ? { kind: 'json-base64', field: SIMULATOR_JSON_FIELD } : { kind: 'binary' },
    }),
    timeouts: { captureTimeoutMs: opts.captureTimeoutMs ?? 5_000, probeIntervalMs: opts.probeIntervalMs ?? 5_000, probeTimeoutMs: 1_000 },
    ...(opts.maxBytes ? { limits: { maxBytes: opts.maxBytes, maxSide: 8000 } } : {}),
  });
}

describe('document camera over HTTP against the simulator', () => {
  it('is ready, captures a generated page as PNG with its size, and is ready again', async () => {
    const { sim, camera, statuses } = await rig();
    expect(camera.status().kind).toBe('ready');
    sim.place({ kind: 'document', document: 'business_licence' });
    const r = await camera.capture();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ mime: 'image/png', width: 1667, height: 1112 });
    expect(inspectImage(r.value.image)).toEqual({ ok: true, value: { mime: 'image/png', width: 1667, height: 1112 } });
    expect(statuses).toEqual(['ready', 'busy', 'ready']);
  });

  it('reads the JSON/base64 shape some vendors use', async () => {
    const { camera } = await rig({ shape: 'json-base64' });
    const r = await camera.capture();
    expect(r.ok && r.value.width).toBe(1667);
  });

  it('gives up after the capture timeout with a timeout error, and captures again afterwards', async () => {
    const { sim, camera } = await rig({ captureTimeoutMs: 300 });
    sim.setCaptureDelay(2_000);
    const started = Date.now();
    const r = await camera.capture();
    expect(r).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(1_500);
    sim.setCaptureDelay(0);
    expect((await camera.capture()).ok).toBe(true);
  });

  it('refuses an oversize body while it streams, and an image whose header declares more than 8000 px', async () => {
    const { sim, camera } = await rig({ maxBytes: 64 * 1024 });
    sim.place({ kind: 'document', document: 'passport_page' }); // ~100 kB PNG: over the 64 kB limit here
    expect(await camera.capture()).toMatchObject({ ok: false, error: { code: 'image_too_large' } });

    const huge = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).copy(huge);
    huge.write('IHDR', 12, 'latin1');
    huge.writeUInt32BE(9000, 16);
    huge.writeUInt32BE(9000, 20);
    sim.place({ kind: 'bytes', bytes: huge, contentType: 'image/png' });
    const r = await camera.capture();
    expect(r).toMatchObject({ ok: false, error: { code: 'image_dimensions' } });
    if (!r.ok) expect(r.error.message.zh).toContain('8000');

    sim.place({ kind: 'bytes', bytes: Buffer.from('<html>error</html>'), contentType: 'image/jpeg' });
    expect(await camera.capture()).toMatchObject({ ok: false, error: { code: 'image_format' } });
  });

  it('reports no_device when the service goes away, and ready again when it comes back', async () => {
    const { sim, camera, statuses } = await rig({ probeIntervalMs: 100 });
    await sim.stop();
    const r = await camera.capture();
    expect(r).toMatchObject({ ok: false, error: { code: 'no_device' } });
    if (!r.ok) expect(r.error.message.en).toContain('not connected');
    expect(camera.status().kind).toBe('no_device');
    await sim.start();
    await waitForStatus(camera, 'ready', 3_000);
    expect(statuses).toContain('no_device');
    expect((await camera.capture()).ok).toBe(true);
  });

  it('starts as no_device when nothing listens, and refuses a second capture while one runs', async () => {
    const sim = await startDocumentCameraSimulator();
    await sim.stop();
    const camera = makeCamera(sim, {});
    await camera.start();
    cleanups.push(() => camera.stop());
    expect(camera.status().kind).toBe('no_device');

    const { sim: sim2, camera: busyCamera } = await rig();
    sim2.setCaptureDelay(300);
    const first = busyCamera.capture();
    expect(await busyCamera.capture()).toMatchObject({ ok: false, error: { code: 'busy' } });
    expect((await first).ok).toBe(true);
  });
});
